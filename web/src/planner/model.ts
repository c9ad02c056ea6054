// The planner's working copy of one township's plan: blocks (with any split pieces), grid slots,
// the incremental topology and cached outlines. Edits are commands that apply forwards and
// backwards, so undo and redo are the same incremental moves as the edit itself.
import type { MultiPolygonCoords, Position } from '../../../server/geo/types.ts';
import type { BalanceTarget, PlanBlock, PlanEdit, TownshipPlan } from '../../../server/plan/types.ts';
import { colourGrids, repairColours } from './colouring.ts';
import { assemblePolygons, chainRingVertices } from './rings.ts';
import { blockAnchors } from './selection.ts';
import { addGridSlot, buildEdgeIndex, createTopology, gridNeighbours, gridPieces, moveBlock, type Topology } from './topology.ts';

/** A grid as the editor knows it: a saved one (by code) or one created in this session (by key). */
export interface GridSlot {
  /** The code of a saved grid, or `new:<key>` for a grid this changeset creates. */
  key: string;
  code: string | null;
  newGrid: string | null;
  villageCode: string;
  name: string;
}

export type SplitEdit = Extract<PlanEdit, { kind: 'split_block' }>;

export interface PlannerModel {
  townshipCode: string;
  baseVersion: number;
  target: BalanceTarget;
  saved: TownshipPlan;
  /** Saved grid code of every saved block. */
  savedGridOf: Map<string, string>;
  blocks: PlanBlock[];
  blockIndex: Map<string, number>;
  anchors: Position[];
  slots: GridSlot[];
  slotIndex: Map<string, number>;
  topology: Topology;
  /** Block splits in effect, in the order they were made. */
  splits: SplitEdit[];
  /** Names changed in this session, by slot key. */
  names: Map<string, string>;
  nextNewGrid: number;
  colours: number[];
  /** Outline per slot, null when it must be re-chained. */
  outlines: (MultiPolygonCoords | null)[];
  pieces: (number | null)[];
  /** Bumped on every change (React re-renders on it). */
  revision: number;
  /** Slots changed since the map was last given their shapes. */
  dirtySlots: Set<number>;
  /** True when the block list itself changed (a split or its undo): the map needs every block again. */
  blocksChanged: boolean;
}

export const NEW_GRID_PREFIX = 'new:';

function savedSlot(grid: TownshipPlan['grids'][number]): GridSlot {
  return { key: grid.code, code: grid.code, newGrid: null, villageCode: grid.villageCode, name: grid.name };
}

export function createModel(plan: TownshipPlan): PlannerModel {
  const slots = plan.grids.map(savedSlot);
  const model: PlannerModel = {
    townshipCode: plan.townshipCode,
    baseVersion: plan.version,
    target: plan.target,
    saved: plan,
    savedGridOf: new Map(plan.blocks.map((block) => [block.id, block.gridCode])),
    blocks: [],
    blockIndex: new Map(),
    anchors: [],
    slots,
    slotIndex: new Map(slots.map((slot, index) => [slot.key, index])),
    topology: null as unknown as Topology,
    splits: [],
    names: new Map(),
    nextNewGrid: 1,
    colours: [],
    outlines: [],
    pieces: [],
    revision: 0,
    dirtySlots: new Set(),
    blocksChanged: true,
  };
  setBlocks(model, plan.blocks, new Map(plan.blocks.map((block) => [block.id, block.gridCode])));
  model.colours = colourGrids(model.slots.length, (slot) => gridNeighbours(model.topology, slot));
  return model;
}

/** Replaces the block list (on load, after a split and its undo) and rebuilds the topology. */
function setBlocks(model: PlannerModel, blocks: PlanBlock[], gridOf: ReadonlyMap<string, string>): void {
  for (const block of blocks) {
    const key = gridOf.get(block.id) ?? block.gridCode;
    if (!model.slotIndex.has(key)) throw new Error(`block ${block.id} names unknown grid ${key}`);
  }
  model.blocks = blocks;
  model.blockIndex = new Map(blocks.map((block, index) => [block.id, index]));
  model.anchors = blockAnchors(blocks);
  const index = buildEdgeIndex(blocks);
  const slotOfBlock = blocks.map((block) => model.slotIndex.get(gridOf.get(block.id) ?? block.gridCode)!);
  model.topology = createTopology(index, blocks, slotOfBlock, model.slots.length);
  model.outlines = model.slots.map(() => null);
  model.pieces = model.slots.map(() => null);
  model.dirtySlots = new Set(model.slots.map((_, slot) => slot));
  model.blocksChanged = true;
  if (model.colours.length > 0) repairColours(model.colours, model.dirtySlots, (slot) => gridNeighbours(model.topology, slot));
  model.revision++;
}

export function slotOfBlock(model: PlannerModel, blockId: string): number {
  const block = model.blockIndex.get(blockId);
  return block === undefined ? -1 : model.topology.blockGrid[block];
}

export function keyOfBlock(model: PlannerModel, blockId: string): string | null {
  const slot = slotOfBlock(model, blockId);
  return slot < 0 ? null : model.slots[slot].key;
}

/** The slot for a key, created empty when it is a new grid not seen before. */
export function ensureSlot(model: PlannerModel, slot: GridSlot): number {
  const existing = model.slotIndex.get(slot.key);
  if (existing !== undefined) return existing;
  model.slots.push(slot);
  model.slotIndex.set(slot.key, model.slots.length - 1);
  addGridSlot(model.topology);
  model.outlines.push(null);
  model.pieces.push(null);
  model.colours.push(-1);
  return model.slots.length - 1;
}

/** A fresh new-grid slot description (not yet added). */
export function newGridSlot(model: PlannerModel, villageCode: string, name: string): GridSlot {
  const newGrid = `g${model.nextNewGrid++}`;
  return { key: NEW_GRID_PREFIX + newGrid, code: null, newGrid, villageCode, name };
}

/** Moves blocks (by id) to a slot key, marking the grids involved for re-chaining. */
export function moveBlocks(model: PlannerModel, moves: readonly { blockId: string; to: string }[]): Set<number> {
  const touched = new Set<number>();
  for (const { blockId, to } of moves) {
    const block = model.blockIndex.get(blockId);
    const slot = model.slotIndex.get(to);
    if (block === undefined || slot === undefined) continue;
    const from = moveBlock(model.topology, block, slot);
    touched.add(from).add(slot);
  }
  markDirty(model, touched);
  return touched;
}

function markDirty(model: PlannerModel, slots: Iterable<number>): void {
  const list = [...slots];
  for (const slot of list) {
    model.outlines[slot] = null;
    model.pieces[slot] = null;
    model.dirtySlots.add(slot);
  }
  repairColours(model.colours, list, (slot) => gridNeighbours(model.topology, slot));
  model.revision++;
}

/** A grid's outline (re-chained only after it changed). */
export function outlineOf(model: PlannerModel, slot: number): MultiPolygonCoords {
  let outline = model.outlines[slot];
  if (!outline) {
    const index = model.topology.index;
    outline = assemblePolygons(index, chainRingVertices(index, model.topology.gridBorder[slot]));
    model.outlines[slot] = outline;
  }
  return outline;
}

export function piecesOf(model: PlannerModel, slot: number): number {
  let pieces = model.pieces[slot];
  if (pieces === null || pieces === undefined) {
    pieces = gridPieces(model.topology, slot);
    model.pieces[slot] = pieces;
  }
  return pieces;
}

/** Slots that hold at least one block: the grids of the plan as edited. */
export function liveSlots(model: PlannerModel): number[] {
  const result: number[] = [];
  model.slots.forEach((_, slot) => {
    if (model.topology.gridBlocks[slot].size > 0) result.push(slot);
  });
  return result;
}

export function nameOf(model: PlannerModel, slot: number): string {
  const grid = model.slots[slot];
  return model.names.get(grid.key) ?? grid.name;
}

/** The plan as edited, in the contract's shape (new grids under their slot key). */
export interface EditedState {
  blocks: PlanBlock[];
  gridOf: Map<string, string>;
  splits: SplitEdit[];
}

export function snapshot(model: PlannerModel): EditedState {
  return {
    blocks: model.blocks,
    gridOf: new Map(model.blocks.map((block, index) => [block.id, model.slots[model.topology.blockGrid[index]].key])),
    splits: [...model.splits],
  };
}

export function restore(model: PlannerModel, state: EditedState): void {
  model.splits = [...state.splits];
  setBlocks(model, state.blocks, state.gridOf);
}
