// Status, time window and category filters.
import { categoryName, type MessageKey } from '../../state/i18n.ts';
import { STATUS_FILTERS, TIME_WINDOWS, type StatusFilter, type TimeWindow } from '../../state/url-state.ts';
import { useI18n } from '../common/i18n-context.tsx';

const STATUS_LABEL: Record<StatusFilter, MessageKey> = { open: 'statusOpen', overdue: 'statusOverdue', closed: 'statusClosed', all: 'statusAll' };
const WINDOW_LABEL: Record<TimeWindow, MessageKey> = { all: 'windowAll', '7d': 'window7d', '30d': 'window30d', '90d': 'window90d' };

export interface FiltersProps {
  status: StatusFilter;
  window: TimeWindow;
  category: string | null;
  categories: readonly string[];
  onChange: (change: { status?: StatusFilter; window?: TimeWindow; category?: string | null }) => void;
}

export function Filters({ status, window, category, categories, onChange }: FiltersProps) {
  const { lang, t } = useI18n();
  const options = category !== null && !categories.includes(category) ? [...categories, category] : categories;
  return (
    <section className="filters" aria-label={t('filters')} data-testid="filters">
      <div className="segmented" role="group" aria-label={t('status')}>
        {STATUS_FILTERS.map((option) => (
          <button key={option} type="button" aria-pressed={status === option} data-testid={`status-${option}`} onClick={() => onChange({ status: option })}>
            {t(STATUS_LABEL[option])}
          </button>
        ))}
      </div>
      <div className="filter-row">
        <label>
          <span>{t('window')}</span>
          <select value={window} data-testid="window-select" onChange={(event) => onChange({ window: event.target.value as TimeWindow })}>
            {TIME_WINDOWS.map((option) => (
              <option key={option} value={option}>
                {t(WINDOW_LABEL[option])}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('category')}</span>
          <select value={category ?? ''} data-testid="category-select" onChange={(event) => onChange({ category: event.target.value || null })}>
            <option value="">{t('categoryAll')}</option>
            {options.map((option) => (
              <option key={option} value={option}>
                {categoryName(lang, option)}
              </option>
            ))}
          </select>
        </label>
      </div>
    </section>
  );
}
