// Counties, province and dataset rows of a database that may hold several counties.
import type { AreaGeometry, Dataset } from '../../model.ts';
import { selectOpenCounts } from './issueQueries.ts';
import {
  type CountyOverview, type CountySummary, type DatasetInfo, type ProvinceSummary, type TownshipSummary,
} from '../store.ts';
import {
  COUNTY_OVERVIEW_SQL, combineDatasetInfo, countyOverview, openCountsByCounty, provinceSummary,
  townshipSummary, type CountyOverviewRow, type StoredDataset, type TownshipSummaryRow, type StoredTerritory,
} from '../countyRules.ts';
import type { Queryable } from './sql.ts';

export async function selectStoredDatasets(db: Queryable): Promise<StoredDataset[]> {
  const { rows } = await db.query<{ id: string; county_code: string; attribution: string; synthetic_layers: string; seeded_at: string }>(
    'SELECT id, county_code, attribution, synthetic_layers, seeded_at FROM datasets ORDER BY county_code, id',
  );
  return rows.map((row) => ({
    id: row.id,
    countyCode: row.county_code,
    attribution: row.attribution,
    syntheticLayers: JSON.parse(row.synthetic_layers) as string[],
    seededAt: row.seeded_at,
  }));
}

export async function selectDatasetInfo(db: Queryable): Promise<DatasetInfo | null> {
  return combineDatasetInfo(await selectStoredDatasets(db));
}

export async function selectStoredTerritory(db: Queryable): Promise<StoredTerritory> {
  // One query after another: inside a write this runs on the transaction's single connection.
  const datasets = await db.query<{ id: string; county_code: string }>('SELECT id, county_code FROM datasets');
  const counties = await db.query<{ code: string }>('SELECT code FROM counties ORDER BY code');
  const province = await db.query<{ code: string }>('SELECT code FROM provinces LIMIT 1');
  return {
    datasets: datasets.rows.map((row) => ({ id: row.id, countyCode: row.county_code })),
    countyCodes: counties.rows.map((row) => row.code),
    provinceCode: province.rows[0]?.code ?? null,
  };
}

/** Stores the dataset's province the first time one is named; the caller has checked it agrees. */
export async function writeProvince(db: Queryable, province: Dataset['province']): Promise<void> {
  if (!province) return;
  await db.query('INSERT INTO provinces (code, name) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING', [province.code, province.name.trim()]);
}

export async function selectCounty(db: Queryable, code?: string): Promise<CountySummary | null> {
  const { rows } = await db.query<{ code: string; name: string; geometry: string }>(
    `SELECT code, name, geometry FROM counties ${code === undefined ? '' : 'WHERE code = $1'} ORDER BY code LIMIT 1`,
    code === undefined ? [] : [code],
  );
  const row = rows[0];
  return row ? { code: row.code, name: row.name, geometry: JSON.parse(row.geometry) as AreaGeometry } : null;
}

export async function selectCounties(db: Queryable): Promise<CountyOverview[]> {
  const [{ rows }, open] = await Promise.all([
    db.query<CountyOverviewRow>(COUNTY_OVERVIEW_SQL),
    // Per township (served by the open-problems index), summed under each county.
    selectOpenCounts(db, 'township_code'),
  ]);
  const byCounty = openCountsByCounty(open);
  return rows.map((row) => countyOverview(row, byCounty));
}

export async function selectProvince(db: Queryable): Promise<ProvinceSummary | null> {
  const counties = await db.query<{ first: string | null; n: number }>('SELECT min(code) AS first, count(*) AS n FROM counties');
  const stored = await db.query<{ code: string; name: string }>('SELECT code, name FROM provinces LIMIT 1');
  return provinceSummary(stored.rows[0] ?? null, counties.rows[0].first, counties.rows[0].n);
}

/** Townships sorted by code, only those of one county when `countyCode` is given. */
export async function selectTownships(db: Queryable, countyCode?: string): Promise<TownshipSummary[]> {
  const [{ rows }, open] = await Promise.all([
    db.query<TownshipSummaryRow>(
      `SELECT t.code, t.name, t.geometry,
         (SELECT count(*) FROM grids g WHERE g.township_code = t.code AND g.valid_to_version IS NULL) AS grid_count,
         (SELECT coalesce(sum(households), 0) FROM grids g WHERE g.township_code = t.code AND g.valid_to_version IS NULL) AS households
       FROM townships t ${countyCode !== undefined ? 'WHERE t.county_code = $1' : ''} ORDER BY t.code`,
      countyCode !== undefined ? [countyCode] : [],
    ),
    selectOpenCounts(db, 'township_code', countyCode !== undefined ? { column: 'county', value: countyCode } : undefined),
  ]);
  return rows.map((row) => townshipSummary(row, open));
}
