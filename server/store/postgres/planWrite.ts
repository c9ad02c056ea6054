// Writes a township's next plan version on PostgreSQL from the plan before and after; the caller owns
// the transaction. Same rules as the SQLite backend: grids that keep their block set keep their rows
// and codes; reshaped grids get a new row under the same code; new grids get the next sequence ever
// issued in their village; problems still open move to the grid that now holds their point.
import type { MultiPolygonCoords, PolygonCoords } from '../../geo/types.ts';
import type { PlanBlock, TownshipPlan } from '../../plan/types.ts';
import { mergePolygons } from '../../geo/merge.ts';
import { assignCodes, sequenceOf } from '../../geo/grid-codes.ts';
import { polygonAreaM2 } from '../../geo/ring.ts';
import { isNewGridCode } from '../../plan/apply.ts';
import { blockSets } from '../../plan/diff.ts';
import { gridName } from '../datasetRules.ts';
import { PlanError } from '../plan.ts';
import { blocksOfGrids, geometryText, savedPlan } from '../../plan/saved-plan.ts';
import type { PlanVersionWrite, PlanVersionWritten } from '../sqlite/planWrite.ts';
import { applyOutsideInsertions, relocateIssues } from './planBorders.ts';
import type { Queryable } from './sql.ts';

export type { PlanVersionWrite, PlanVersionWritten };

export async function writePlanVersion(db: Queryable, write: PlanVersionWrite): Promise<PlanVersionWritten> {
  const { before, after } = write;
  const township = after.townshipCode;
  const version = before.version + 1;
  await db.query('INSERT INTO grid_versions (township_code, version, created_at, author, reason) VALUES ($1, $2, $3, $4, $5)', [
    township, version, write.createdAt, write.author, write.reason,
  ]);
  if (write.rollbackOf !== null) {
    await db.query('INSERT INTO plan_rollbacks (township_code, version, restored_version) VALUES ($1, $2, $3)', [township, version, write.rollbackOf]);
  }
  await db.query('INSERT INTO plan_targets (township_code, households, tolerance) VALUES ($1, $2, $3) ON CONFLICT (township_code) DO NOTHING', [
    township, before.target.households, before.target.tolerance,
  ]);

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
  // Only the blocks of those grids go into the topology, so borders with untouched grids stay identical.
  const members = blocksOfGrids(after);
  const mergeInput: PolygonCoords[] = [];
  const groups = toMerge.map((grid) => (members.get(grid.code) ?? []).map((block) => mergeInput.push(block.polygon) - 1));
  const parts = mergePolygons(mergeInput, groups);
  const shapeOf = new Map(toMerge.map((grid, index) => [grid.code, parts[index]]));
  for (const [code, shape] of shapeOf) {
    if (shape.length !== 1) throw new PlanError('invalid', 'edits', `grid ${code} would not be one polygon`);
  }

  const finalCode = await issueCodes(db, after, shapeOf);
  const code = (provisionalCode: string) => finalCode.get(provisionalCode) ?? provisionalCode;

  await writeBlocks(db, write, version, blocksBefore, code);

  const setsAfter = new Map([...provisional].map(([key, set]) => [code(key), set]));
  const createdGrids: string[] = [], changedGrids: string[] = [], retiredGrids: string[] = [];
  const storedGrids: TownshipPlan['grids'] = [];
  const closeGrid = (gridCode: string) =>
    db.query('UPDATE grids SET valid_to_version = $1 WHERE code = $2 AND valid_to_version IS NULL', [version, gridCode]);
  const villageNames = new Map(
    (await db.query<{ code: string; name: string }>('SELECT code, name FROM villages WHERE township_code = $1', [township])).rows.map((row) => [
      row.code, row.name,
    ]),
  );
  for (const grid of before.grids) {
    if (!setsAfter.has(grid.code)) {
      await closeGrid(grid.code);
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
    const name = grid.name.trim() || gridName(villageNames.get(grid.villageCode) ?? '', finalGridCode);
    storedGrids.push({ code: finalGridCode, villageCode: grid.villageCode, name });
    if (sameBlocks && old.name === name) {
      // Same blocks, same name: the row stays; only an outline that gained vertices is rewritten.
      if (shape) {
        await db.query('UPDATE grids SET geometry = $1, area_m2 = $2 WHERE code = $3 AND valid_to_version IS NULL', [
          geometryText(shape[0]), polygonAreaM2(shape[0]), finalGridCode,
        ]);
      }
      continue;
    }
    let polygon: PolygonCoords, areaM2: number;
    if (shape) {
      polygon = shape[0];
      areaM2 = polygonAreaM2(polygon);
    } else {
      const { rows } = await db.query<{ geometry: string; area_m2: number }>(
        'SELECT geometry, area_m2 FROM grids WHERE code = $1 AND valid_to_version IS NULL',
        [finalGridCode],
      );
      polygon = (JSON.parse(rows[0].geometry) as { coordinates: PolygonCoords }).coordinates;
      areaM2 = rows[0].area_m2;
    }
    if (old) await closeGrid(finalGridCode);
    await db.query(
      `INSERT INTO grids (code, township_code, valid_from_version, valid_to_version, name, households, area_m2, geometry)
       VALUES ($1, $2, $3, NULL, $4, $5, $6, $7)`,
      [finalGridCode, township, version, name, households, areaM2, geometryText(polygon)],
    );
    if (!old) createdGrids.push(finalGridCode);
    else if (!sameBlocks) changedGrids.push(finalGridCode);
  }

  await applyOutsideInsertions(db, township, write.borderInsertions);
  const relocatedIssues = await relocateIssues(db, township, after, code, new Set([...changedGrids, ...retiredGrids]));
  return savedPlan({ township, version, after, finalCode, changedGrids, createdGrids, retiredGrids, relocatedIssues, storedGrids });
}

/** Codes for the plan's new grids: per village, after the highest sequence ever issued there, in reading order. */
async function issueCodes(db: Queryable, after: TownshipPlan, shapeOf: Map<string, MultiPolygonCoords>): Promise<Map<string, string>> {
  const byVillage = new Map<string, string[]>();
  for (const grid of after.grids) {
    if (!isNewGridCode(grid.code)) continue;
    const list = byVillage.get(grid.villageCode);
    if (list) list.push(grid.code);
    else byVillage.set(grid.villageCode, [grid.code]);
  }
  const members = blocksOfGrids(after);
  const issued = new Map<string, string>();
  for (const [villageCode, provisional] of byVillage) {
    const { rows } = await db.query<{ code: string }>('SELECT code FROM grid_codes WHERE village_code = $1', [villageCode]);
    const highest = rows.reduce((max, row) => Math.max(max, sequenceOf(row.code) || 0), 0);
    const groups = provisional.map((key) => ({ blockIds: (members.get(key) ?? []).map((block) => block.id), parts: shapeOf.get(key) ?? [] }));
    const result = assignCodes(villageCode, groups, { grids: [], highestSequence: highest });
    if (!result.valid) throw new PlanError('invalid', 'edits', result.reason);
    for (const [index, key] of provisional.entries()) {
      issued.set(key, result.codes[index]);
      await db.query('INSERT INTO grid_codes (code, township_code, village_code) VALUES ($1, $2, $3)', [result.codes[index], after.townshipCode, villageCode]);
    }
  }
  return issued;
}

async function writeBlocks(
  db: Queryable,
  write: PlanVersionWrite,
  version: number,
  blocksBefore: Map<string, PlanBlock>,
  code: (provisional: string) => string,
): Promise<void> {
  const township = write.after.townshipCode;
  const updateBlock = (block: PlanBlock) =>
    db.query('UPDATE blocks SET households = $1, area_m2 = $2, geometry = $3, retired_version = NULL WHERE id = $4', [
      block.households, block.areaM2, geometryText(block.polygon), block.id,
    ]);
  const closeAssignment = (blockId: string) =>
    db.query('UPDATE block_assignments SET valid_to_version = $1 WHERE block_id = $2 AND valid_to_version IS NULL', [version, blockId]);
  const afterIds = new Set<string>();
  for (const block of write.after.blocks) {
    afterIds.add(block.id);
    const old = blocksBefore.get(block.id);
    const gridCode = code(block.gridCode);
    if (!old) {
      // A block back from history (a rollback) keeps its row; a new piece gets one.
      const stored = await db.query('SELECT 1 FROM blocks WHERE id = $1', [block.id]);
      if ((stored.rowCount ?? 0) > 0) await updateBlock(block);
      else {
        await db.query(
          `INSERT INTO blocks (id, township_code, village_code, households, area_m2, geometry, parent_id, created_version, retired_version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL)`,
          [block.id, township, block.villageCode, block.households, block.areaM2, geometryText(block.polygon), write.parentOf.get(block.id) ?? null, version],
        );
      }
    } else if (old.polygon !== block.polygon) {
      await updateBlock(block);
    }
    if (old && old.gridCode === gridCode) continue;
    if (old) await closeAssignment(block.id);
    await db.query(
      'INSERT INTO block_assignments (block_id, grid_code, township_code, valid_from_version, valid_to_version) VALUES ($1, $2, $3, $4, NULL)',
      [block.id, gridCode, township, version],
    );
  }
  for (const block of write.before.blocks) {
    if (afterIds.has(block.id)) continue;
    await closeAssignment(block.id);
    await db.query('UPDATE blocks SET retired_version = $1 WHERE id = $2', [version, block.id]);
  }
}
