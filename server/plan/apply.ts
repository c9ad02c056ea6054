// Applies a changeset's edits to a township plan in memory, in order. Refuses edits that cannot be
// carried out (unknown ids, a cut that does not cross its block); whether the result is a sound plan
// is validatePlan's question. Pure: the planner in the browser runs the same code for live feedback.

import { polygonAreaM2 } from '../geo/ring.ts';
import { checkLine } from '../geo/line-validity.ts';
import { shareByWeight, splitPolygon } from '../geo/split-block.ts';
import { boxesTouch, insertEdgePoints, polygonBBox, type EdgeInsertion } from '../geo/split-topology.ts';
import type { GridRef, PlanBlock, PlanEdit, PlanGrid, PlanProblem, TownshipPlan } from './types.ts';

/** Grids created by a changeset carry this prefix and their key until the store issues a code. */
export const NEW_GRID_PREFIX = 'new:';

export function newGridCode(key: string): string {
  return `${NEW_GRID_PREFIX}${key}`;
}

export function isNewGridCode(code: string): boolean {
  return code.startsWith(NEW_GRID_PREFIX);
}

export const MAX_GRID_NAME_LENGTH = 60;

/**
 * A vertex insertion on a split block's border and who else holds that edge: a block of the same
 * village (nothing outside the plan changes), only a block of another village (village outlines
 * gain the vertices), or no block of the plan (the township's outline: other townships' blocks and
 * grids and the outlines gain them).
 */
export interface BorderInsertion extends EdgeInsertion {
  sharedWith: 'village' | 'township' | 'none';
}

/** A block cut into pieces by the changeset. */
export interface BlockSplit {
  blockId: string;
  pieceIds: string[];
}

export type ApplyResult =
  | {
      valid: true;
      /** The resulting plan: blocks include split pieces and neighbours with inserted vertices. */
      plan: TownshipPlan;
      /** Keys of the changeset's new grids that hold blocks at the end (codes `new:<key>` in `plan`). */
      newGridKeys: string[];
      /** Blocks replaced by pieces, in edit order (a piece may itself be split later). */
      splits: BlockSplit[];
      /** Vertices added on the borders of split blocks, for geometry outside the plan sharing them. */
      borderInsertions: BorderInsertion[];
    }
  | { valid: false; problems: PlanProblem[] };

export function applyEdits(plan: TownshipPlan, edits: PlanEdit[]): ApplyResult {
  const blocks: PlanBlock[] = plan.blocks.slice();
  const indexById = new Map(blocks.map((block, index) => [block.id, index]));
  const grids = new Map<string, PlanGrid>(plan.grids.map((grid) => [grid.code, grid]));
  const villages = new Set(blocks.map((block) => block.villageCode));
  const usedIds = new Set([...blocks.map((block) => block.id), ...(plan.retiredBlockIds ?? [])]);
  const declared: string[] = [];
  const splits: BlockSplit[] = [];
  const borderInsertions: BorderInsertion[] = [];
  const problems: PlanProblem[] = [];
  const refuse = (edit: number, field: string, reason: string) => problems.push({ edit, field, reason });

  const resolve = (ref: GridRef, edit: number, field: string): string | null => {
    if (ref && typeof ref === 'object' && 'code' in ref && typeof ref.code === 'string') {
      if (grids.has(ref.code)) return ref.code;
      refuse(edit, `${field}.code`, `no grid ${ref.code} in township ${plan.townshipCode}`);
      return null;
    }
    if (ref && typeof ref === 'object' && 'newGrid' in ref && typeof ref.newGrid === 'string') {
      const code = newGridCode(ref.newGrid);
      if (grids.has(code)) return code;
      refuse(edit, `${field}.newGrid`, `new grid "${ref.newGrid}" is not created by an earlier edit`);
      return null;
    }
    refuse(edit, field, 'a grid is given as {code} or {newGrid}');
    return null;
  };

  edits.forEach((edit, index) => {
    if (problems.length > 0) return;
    switch (edit?.kind) {
      case 'split_block': {
        const blockIndex = indexById.get(edit.blockId);
        if (blockIndex === undefined) return void refuse(index, 'blockId', `no block ${edit.blockId} in the plan`);
        const block = blocks[blockIndex];
        const line = checkLine(edit.line);
        if (!line.valid) return void refuse(index, 'line', line.reason);
        const result = splitPolygon(block.polygon, edit.line);
        if (!result.valid) return void refuse(index, 'line', result.reason);
        const areas = result.pieces.map(polygonAreaM2);
        const households = shareByWeight(block.households, areas);
        const firstNumber = nextPieceNumber(block.id, usedIds);
        const pieces: PlanBlock[] = result.pieces.map((polygon, k) => ({
          id: `${block.id}.${firstNumber + k}`,
          villageCode: block.villageCode,
          gridCode: block.gridCode,
          households: households[k],
          areaM2: areas[k],
          polygon,
        }));
        // The cut's end points join the borders the neighbours share with the block.
        const box = polygonBBox(block.polygon);
        const sharing = result.borderInsertions.map((): BorderInsertion['sharedWith'] => 'none');
        for (let other = 0; other < blocks.length; other++) {
          if (other === blockIndex || !boxesTouch(box, polygonBBox(blocks[other].polygon))) continue;
          result.borderInsertions.forEach((insertion, n) => {
            const updated = insertEdgePoints(blocks[other].polygon, [insertion]);
            if (!updated) return;
            blocks[other] = { ...blocks[other], polygon: updated };
            if (blocks[other].villageCode === block.villageCode) sharing[n] = 'village';
            else if (sharing[n] === 'none') sharing[n] = 'township';
          });
        }
        blocks.splice(blockIndex, 1, ...pieces);
        indexById.clear();
        blocks.forEach((b, i) => indexById.set(b.id, i));
        for (const piece of pieces) usedIds.add(piece.id);
        splits.push({ blockId: block.id, pieceIds: pieces.map((piece) => piece.id) });
        borderInsertions.push(...result.borderInsertions.map((insertion, n) => ({ ...insertion, sharedWith: sharing[n] })));
        return;
      }
      case 'move_blocks': {
        if (!Array.isArray(edit.blockIds) || edit.blockIds.length === 0) return void refuse(index, 'blockIds', 'name at least one block');
        const code = resolve(edit.to, index, 'to');
        if (code === null) return;
        for (const id of edit.blockIds) {
          const blockIndex = indexById.get(id);
          if (blockIndex === undefined) return void refuse(index, 'blockIds', `no block ${id} in the plan`);
          if (blocks[blockIndex].gridCode !== code) blocks[blockIndex] = { ...blocks[blockIndex], gridCode: code };
        }
        return;
      }
      case 'create_grid': {
        if (typeof edit.newGrid !== 'string' || edit.newGrid.length === 0) return void refuse(index, 'newGrid', 'a new grid needs a key');
        const code = newGridCode(edit.newGrid);
        if (grids.has(code)) return void refuse(index, 'newGrid', `new grid "${edit.newGrid}" is created twice`);
        if (!villages.has(edit.villageCode)) {
          return void refuse(index, 'villageCode', `village ${edit.villageCode} has no block in township ${plan.townshipCode}`);
        }
        const name = edit.name === undefined ? '' : checkName(edit.name);
        if (name === null) return void refuse(index, 'name', `a name is 1–${MAX_GRID_NAME_LENGTH} characters`);
        grids.set(code, { code, villageCode: edit.villageCode, name });
        declared.push(edit.newGrid);
        return;
      }
      case 'rename_grid': {
        const code = resolve(edit.grid, index, 'grid');
        if (code === null) return;
        const name = checkName(edit.name);
        if (name === null) return void refuse(index, 'name', `a name is 1–${MAX_GRID_NAME_LENGTH} characters`);
        grids.set(code, { ...grids.get(code)!, name });
        return;
      }
      default:
        refuse(index, 'kind', 'kind is split_block, move_blocks, create_grid or rename_grid');
    }
  });
  if (problems.length > 0) return { valid: false, problems };

  // Grids left without a block are retired; new grids never filled are dropped.
  const filled = new Set(blocks.map((block) => block.gridCode));
  const resultGrids = [...grids.values()].filter((grid) => filled.has(grid.code));
  const retiredIds = new Set(plan.retiredBlockIds ?? []);
  for (const split of splits) retiredIds.add(split.blockId);
  for (const block of blocks) retiredIds.delete(block.id);
  return {
    valid: true,
    plan: { ...plan, grids: resultGrids, blocks, retiredBlockIds: [...retiredIds].sort() },
    newGridKeys: declared.filter((key) => filled.has(newGridCode(key))),
    splits,
    borderInsertions,
  };
}

function checkName(name: unknown): string | null {
  if (typeof name !== 'string') return null;
  const trimmed = name.trim();
  return trimmed.length >= 1 && trimmed.length <= MAX_GRID_NAME_LENGTH ? trimmed : null;
}

/** First piece number for a block: 1, or one past the highest `${id}.k` ever used. */
export function nextPieceNumber(blockId: string, usedIds: Iterable<string>): number {
  let highest = 0;
  const prefix = `${blockId}.`;
  for (const id of usedIds) {
    if (!id.startsWith(prefix)) continue;
    const rest = id.slice(prefix.length);
    if (/^\d+$/.test(rest)) highest = Math.max(highest, Number(rest));
  }
  return highest + 1;
}

/** Blocks of the plan by grid code. */
export function blocksByGrid(plan: TownshipPlan): Map<string, PlanBlock[]> {
  const result = new Map<string, PlanBlock[]>();
  for (const block of plan.blocks) {
    const list = result.get(block.gridCode);
    if (list) list.push(block);
    else result.set(block.gridCode, [block]);
  }
  return result;
}

