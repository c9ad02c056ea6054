// What the editor shows and saves: live figures per grid (households against the target,
// contiguity, Polsby–Popper compactness), what changed against the saved version, and the
// changeset that turns the saved plan into the edited one.
import type { BalanceState, BalanceTarget, PlanChangeset, PlanEdit } from '../../../server/plan/types.ts';
import { liveSlots, NEW_GRID_PREFIX, nameOf, piecesOf, type PlannerModel } from './model.ts';

export interface GridFigures {
  slot: number;
  key: string;
  code: string | null;
  name: string;
  villageCode: string;
  households: number;
  blocks: number;
  areaM2: number;
  state: BalanceState;
  /** Households relative to the target, e.g. 1.1 for 10 % over. */
  ratio: number;
  /** Connected pieces: more than one is flagged. */
  pieces: number;
  /** 4πA/P²: 1 for a circle, π/4 for a square. */
  compactness: number;
}

export function balanceState(households: number, target: BalanceTarget): BalanceState {
  if (households < target.households * (1 - target.tolerance)) return 'under';
  if (households > target.households * (1 + target.tolerance)) return 'over';
  return 'within';
}

export function compactness(areaM2: number, perimeterM: number): number {
  return perimeterM > 0 ? (4 * Math.PI * areaM2) / (perimeterM * perimeterM) : 0;
}

export function gridFigures(model: PlannerModel, slot: number): GridFigures {
  const topology = model.topology;
  const households = Math.round(topology.gridHouseholds[slot]);
  const grid = model.slots[slot];
  return {
    slot,
    key: grid.key,
    code: grid.code,
    name: nameOf(model, slot),
    villageCode: grid.villageCode,
    households,
    blocks: topology.gridBlocks[slot].size,
    areaM2: topology.gridAreaM2[slot],
    state: balanceState(households, model.target),
    ratio: model.target.households > 0 ? households / model.target.households : 0,
    pieces: piecesOf(model, slot),
    compactness: compactness(topology.gridAreaM2[slot], topology.gridPerimeterM[slot]),
  };
}

/** Figures of every grid of the edited plan. */
export function allFigures(model: PlannerModel): GridFigures[] {
  return liveSlots(model).map((slot) => gridFigures(model, slot));
}

export interface ChangeSummary {
  /** Blocks whose grid differs from the saved plan (pieces of split blocks against their original's grid). */
  movedBlocks: string[];
  createdGrids: string[];
  retiredGrids: string[];
  splitBlocks: number;
  /** Blocks that are pieces of a block split in this session. */
  splitPieces: string[];
  renamedGrids: string[];
  changed: boolean;
}

/** The saved grid of a block, or of the saved block a piece was cut from. */
function savedGridOf(model: PlannerModel, blockId: string): string | null {
  let id = blockId;
  for (;;) {
    const grid = model.savedGridOf.get(id);
    if (grid !== undefined) return grid;
    const dot = id.lastIndexOf('.');
    if (dot < 0) return null;
    id = id.slice(0, dot);
  }
}

export function changeSummary(model: PlannerModel): ChangeSummary {
  const movedBlocks: string[] = [];
  const splitPieces: string[] = [];
  model.blocks.forEach((block, index) => {
    const current = model.slots[model.topology.blockGrid[index]].key;
    if (savedGridOf(model, block.id) !== current) movedBlocks.push(block.id);
    if (!model.savedGridOf.has(block.id)) splitPieces.push(block.id);
  });
  const live = new Set(liveSlots(model));
  const createdGrids: string[] = [];
  const retiredGrids: string[] = [];
  model.slots.forEach((grid, slot) => {
    if (grid.code === null && live.has(slot)) createdGrids.push(grid.key);
    if (grid.code !== null && !live.has(slot)) retiredGrids.push(grid.code);
  });
  const renamedGrids = [...model.names.entries()]
    .filter(([key, name]) => {
      const slot = model.slotIndex.get(key);
      return slot !== undefined && live.has(slot) && model.slots[slot].code !== null && model.slots[slot].name !== name;
    })
    .map(([key]) => key);
  const changed = movedBlocks.length > 0 || createdGrids.length > 0 || retiredGrids.length > 0 || model.splits.length > 0 || renamedGrids.length > 0;
  return { movedBlocks, createdGrids, retiredGrids, splitBlocks: model.splits.length, splitPieces, renamedGrids, changed };
}

/**
 * The changeset from the saved plan to the edited one: the splits in effect, the new grids, one
 * move per target grid, and renames. The result, not the path, is what the server checks.
 */
export function buildChangeset(model: PlannerModel, author: string, reason: string): PlanChangeset {
  const summary = changeSummary(model);
  const edits: PlanEdit[] = [...model.splits];
  const refOf = (key: string) => (key.startsWith(NEW_GRID_PREFIX) ? { newGrid: key.slice(NEW_GRID_PREFIX.length) } : { code: key });
  for (const key of summary.createdGrids) {
    const slot = model.slots[model.slotIndex.get(key)!];
    edits.push({ kind: 'create_grid', newGrid: slot.newGrid!, villageCode: slot.villageCode, name: nameOf(model, model.slotIndex.get(key)!) });
  }
  const byTarget = new Map<string, string[]>();
  for (const blockId of summary.movedBlocks) {
    const key = model.slots[model.topology.blockGrid[model.blockIndex.get(blockId)!]].key;
    const list = byTarget.get(key);
    if (list) list.push(blockId);
    else byTarget.set(key, [blockId]);
  }
  for (const [key, blockIds] of byTarget) edits.push({ kind: 'move_blocks', blockIds, to: refOf(key) });
  for (const key of summary.renamedGrids) edits.push({ kind: 'rename_grid', grid: refOf(key), name: model.names.get(key)! });
  return { baseVersion: model.baseVersion, author, reason, edits };
}
