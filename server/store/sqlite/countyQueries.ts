// Counties, province and dataset rows of a database that may hold several counties.
import type { Database } from 'better-sqlite3';
import type { AreaGeometry, Dataset } from '../../model.ts';
import {
  type CountyOverview, type CountySummary, type DatasetInfo, type ProvinceSummary, type TownshipSummary,
} from '../store.ts';
import {
  COUNTY_OVERVIEW_SQL, combineDatasetInfo, countyOverview, openCountsByCounty, provinceSummary,
  townshipSummary, type CountyOverviewRow, type StoredDataset, type TownshipSummaryRow, type StoredTerritory,
} from '../countyRules.ts';
import { selectOpenCounts } from './issueQueries.ts';

export function selectStoredDatasets(db: Database): StoredDataset[] {
  const rows = db.prepare('SELECT id, county_code, attribution, synthetic_layers, seeded_at FROM datasets ORDER BY county_code, id').all() as Array<{
    id: string; county_code: string; attribution: string; synthetic_layers: string; seeded_at: string;
  }>;
  return rows.map((row) => ({
    id: row.id,
    countyCode: row.county_code,
    attribution: row.attribution,
    syntheticLayers: JSON.parse(row.synthetic_layers) as string[],
    seededAt: row.seeded_at,
  }));
}

export function selectDatasetInfo(db: Database): DatasetInfo | null {
  return combineDatasetInfo(selectStoredDatasets(db));
}

export function selectStoredTerritory(db: Database): StoredTerritory {
  const datasets = (db.prepare('SELECT id, county_code FROM datasets').all() as Array<{ id: string; county_code: string }>).map((row) => ({
    id: row.id,
    countyCode: row.county_code,
  }));
  const countyCodes = (db.prepare('SELECT code FROM counties ORDER BY code').all() as Array<{ code: string }>).map((row) => row.code);
  const province = db.prepare('SELECT code FROM provinces LIMIT 1').get() as { code: string } | undefined;
  return { datasets, countyCodes, provinceCode: province?.code ?? null };
}

/** Stores the dataset's province the first time one is named; the caller has checked it agrees. */
export function writeProvince(db: Database, province: Dataset['province']): void {
  if (!province) return;
  db.prepare('INSERT INTO provinces (code, name) VALUES (?, ?) ON CONFLICT (code) DO NOTHING').run(province.code, province.name.trim());
}

export function selectCounty(db: Database, code?: string): CountySummary | null {
  const row = (
    code === undefined
      ? db.prepare('SELECT code, name, geometry FROM counties ORDER BY code LIMIT 1').get()
      : db.prepare('SELECT code, name, geometry FROM counties WHERE code = ?').get(code)
  ) as { code: string; name: string; geometry: string } | undefined;
  return row ? { code: row.code, name: row.name, geometry: JSON.parse(row.geometry) as AreaGeometry } : null;
}

export function countyExists(db: Database, code: string): boolean {
  return db.prepare('SELECT 1 FROM counties WHERE code = ?').get(code) !== undefined;
}

export function selectCounties(db: Database): CountyOverview[] {
  const rows = db.prepare(COUNTY_OVERVIEW_SQL).all() as CountyOverviewRow[];
  const open = openCountsByCounty(selectOpenCounts(db, 'township_code'));
  return rows.map((row) => countyOverview(row, open));
}

export function selectProvince(db: Database): ProvinceSummary | null {
  const counties = db.prepare('SELECT min(code) AS first, count(*) AS n FROM counties').get() as { first: string | null; n: number };
  const stored = db.prepare('SELECT code, name FROM provinces LIMIT 1').get() as { code: string; name: string } | undefined;
  return provinceSummary(stored ?? null, counties.first, counties.n);
}

/** Townships sorted by code, only those of one county when `countyCode` is given. */
export function selectTownships(db: Database, countyCode?: string): TownshipSummary[] {
  const rows = db
    .prepare(
      `SELECT t.code, t.name, t.geometry,
         (SELECT count(*) FROM grids g WHERE g.township_code = t.code AND g.valid_to_version IS NULL) AS grid_count,
         (SELECT coalesce(sum(households), 0) FROM grids g WHERE g.township_code = t.code AND g.valid_to_version IS NULL) AS households
       FROM townships t ${countyCode !== undefined ? 'WHERE t.county_code = ?' : ''} ORDER BY t.code`,
    )
    .all(...(countyCode !== undefined ? [countyCode] : [])) as TownshipSummaryRow[];
  const open = selectOpenCounts(db, 'township_code', countyCode !== undefined ? { column: 'county', value: countyCode } : undefined);
  return rows.map((row) => townshipSummary(row, open));
}
