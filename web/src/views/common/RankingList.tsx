// Ranking of the level below; a row click drills down.
import type { StatsRow } from '../../api/types.ts';
import { formatCount, formatDecimal, formatRate } from '../../state/format.ts';
import { openCount, openDensity, sortRanking, type RankingKey } from '../../state/ranking.ts';
import { TIER_COLORS, TIER_ORDER } from '../../state/tiers.ts';
import { useI18n } from './i18n-context.tsx';

export interface RankingListProps {
  rows: readonly StatsRow[];
  sortKey: RankingKey;
  limit?: number;
  /** Code of the row to highlight (the wall's current tour stop). */
  active?: string | null;
  onSelect?: (code: string) => void;
}

function TierBar({ row, max }: { row: StatsRow; max: number }) {
  const total = openCount(row);
  return (
    <div className="tier-bar" style={{ width: `${max > 0 ? Math.max(4, (total / max) * 100) : 0}%` }}>
      {TIER_ORDER.map((tier) =>
        row.openByTier[tier] > 0 ? <span key={tier} style={{ flexGrow: row.openByTier[tier], background: TIER_COLORS[tier] }} /> : null,
      )}
    </div>
  );
}

export function RankingList({ rows, sortKey, limit, active, onSelect }: RankingListProps) {
  const { lang, t } = useI18n();
  const sorted = sortRanking(rows, sortKey).slice(0, limit ?? rows.length);
  const max = Math.max(0, ...sorted.map(openCount));
  const figure = (row: StatsRow) => {
    switch (sortKey) {
      case 'overdue':
        return formatCount(lang, row.overdue);
      case 'closeRate':
        return formatRate(lang, row.closeRate);
      case 'density':
        return formatDecimal(lang, openDensity(row), 1);
      default:
        return formatCount(lang, openCount(row));
    }
  };
  return (
    <ol className="ranking" data-testid="ranking">
      {sorted.map((row, index) => (
        <li key={row.code} className={row.code === active ? 'active' : undefined}>
          <button
            type="button"
            className="ranking-row"
            data-testid="ranking-row"
            data-code={row.code}
            disabled={!onSelect}
            onClick={() => onSelect?.(row.code)}
            title={`${row.name} · ${t('overdue')} ${formatCount(lang, row.overdue)} · ${t('closeRate')} ${formatRate(lang, row.closeRate)}`}
          >
            <span className="rank">{index + 1}</span>
            <span className="ranking-name">{row.name}</span>
            <span className="ranking-bar">
              <TierBar row={row} max={max} />
            </span>
            <span className="ranking-figure" data-testid="ranking-figure">
              {figure(row)}
            </span>
          </button>
        </li>
      ))}
    </ol>
  );
}
