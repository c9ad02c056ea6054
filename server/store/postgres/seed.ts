// Writes a validated county dataset next to the counties already stored in a PostgreSQL database in column-wise batches; the caller
// owns the transaction.
import type { Dataset, NewIssue } from '../../model.ts';
import { StoreError } from '../store.ts';
import { gridName, normalizeAreaGeometry, normalizeLine, normalizePolygon } from '../datasetRules.ts';
import { insertIssues } from './ledgerQueries.ts';
import { insertRows, syncIdentity, type ColumnSpec, type Queryable } from './sql.ts';

const SEED_VERSION = 1;

const text = (name: string): ColumnSpec => ({ name, type: 'text' });
const integer = (name: string): ColumnSpec => ({ name, type: 'integer' });
const real = (name: string): ColumnSpec => ({ name, type: 'double precision' });

export async function writeDataset(db: Queryable, dataset: Dataset, id: string, seededAt: string): Promise<void> {
  const { county } = dataset;
  await db.query('INSERT INTO datasets (id, county_code, attribution, synthetic_layers, seeded_at) VALUES ($1, $2, $3, $4, $5)', [
    id, county.code, dataset.attribution, JSON.stringify(dataset.syntheticLayers), seededAt,
  ]);
  await db.query('INSERT INTO counties (code, name, geometry) VALUES ($1, $2, $3)', [
    county.code, county.name, JSON.stringify(normalizeAreaGeometry(county.geometry)),
  ]);

  await insertRows(db, 'townships', [text('code'), text('county_code'), text('name'), text('geometry')],
    dataset.townships.map((t) => [t.code, county.code, t.name, JSON.stringify(normalizeAreaGeometry(t.geometry))]));
  await insertRows(db, 'grid_versions', [text('township_code'), integer('version'), text('created_at'), text('author'), text('reason')],
    dataset.townships.map((t) => [t.code, SEED_VERSION, seededAt, 'seed', `initial grid plan from dataset ${id.slice(0, 12)}`]));

  await insertRows(db, 'villages', [text('code'), text('township_code'), text('name'), text('geometry')],
    dataset.villages.map((v) => [v.code, v.townshipCode, v.name, JSON.stringify(normalizeAreaGeometry(v.geometry))]));
  const villageNames = new Map(dataset.villages.map((village) => [village.code, village.name]));

  await insertRows(db, 'blocks', [text('id'), text('township_code'), text('village_code'), integer('households'), real('area_m2'), text('geometry')],
    dataset.blocks.map((b) => [
      b.id, b.townshipCode, b.villageCode, b.households, b.areaM2,
      JSON.stringify({ type: 'Polygon', coordinates: normalizePolygon(b.polygon) }),
    ]));

  await insertRows(db, 'grid_codes', [text('code'), text('township_code'), text('village_code')],
    dataset.grids.map((g) => [g.code, g.townshipCode, g.villageCode]));
  await insertRows(db, 'grids',
    [text('code'), text('township_code'), integer('valid_from_version'), text('name'), integer('households'), real('area_m2'), text('geometry')],
    dataset.grids.map((g) => [
      g.code, g.townshipCode, SEED_VERSION, gridName(villageNames.get(g.villageCode) ?? '', g.code), g.households, g.areaM2,
      JSON.stringify({ type: 'Polygon', coordinates: normalizePolygon(g.polygon) }),
    ]));
  await insertRows(db, 'block_assignments', [text('block_id'), text('grid_code'), text('township_code'), integer('valid_from_version')],
    dataset.grids.flatMap((g) => g.blockIds.map((blockId) => [blockId, g.code, g.townshipCode, SEED_VERSION])));

  const gridHome = new Map(dataset.grids.map((g) => [g.code, g]));
  const issues: Array<{ issue: NewIssue; gridVersion: number }> = dataset.issues.map((issue) => {
    const home = gridHome.get(issue.gridCode);
    if (!home) throw new StoreError('unknown_grid', `seed issue "${issue.title}" names unknown grid ${issue.gridCode}`);
    if (home.villageCode !== issue.villageCode || home.townshipCode !== issue.townshipCode) {
      throw new StoreError('invalid', `seed issue "${issue.title}" disagrees with grid ${issue.gridCode} on village or township`);
    }
    return { issue, gridVersion: SEED_VERSION };
  });
  await insertIssues(db, issues);

  // Lines of counties seeded earlier keep their ids; this county's follow them.
  const { rows: lastLine } = await db.query<{ last: number }>('SELECT coalesce(max(id), 0) AS last FROM lines');
  const firstLineId = lastLine[0].last + 1;
  const lines: unknown[][] = [];
  for (const line of dataset.lines ?? []) {
    const coordinates = normalizeLine(line.coordinates);
    // A line shorter than the rounding step has nothing left to draw.
    if (coordinates.length < 2) continue;
    lines.push([firstLineId + lines.length, line.kind, line.class ?? null, line.name ?? null, JSON.stringify(coordinates)]);
  }
  await insertRows(db, 'lines', [integer('id'), text('kind'), text('class'), text('name'), text('coordinates')], lines);
  await syncIdentity(db, 'lines');
}
