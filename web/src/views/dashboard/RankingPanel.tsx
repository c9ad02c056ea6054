// The ranking of the level below with its sort switch.
import type { StatsRow } from '../../api/types.ts';
import type { MessageKey } from '../../state/i18n.ts';
import { RANKING_KEYS, type RankingKey } from '../../state/ranking.ts';
import { useI18n } from '../common/i18n-context.tsx';
import { RankingList } from '../common/RankingList.tsx';

const SORT_LABEL: Record<RankingKey, MessageKey> = { open: 'sortOpen', overdue: 'sortOverdue', closeRate: 'sortCloseRate', density: 'sortDensity' };

export interface RankingPanelProps {
  level: 'province' | 'county' | 'township';
  rows: readonly StatsRow[] | undefined;
  sortKey: RankingKey;
  onSort: (key: RankingKey) => void;
  onSelect: (code: string) => void;
}

export function RankingPanel({ level, rows, sortKey, onSort, onSelect }: RankingPanelProps) {
  const { t } = useI18n();
  return (
    <section className="ranking-panel">
      <div className="panel-head">
        <h3>{t(level === 'province' ? 'rankingCounties' : level === 'county' ? 'rankingTownships' : 'rankingGrids')}</h3>
        <label className="sort">
          <span>{t('rankBy')}</span>
          <select value={sortKey} data-testid="ranking-sort" onChange={(event) => onSort(event.target.value as RankingKey)}>
            {RANKING_KEYS.map((key) => (
              <option key={key} value={key}>
                {t(SORT_LABEL[key])}
              </option>
            ))}
          </select>
        </label>
      </div>
      {rows ? <RankingList rows={rows} sortKey={sortKey} onSelect={onSelect} /> : <div className="muted">{t('loading')}</div>}
    </section>
  );
}
