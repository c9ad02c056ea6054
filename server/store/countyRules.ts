// Rules of a database holding several counties (a province seeded county by county), shared by the backends.
import { createHash } from 'node:crypto';
import { TIERS, type AreaGeometry, type Dataset } from '../model.ts';
import { emptyTierCounts, type CountyOverview, type DatasetInfo, type ProvinceSummary, type TierCounts, type TownshipSummary } from './store.ts';

/** One stored dataset as the backends read it back. */
export interface StoredDataset {
  id: string;
  countyCode: string;
  attribution: string;
  syntheticLayers: string[];
  seededAt: string;
}

/** What is already stored, as far as adding a county is concerned. */
export interface StoredTerritory {
  datasets: Array<{ id: string; countyCode: string }>;
  /** Every stored county code (a county may have been stored without a dataset row by old schemas). */
  countyCodes: string[];
  /** The stored province code, or null when no dataset named one. */
  provinceCode: string | null;
}

export type SeedDecision = { action: 'already_stored' } | { action: 'add' } | { action: 'conflict'; reason: string };

/**
 * Same content already stored → nothing to do; the county already stored under other content, or
 * a province other than the stored one (or one its stored counties do not lie in) → conflict.
 */
export function decideSeed(dataset: Dataset, id: string, stored: StoredTerritory): SeedDecision {
  if (stored.datasets.some((row) => row.id === id)) return { action: 'already_stored' };
  const county = dataset.county.code;
  const sameCounty = stored.datasets.find((row) => row.countyCode === county);
  if (sameCounty) {
    return { action: 'conflict', reason: `database already holds county ${county} as dataset ${sameCounty.id.slice(0, 12)}, not ${id.slice(0, 12)}` };
  }
  if (stored.countyCodes.includes(county)) return { action: 'conflict', reason: `database already holds county ${county}` };
  const province = dataset.province?.code ?? null;
  if (stored.provinceCode !== null) {
    if (province !== null && province !== stored.provinceCode) {
      return { action: 'conflict', reason: `database holds province ${stored.provinceCode}, not ${province}` };
    }
    if (!county.startsWith(stored.provinceCode)) {
      return { action: 'conflict', reason: `county ${county} is not in the stored province ${stored.provinceCode}` };
    }
  } else if (province !== null) {
    const outside = stored.countyCodes.find((code) => !code.startsWith(province));
    if (outside) return { action: 'conflict', reason: `stored county ${outside} is not in province ${province}` };
  }
  return { action: 'add' };
}

/**
 * One description of everything stored: a single dataset keeps its own id; several get the hash
 * of their sorted ids, the first county by code, their distinct attributions and synthetic layers.
 */
export function combineDatasetInfo(datasets: readonly StoredDataset[]): DatasetInfo | null {
  if (datasets.length === 0) return null;
  const byCounty = [...datasets].sort((a, b) => (a.countyCode < b.countyCode ? -1 : a.countyCode > b.countyCode ? 1 : 0));
  const first = byCounty[0];
  if (byCounty.length === 1) return { ...first, syntheticLayers: [...first.syntheticLayers], countyCount: 1 };
  const ids = byCounty.map((row) => row.id).sort();
  return {
    id: createHash('sha256').update(ids.join('\n')).digest('hex'),
    countyCode: first.countyCode,
    attribution: [...new Set(byCounty.map((row) => row.attribution))].join(' · '),
    syntheticLayers: [...new Set(byCounty.flatMap((row) => row.syntheticLayers))],
    seededAt: byCounty.map((row) => row.seededAt).sort().at(-1) as string,
    countyCount: byCounty.length,
  };
}

/** The province of the stored counties; null when none is stored. */
export function provinceSummary(
  stored: { code: string; name: string } | null,
  firstCountyCode: string | null,
  countyCount: number,
): ProvinceSummary | null {
  if (firstCountyCode === null || countyCount === 0) return null;
  if (stored) return { code: stored.code, name: stored.name, countyCount };
  const code = firstCountyCode.slice(0, 2);
  return { code, name: code, countyCount };
}

/** Every county with its township count, current grids and households (the same SQL on both backends). */
export const COUNTY_OVERVIEW_SQL = `SELECT c.code, c.name, c.geometry,
         (SELECT count(*) FROM townships t WHERE t.county_code = c.code) AS township_count,
         coalesce(g.grid_count, 0) AS grid_count, coalesce(g.households, 0) AS households
       FROM counties c
       LEFT JOIN (
         SELECT substr(township_code, 1, 6) AS county_code, count(*) AS grid_count, sum(households) AS households
         FROM grids WHERE valid_to_version IS NULL GROUP BY substr(township_code, 1, 6)
       ) g ON g.county_code = c.code
       ORDER BY c.code`;

export interface CountyOverviewRow {
  code: string;
  name: string;
  geometry: string;
  township_count: number;
  grid_count: number;
  households: number;
}

/** Open problems per township summed under each county (the first six digits of the code). */
export function openCountsByCounty(byTownship: Iterable<[string, TierCounts]>): Map<string, TierCounts> {
  const counts = new Map<string, TierCounts>();
  for (const [township, open] of byTownship) {
    const county = township.slice(0, 6);
    let entry = counts.get(county);
    if (!entry) counts.set(county, (entry = emptyTierCounts()));
    for (const tier of TIERS) entry[tier] += open[tier];
  }
  return counts;
}

export function countyOverview(row: CountyOverviewRow, openByCounty: ReadonlyMap<string, TierCounts>): CountyOverview {
  return {
    code: row.code,
    name: row.name,
    geometry: JSON.parse(row.geometry) as AreaGeometry,
    townshipCount: row.township_count,
    gridCount: row.grid_count,
    households: row.households,
    openIssues: openByCounty.get(row.code) ?? emptyTierCounts(),
  };
}

export interface TownshipSummaryRow {
  code: string;
  name: string;
  geometry: string;
  grid_count: number;
  households: number;
}

export function townshipSummary(row: TownshipSummaryRow, openByTownship: ReadonlyMap<string, TierCounts>): TownshipSummary {
  return {
    code: row.code,
    name: row.name,
    geometry: JSON.parse(row.geometry) as AreaGeometry,
    gridCount: row.grid_count,
    households: row.households,
    openIssues: openByTownship.get(row.code) ?? emptyTierCounts(),
  };
}
