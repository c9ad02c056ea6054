// Writes a township's next plan version from the plan before and after; the caller owns the
// transaction. Grids that keep their block set keep their rows and codes; reshaped grids get a new
// row under the same code; new grids get the next sequence ever issued in their village; problems
// still open move to the grid that now holds their point.
import type { Database } from 'better-sqlite3';
import type { MultiPolygonCoords, PolygonCoords, Position } from '../../geo/types.ts';
import type { PlanBlock, PlanSaveResult, TownshipPlan } from '../../plan/types.ts';
import type { BorderInsertion } from '../../plan/apply.ts';
import { insertEdgePoints, polygonBBox } from '../../geo/split-topology.ts';
import { mergePolygons } from '../../geo/merge.ts';
import { assignCodes, sequenceOf } from '../../geo/grid-codes.ts';
import { pointInPolygon, polygonAreaM2 } from '../../geo/ring.ts';
import { isNewGridCode } from '../../plan/apply.ts';
import { blockSets } from '../../plan/diff.ts';
import { gridName } from '../datasetRules.ts';
import { PlanError } from '../plan.ts';
import { blocksOfGrids, geometryText, nearestBlock, savedPlan } from '../../plan/saved-plan.ts';

export interface PlanVersionWrite {
  before: TownshipPlan;
  after: TownshipPlan;
  author: string;
  reason: string;
  createdAt: string;
  rollbackOf: number | null;
  /** Parent of every new block (split pieces). */
  parentOf: Map<string, string>;
  /** Vertices added on split blocks' borders: added to shapes outside the plan sharing those edges. */
  borderInsertions: BorderInsertion[];
}

export interface PlanVersionWritten {
  result: PlanSaveResult;
  /** The plan as stored now, with issued codes and names. */
  plan: TownshipPlan;
}

export function writePlanVersion(db: Database, write: PlanVersionWrite): PlanVersionWritten {
  const { before, after } = write;
  const township = after.townshipCode;
  const version = before.version + 1;
  db.prepare('INSERT INTO grid_versions (township_code, version, created_at, author, reason) VALUES (?, ?, ?, ?, ?)').run(
    township, version, write.createdAt, write.author, write.reason,
  );
  if (write.rollbackOf !== null) {
    db.prepare('INSERT INTO plan_rollbacks (township_code, version, restored_version) VALUES (?, ?, ?)').run(township, version, write.rollbackOf);
  }
  db.prepare('INSERT OR IGNORE INTO plan_targets (township_code, households, tolerance) VALUES (?, ?, ?)').run(
    township, before.target.households, before.target.tolerance,
  );

  const blocksBefore = new Map(before.blocks.map((block) => [block.id, block]));
  const setsBefore = blockSets(before);
  const gridsBefore = new Map(before.grids.map((grid) => [grid.code, grid]));
  const provisional = blockSets(after);
  const touched = new Set<string>();
  for (const block of after.blocks) {
    const old = blocksBefore.get(block.id);
    if (!old || old.polygon !== block.polygon) touched.add(block.gridCode);
  }
  // Grids whose shape must be computed: new, restored, reshaped, or with a block whose outline changed.
  const toMerge = after.grids.filter(
    (grid) => !gridsBefore.has(grid.code) || setsBefore.get(grid.code) !== provisional.get(grid.code) || touched.has(grid.code),
  );
  // Only the blocks of those grids go into the topology: coordinates are kept exactly, so their
  // borders with untouched grids stay identical to what those grids hold.
  const members = blocksOfGrids(after);
  const mergeInput: PolygonCoords[] = [];
  const groups = toMerge.map((grid) => (members.get(grid.code) ?? []).map((block) => mergeInput.push(block.polygon) - 1));
  const parts = mergePolygons(mergeInput, groups);
  const shapeOf = new Map(toMerge.map((grid, index) => [grid.code, parts[index]]));
  for (const [code, shape] of shapeOf) {
    if (shape.length !== 1) throw new PlanError('invalid', 'edits', `grid ${code} would not be one polygon`);
  }

  const finalCode = issueCodes(db, after, shapeOf);
  const code = (provisionalCode: string) => finalCode.get(provisionalCode) ?? provisionalCode;

  writeBlocks(db, write, version, blocksBefore, code);

  const setsAfter = new Map([...provisional].map(([key, set]) => [code(key), set]));
  const createdGrids: string[] = [], changedGrids: string[] = [], retiredGrids: string[] = [];
  const storedGrids: TownshipPlan['grids'] = [];
  const closeGrid = db.prepare('UPDATE grids SET valid_to_version = ? WHERE code = ? AND valid_to_version IS NULL');
  const insertGrid = db.prepare(
    `INSERT INTO grids (code, township_code, valid_from_version, valid_to_version, name, households, area_m2, geometry)
     VALUES (?, ?, ?, NULL, ?, ?, ?, ?)`,
  );
  const currentGeometry = db.prepare('SELECT geometry, area_m2 FROM grids WHERE code = ? AND valid_to_version IS NULL');
  const reshape = db.prepare('UPDATE grids SET geometry = ?, area_m2 = ? WHERE code = ? AND valid_to_version IS NULL');
  const villageName = db.prepare('SELECT name FROM villages WHERE code = ?');
  for (const grid of before.grids) {
    if (!setsAfter.has(grid.code)) {
      closeGrid.run(version, grid.code);
      retiredGrids.push(grid.code);
    }
  }
  for (const grid of after.grids) {
    const finalGridCode = code(grid.code);
    const old = gridsBefore.get(finalGridCode);
    const blocks = members.get(grid.code) ?? [];
    const households = blocks.reduce((sum, block) => sum + block.households, 0);
    const shape = shapeOf.get(grid.code);
    const sameBlocks = old !== undefined && setsBefore.get(finalGridCode) === setsAfter.get(finalGridCode);
    const name = grid.name.trim() || gridName((villageName.get(grid.villageCode) as { name: string } | undefined)?.name ?? '', finalGridCode);
    storedGrids.push({ code: finalGridCode, villageCode: grid.villageCode, name });
    if (sameBlocks && old.name === name) {
      // Same blocks, same name: the row stays; only an outline that gained vertices is rewritten.
      if (shape) reshape.run(geometryText(shape[0]), polygonAreaM2(shape[0]), finalGridCode);
      continue;
    }
    let polygon: PolygonCoords, areaM2: number;
    if (shape) {
      polygon = shape[0];
      areaM2 = polygonAreaM2(polygon);
    } else {
      const row = currentGeometry.get(finalGridCode) as { geometry: string; area_m2: number };
      polygon = (JSON.parse(row.geometry) as { coordinates: PolygonCoords }).coordinates;
      areaM2 = row.area_m2;
    }
    if (old) closeGrid.run(version, finalGridCode);
    insertGrid.run(finalGridCode, township, version, name, households, areaM2, geometryText(polygon));
    if (!old) createdGrids.push(finalGridCode);
    else if (!sameBlocks) changedGrids.push(finalGridCode);
  }

  applyOutsideInsertions(db, township, write.borderInsertions);
  const relocatedIssues = relocateIssues(db, township, after, code, new Set([...changedGrids, ...retiredGrids]));
  return savedPlan({ township, version, after, finalCode, changedGrids, createdGrids, retiredGrids, relocatedIssues, storedGrids });
}

/** Codes for the plan's new grids: per village, after the highest sequence ever issued there, in reading order. */
function issueCodes(db: Database, after: TownshipPlan, shapeOf: Map<string, MultiPolygonCoords>): Map<string, string> {
  const byVillage = new Map<string, string[]>();
  for (const grid of after.grids) {
    if (!isNewGridCode(grid.code)) continue;
    const list = byVillage.get(grid.villageCode);
    if (list) list.push(grid.code);
    else byVillage.set(grid.villageCode, [grid.code]);
  }
  const members = blocksOfGrids(after);
  const issued = new Map<string, string>();
  const insertCode = db.prepare('INSERT INTO grid_codes (code, township_code, village_code) VALUES (?, ?, ?)');
  for (const [villageCode, provisional] of byVillage) {
    const codes = db.prepare('SELECT code FROM grid_codes WHERE village_code = ?').all(villageCode) as Array<{ code: string }>;
    const highest = codes.reduce((max, row) => Math.max(max, sequenceOf(row.code) || 0), 0);
    const groups = provisional.map((key) => ({ blockIds: (members.get(key) ?? []).map((block) => block.id), parts: shapeOf.get(key) ?? [] }));
    const result = assignCodes(villageCode, groups, { grids: [], highestSequence: highest });
    if (!result.valid) throw new PlanError('invalid', 'edits', result.reason);
    provisional.forEach((key, index) => {
      issued.set(key, result.codes[index]);
      insertCode.run(result.codes[index], after.townshipCode, villageCode);
    });
  }
  return issued;
}

function writeBlocks(
  db: Database,
  write: PlanVersionWrite,
  version: number,
  blocksBefore: Map<string, PlanBlock>,
  code: (provisional: string) => string,
): void {
  const township = write.after.townshipCode;
  const exists = db.prepare('SELECT geometry FROM blocks WHERE id = ?');
  const insertBlock = db.prepare(
    `INSERT INTO blocks (id, township_code, village_code, households, area_m2, geometry, parent_id, created_version, retired_version)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
  );
  const updateBlock = db.prepare('UPDATE blocks SET households = ?, area_m2 = ?, geometry = ?, retired_version = NULL WHERE id = ?');
  const retireBlock = db.prepare('UPDATE blocks SET retired_version = ? WHERE id = ?');
  const closeAssignment = db.prepare('UPDATE block_assignments SET valid_to_version = ? WHERE block_id = ? AND valid_to_version IS NULL');
  const insertAssignment = db.prepare(
    `INSERT INTO block_assignments (block_id, grid_code, township_code, valid_from_version, valid_to_version) VALUES (?, ?, ?, ?, NULL)`,
  );
  const afterIds = new Set<string>();
  for (const block of write.after.blocks) {
    afterIds.add(block.id);
    const old = blocksBefore.get(block.id);
    const gridCode = code(block.gridCode);
    if (!old) {
      const stored = exists.get(block.id) as { geometry: string } | undefined;
      if (stored) updateBlock.run(block.households, block.areaM2, geometryText(block.polygon), block.id);
      else {
        insertBlock.run(block.id, township, block.villageCode, block.households, block.areaM2, geometryText(block.polygon),
          write.parentOf.get(block.id) ?? null, version);
      }
    } else if (old.polygon !== block.polygon) {
      updateBlock.run(block.households, block.areaM2, geometryText(block.polygon), block.id);
    }
    if (old && old.gridCode === gridCode) continue;
    if (old) closeAssignment.run(version, block.id);
    insertAssignment.run(block.id, gridCode, township, version);
  }
  for (const block of write.before.blocks) {
    if (afterIds.has(block.id)) continue;
    closeAssignment.run(version, block.id);
    retireBlock.run(version, block.id);
  }
}

function positionText(position: Position): string {
  return `[${JSON.stringify(position[0])},${JSON.stringify(position[1])}]`;
}

/**
 * Shapes outside the edited township's blocks that share a border edge a split added vertices to:
 * other townships' blocks and current grids, and the village, township and county outlines. Their
 * outline does not move; they only gain the vertices, so shared borders stay identical.
 */
function applyOutsideInsertions(db: Database, township: string, all: BorderInsertion[]): void {
  const onVillageBorder = all.filter((insertion) => insertion.sharedWith !== 'village');
  const onTownshipBorder = all.filter((insertion) => insertion.sharedWith === 'none');
  const targets: Array<{ table: string; key: string; extra: string; params: unknown[]; insertions: BorderInsertion[] }> = [
    { table: 'blocks', key: 'id', extra: 'AND township_code <> ?', params: [township], insertions: onTownshipBorder },
    { table: 'grids', key: 'rowid', extra: 'AND township_code <> ? AND valid_to_version IS NULL', params: [township], insertions: onTownshipBorder },
    { table: 'villages', key: 'code', extra: '', params: [], insertions: onVillageBorder },
    { table: 'townships', key: 'code', extra: '', params: [], insertions: onTownshipBorder },
    { table: 'counties', key: 'code', extra: '', params: [], insertions: onTownshipBorder },
  ];
  for (const target of targets) {
    const { insertions } = target;
    if (insertions.length === 0) continue;
    const candidates = new Map<string | number, string>();
    for (const insertion of insertions) {
      const rows = db
        .prepare(`SELECT ${target.key} AS key, geometry FROM ${target.table} WHERE instr(geometry, ?) > 0 AND instr(geometry, ?) > 0 ${target.extra}`)
        .all(positionText(insertion.from), positionText(insertion.to), ...target.params) as Array<{ key: string | number; geometry: string }>;
      for (const row of rows) candidates.set(row.key, candidates.get(row.key) ?? row.geometry);
    }
    const update = db.prepare(`UPDATE ${target.table} SET geometry = ? WHERE ${target.key} = ?`);
    for (const [key, text] of candidates) {
      const geometry = JSON.parse(text) as { type: 'Polygon'; coordinates: PolygonCoords } | { type: 'MultiPolygon'; coordinates: PolygonCoords[] };
      let changed = false;
      if (geometry.type === 'Polygon') {
        const updated = insertEdgePoints(geometry.coordinates, insertions);
        if (updated) (geometry.coordinates = updated), (changed = true);
      } else {
        geometry.coordinates = geometry.coordinates.map((part) => {
          const updated = insertEdgePoints(part, insertions);
          if (updated) changed = true;
          return updated ?? part;
        });
      }
      if (changed) update.run(JSON.stringify(geometry), key);
    }
  }
}

/** Moves open problems of reshaped or retired grids to the grid whose block holds their point. */
function relocateIssues(db: Database, township: string, after: TownshipPlan, code: (provisional: string) => string, affected: Set<string>): number {
  if (affected.size === 0) return 0;
  const placeholders = [...affected].map(() => '?').join(', ');
  const issues = db
    .prepare(`SELECT id, lon, lat, current_grid_code FROM issues WHERE township_code = ? AND status = 'open' AND current_grid_code IN (${placeholders})`)
    .all(township, ...affected) as Array<{ id: number; lon: number; lat: number; current_grid_code: string }>;
  if (issues.length === 0) return 0;
  const boxes = after.blocks.map((block) => polygonBBox(block.polygon));
  const update = db.prepare('UPDATE issues SET current_grid_code = ? WHERE id = ?');
  let moved = 0;
  for (const issue of issues) {
    let home: string | null = null;
    for (let index = 0; index < after.blocks.length && home === null; index++) {
      const box = boxes[index];
      if (issue.lon < box[0] || issue.lon > box[2] || issue.lat < box[1] || issue.lat > box[3]) continue;
      if (pointInPolygon(issue.lon, issue.lat, after.blocks[index].polygon)) home = code(after.blocks[index].gridCode);
    }
    // A point on a border or in a rounding gap goes to the grid of the nearest block.
    if (home === null) home = code(nearestBlock(after.blocks, issue.lon, issue.lat).gridCode);
    if (home !== issue.current_grid_code) {
      update.run(home, issue.id);
      moved++;
    }
  }
  return moved;
}

