// Ranking of the level below (townships of the county, grids of a township).
import type { StatsRow } from '../api/types.ts';

export type RankingKey = 'open' | 'overdue' | 'closeRate' | 'density';
export const RANKING_KEYS: readonly RankingKey[] = ['open', 'overdue', 'density', 'closeRate'];

export function openCount(row: Pick<StatsRow, 'openByTier'>): number {
  return row.openByTier.red + row.openByTier.orange + row.openByTier.yellow;
}

/** Open issues per 1,000 households; null without households. */
export function openDensity(row: Pick<StatsRow, 'openByTier' | 'households'>): number | null {
  return row.households > 0 ? (openCount(row) * 1000) / row.households : null;
}

/** The value a row is ranked by; larger is worse, except the close rate where smaller is worse. */
export function rankingValue(row: StatsRow, key: RankingKey): number | null {
  switch (key) {
    case 'open':
      return openCount(row);
    case 'overdue':
      return row.overdue;
    case 'closeRate':
      return row.closeRate;
    case 'density':
      return openDensity(row);
  }
}

/** Worst first; rows without a value last; ties broken by code so the order is stable. */
export function sortRanking(rows: readonly StatsRow[], key: RankingKey): StatsRow[] {
  const ascending = key === 'closeRate';
  return [...rows].sort((a, b) => {
    const va = rankingValue(a, key);
    const vb = rankingValue(b, key);
    if (va === null || vb === null) return va === vb ? a.code.localeCompare(b.code) : va === null ? 1 : -1;
    if (va !== vb) return ascending ? va - vb : vb - va;
    return a.code.localeCompare(b.code);
  });
}
