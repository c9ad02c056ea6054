// Writes a validated dataset into an empty SQLite database; the caller owns the transaction.
import type { Database } from 'better-sqlite3';
import type { Dataset, NewIssue } from '../../model.ts';
import { StoreError } from '../store.ts';
import { gridName, normalizeAreaGeometry, normalizeLine, normalizePolygon } from '../datasetRules.ts';
import { canonicalTimestamp } from '../issueRules.ts';
import { prepareLedgerInsert } from './ledgerQueries.ts';
import { historyOfNewIssue, stageOfNewIssue } from '../rows.ts';

const SEED_VERSION = 1;

export function writeDataset(db: Database, dataset: Dataset, id: string, seededAt: string): void {
  const { county } = dataset;
  db.prepare('INSERT INTO datasets (id, county_code, attribution, synthetic_layers, seeded_at) VALUES (?, ?, ?, ?, ?)').run(
    id, county.code, dataset.attribution, JSON.stringify(dataset.syntheticLayers), seededAt,
  );
  db.prepare('INSERT INTO counties (code, name, geometry) VALUES (?, ?, ?)').run(
    county.code, county.name, JSON.stringify(normalizeAreaGeometry(county.geometry)),
  );

  const insertTownship = db.prepare('INSERT INTO townships (code, county_code, name, geometry) VALUES (?, ?, ?, ?)');
  const insertPlanVersion = db.prepare(
    'INSERT INTO grid_versions (township_code, version, created_at, author, reason) VALUES (?, ?, ?, ?, ?)',
  );
  for (const township of dataset.townships) {
    insertTownship.run(township.code, county.code, township.name, JSON.stringify(normalizeAreaGeometry(township.geometry)));
    insertPlanVersion.run(township.code, SEED_VERSION, seededAt, 'seed', `initial grid plan from dataset ${id.slice(0, 12)}`);
  }

  const insertVillage = db.prepare('INSERT INTO villages (code, township_code, name, geometry) VALUES (?, ?, ?, ?)');
  const villageNames = new Map<string, string>();
  for (const village of dataset.villages) {
    insertVillage.run(village.code, village.townshipCode, village.name, JSON.stringify(normalizeAreaGeometry(village.geometry)));
    villageNames.set(village.code, village.name);
  }

  const insertBlock = db.prepare(
    'INSERT INTO blocks (id, township_code, village_code, households, area_m2, geometry) VALUES (?, ?, ?, ?, ?, ?)',
  );
  for (const block of dataset.blocks) {
    const geometry = { type: 'Polygon', coordinates: normalizePolygon(block.polygon) };
    insertBlock.run(block.id, block.townshipCode, block.villageCode, block.households, block.areaM2, JSON.stringify(geometry));
  }

  const insertGridCode = db.prepare('INSERT INTO grid_codes (code, township_code, village_code) VALUES (?, ?, ?)');
  const insertGrid = db.prepare(
    `INSERT INTO grids (code, township_code, valid_from_version, valid_to_version, name, households, area_m2, geometry)
     VALUES (?, ?, ?, NULL, ?, ?, ?, ?)`,
  );
  const insertAssignment = db.prepare(
    `INSERT INTO block_assignments (block_id, grid_code, township_code, valid_from_version, valid_to_version)
     VALUES (?, ?, ?, ?, NULL)`,
  );
  for (const grid of dataset.grids) {
    insertGridCode.run(grid.code, grid.townshipCode, grid.villageCode);
    const geometry = { type: 'Polygon', coordinates: normalizePolygon(grid.polygon) };
    const name = gridName(villageNames.get(grid.villageCode) ?? '', grid.code);
    insertGrid.run(grid.code, grid.townshipCode, SEED_VERSION, name, grid.households, grid.areaM2, JSON.stringify(geometry));
    for (const blockId of grid.blockIds) insertAssignment.run(blockId, grid.code, grid.townshipCode, SEED_VERSION);
  }

  const insertIssue = prepareIssueInsert(db);
  const gridHome = new Map(dataset.grids.map((g) => [g.code, g]));
  for (const issue of dataset.issues) {
    const home = gridHome.get(issue.gridCode);
    if (!home) throw new StoreError('unknown_grid', `seed issue "${issue.title}" names unknown grid ${issue.gridCode}`);
    if (home.villageCode !== issue.villageCode || home.townshipCode !== issue.townshipCode) {
      throw new StoreError('invalid', `seed issue "${issue.title}" disagrees with grid ${issue.gridCode} on village or township`);
    }
    insertIssue(issue, SEED_VERSION);
  }

  const insertLine = db.prepare('INSERT INTO lines (kind, class, name, coordinates) VALUES (?, ?, ?, ?)');
  for (const line of dataset.lines ?? []) {
    const coordinates = normalizeLine(line.coordinates);
    // A line shorter than the rounding step has nothing left to draw.
    if (coordinates.length < 2) continue;
    insertLine.run(line.kind, line.class ?? null, line.name ?? null, JSON.stringify(coordinates));
  }
}

/**
 * Prepared insert of one problem with its ledger entries; timestamps stored in canonical UTC form.
 * Returns the new id.
 */
export function prepareIssueInsert(db: Database): (issue: NewIssue, gridVersion: number) => number {
  // current_grid_code given at once (the grid it is reported in): the insert trigger that would
  // otherwise set it rewrites every new row, which doubles the cost of seeding millions of problems.
  const statement = db.prepare(
    `INSERT INTO issues (title, category, tier, status, lon, lat, grid_code, grid_version, village_code, township_code,
       reported_at, deadline_at, closed_at, satisfaction, synthetic, stage, responsible_unit, long_term, rework_count, extension_count,
       current_grid_code)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const appendEntry = prepareLedgerInsert(db);
  return (issue, gridVersion) => {
    const history = historyOfNewIssue(issue);
    const result = statement.run(
      issue.title.trim(), issue.category.trim(), issue.tier, issue.status, issue.lon, issue.lat,
      issue.gridCode, gridVersion, issue.villageCode, issue.townshipCode,
      canonicalTimestamp(issue.reportedAt), canonicalTimestamp(issue.deadlineAt),
      issue.closedAt === null ? null : canonicalTimestamp(issue.closedAt),
      issue.satisfaction, issue.synthetic ? 1 : 0, stageOfNewIssue(issue), issue.responsibleUnit ?? null,
      issue.longTerm ? 1 : 0,
      issue.reworkCount ?? history.filter((entry) => entry.action === 'rework').length,
      issue.extensionCount ?? history.filter((entry) => entry.action === 'extend').length,
      issue.gridCode,
    );
    const id = Number(result.lastInsertRowid);
    history.forEach((entry, index) => appendEntry(id, index + 1, entry));
    return id;
  };
}
