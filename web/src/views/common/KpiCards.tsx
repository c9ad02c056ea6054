// The headline figures of the level on screen: problems from /api/stats, contact-day work from
// /api/fieldwork/stats. Each source may be missing on its own (still loading, or a store without
// fieldwork records); its cards then show no number.
import type { FieldworkStats, Stats } from '../../api/types.ts';
import { formatCount, formatRate } from '../../state/format.ts';
import type { MessageKey } from '../../state/i18n.ts';
import type { Lang } from '../../state/url-state.ts';
import { useI18n } from './i18n-context.tsx';

export interface Figures {
  stats: Stats | undefined;
  fieldwork: FieldworkStats | undefined;
}

interface Card {
  label: MessageKey;
  /** Null when the figure's source has not answered. */
  value: (figures: Figures, lang: Lang) => string | null;
  warn?: (figures: Figures) => boolean;
}

const CARDS = {
  collected: { label: 'collected', value: ({ stats }, lang) => (stats ? formatCount(lang, stats.collected) : null) },
  accepted: { label: 'accepted', value: ({ stats }, lang) => (stats ? formatCount(lang, stats.accepted) : null) },
  closed: { label: 'closed', value: ({ stats }, lang) => (stats ? formatCount(lang, stats.closed) : null) },
  'close-rate': { label: 'closeRate', value: ({ stats }, lang) => (stats ? formatRate(lang, stats.closeRate) : null) },
  'on-time-close-rate': { label: 'onTimeCloseRate', value: ({ stats }, lang) => (stats ? formatRate(lang, stats.onTimeCloseRate) : null) },
  overdue: { label: 'overdue', value: ({ stats }, lang) => (stats ? formatCount(lang, stats.overdue) : null), warn: ({ stats }) => (stats?.overdue ?? 0) > 0 },
  satisfaction: { label: 'satisfaction', value: ({ stats }, lang) => (stats ? formatRate(lang, stats.satisfactionRate) : null) },
  'rework-rate': { label: 'reworkRate', value: ({ stats }, lang) => (stats ? formatRate(lang, stats.reworkRate) : null) },
  'extension-rate': { label: 'extensionRate', value: ({ stats }, lang) => (stats ? formatRate(lang, stats.extensionRate) : null) },
  'people-received': { label: 'peopleReceived', value: ({ fieldwork }, lang) => (fieldwork ? formatCount(lang, fieldwork.peopleReceived) : null) },
  attendance: { label: 'attendance', value: ({ fieldwork }, lang) => (fieldwork ? formatRate(lang, fieldwork.attendanceRate) : null) },
  'contact-days': { label: 'contactDays', value: ({ fieldwork }, lang) => (fieldwork ? formatCount(lang, fieldwork.contactDays) : null) },
} satisfies Record<string, Card>;

export type KpiId = keyof typeof CARDS;

/** The dashboard's four rows of three: problems, their handling, their quality, the fieldwork. */
const PANEL_CARDS: readonly KpiId[] = [
  'collected', 'accepted', 'closed',
  'close-rate', 'on-time-close-rate', 'overdue',
  'satisfaction', 'rework-rate', 'extension-rate',
  'people-received', 'attendance', 'contact-days',
];

/** The wall has room for four rows of two large cards: the figures leaders ask for first. */
const WALL_CARDS: readonly KpiId[] = [
  'collected', 'closed',
  'close-rate', 'on-time-close-rate',
  'overdue', 'satisfaction',
  'people-received', 'attendance',
];

export function KpiCards({ stats, fieldwork, variant = 'panel' }: Figures & { variant?: 'panel' | 'wall' }) {
  const { lang, t } = useI18n();
  const figures: Figures = { stats, fieldwork };
  const ids = variant === 'wall' ? WALL_CARDS : PANEL_CARDS;
  return (
    <div className={`kpis kpis-${variant}`} data-testid="kpis">
      {ids.map((id) => {
        const card: Card = CARDS[id];
        return (
          <div key={id} className={`kpi ${card.warn?.(figures) ? 'kpi-warn' : ''}`}>
            <div className="kpi-label">{t(card.label)}</div>
            <div className="kpi-value" data-testid={`kpi-${id}`}>
              {card.value(figures, lang) ?? t('noData')}
            </div>
          </div>
        );
      })}
    </div>
  );
}
