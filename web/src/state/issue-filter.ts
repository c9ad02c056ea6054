// Which issue points the map shows: the dashboard's filters applied to the column-wise points.
import type { IssuePointColumns, TierCounts } from '../api/types.ts';
import type { StatusFilter } from './url-state.ts';
import type { Tier } from './tiers.ts';

export interface PointFilter {
  tiers: readonly Tier[];
  status: StatusFilter;
  /** Earliest reportedAt (UTC ISO instant), inclusive; null for no bound. */
  fromInstant: string | null;
  category: string | null;
}

function matchesExceptTier(columns: IssuePointColumns, index: number, filter: PointFilter): boolean {
  switch (filter.status) {
    case 'open':
      if (columns.status[index] !== 'open') return false;
      break;
    case 'closed':
      if (columns.status[index] !== 'closed') return false;
      break;
    case 'overdue':
      if (!columns.overdue[index]) return false;
      break;
    case 'all':
      break;
  }
  // ISO instants in the same UTC format compare correctly as strings.
  if (filter.fromInstant !== null && new Date(columns.reportedAt[index]).toISOString() < filter.fromInstant) return false;
  if (filter.category !== null && columns.category[index] !== filter.category) return false;
  return true;
}

/** Indices of the points that pass every filter, tiers included. */
export function selectPoints(columns: IssuePointColumns, filter: PointFilter): number[] {
  const tiers = new Set(filter.tiers);
  const selected: number[] = [];
  for (let index = 0; index < columns.id.length; index++) {
    if (tiers.has(columns.tier[index]) && matchesExceptTier(columns, index, filter)) selected.push(index);
  }
  return selected;
}

/** Points per tier under every filter but the tier toggles, optionally in one township: the legend's counts. */
export function countByTier(columns: IssuePointColumns, filter: PointFilter, townshipCode: string | null = null): TierCounts {
  const counts: TierCounts = { red: 0, orange: 0, yellow: 0 };
  for (let index = 0; index < columns.id.length; index++) {
    if (townshipCode !== null && columns.townshipCode[index] !== townshipCode) continue;
    if (matchesExceptTier(columns, index, filter)) counts[columns.tier[index]] += 1;
  }
  return counts;
}

/** Categories present in the data, most frequent first. */
export function categoriesOf(columns: IssuePointColumns): string[] {
  const counts = new Map<string, number>();
  for (const category of columns.category) counts.set(category, (counts.get(category) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([category]) => category);
}
