// The headline figures of the level on screen.
import type { Stats } from '../../api/types.ts';
import { formatCount, formatRate } from '../../state/format.ts';
import type { MessageKey } from '../../state/i18n.ts';
import { useI18n } from './i18n-context.tsx';

interface Card {
  id: string;
  label: MessageKey;
  value: (stats: Stats) => string;
  tone?: (stats: Stats) => 'warn' | 'good' | undefined;
}

export function KpiCards({ stats, variant = 'panel' }: { stats: Stats | undefined; variant?: 'panel' | 'wall' }) {
  const { lang, t } = useI18n();
  const cards: Card[] = [
    { id: 'collected', label: 'collected', value: (s) => formatCount(lang, s.collected) },
    { id: 'closed', label: 'closed', value: (s) => formatCount(lang, s.closed) },
    { id: 'close-rate', label: 'closeRate', value: (s) => formatRate(lang, s.closeRate) },
    { id: 'on-time-close-rate', label: 'onTimeCloseRate', value: (s) => formatRate(lang, s.onTimeCloseRate) },
    { id: 'overdue', label: 'overdue', value: (s) => formatCount(lang, s.overdue), tone: (s) => (s.overdue > 0 ? 'warn' : undefined) },
    { id: 'satisfaction', label: 'satisfaction', value: (s) => formatRate(lang, s.satisfactionRate) },
  ];
  return (
    <div className={`kpis kpis-${variant}`} data-testid="kpis">
      {cards.map((card) => (
        <div key={card.id} className={`kpi ${stats && card.tone?.(stats) === 'warn' ? 'kpi-warn' : ''}`}>
          <div className="kpi-label">{t(card.label)}</div>
          <div className="kpi-value" data-testid={`kpi-${card.id}`}>
            {stats ? card.value(stats) : t('noData')}
          </div>
        </div>
      ))}
    </div>
  );
}
