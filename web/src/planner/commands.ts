// Editing commands: each is checked before it is made (a refusal names its reason) and can be
// applied forwards and backwards. Because grids are sets of whole blocks, no command can open a
// gap or an overlap; the checks keep every grid inside one village and next to what it takes.
import type { PlanBlock, PlanProblem, TownshipPlan } from '../../../server/plan/types.ts';
import { pointInPolygon } from '../../../server/geo/ring.ts';
import type { Position } from '../../../server/geo/types.ts';
import {
  ensureSlot,
  moveBlocks,
  newGridSlot,
  restore,
  snapshot,
  type EditedState,
  type GridSlot,
  type PlannerModel,
  type SplitEdit,
} from './model.ts';
import { twin } from './topology.ts';

export interface BlockMove {
  blockId: string;
  from: string;
  to: string;
}

export type PlannerCommand =
  | { kind: 'move'; moves: BlockMove[] }
  | { kind: 'create'; slot: GridSlot; moves: BlockMove[] }
  | { kind: 'merge'; from: string; into: string; moves: BlockMove[] }
  | { kind: 'split-block'; edit: SplitEdit; before: EditedState; after: EditedState }
  | { kind: 'rename'; key: string; from: string; to: string };

export type RefusalReason =
  | 'emptySelection'
  | 'crossesVillage'
  | 'notNeighbour'
  | 'alreadyInGrid'
  | 'sameGrid'
  | 'unknownGrid'
  | 'noBlockUnderLine'
  | 'splitRefused'
  | 'emptyName';

export type Planned = { valid: true; command: PlannerCommand } | { valid: false; reason: RefusalReason; detail?: string };

const refuse = (reason: RefusalReason, detail?: string): Planned => ({ valid: false, reason, detail });

function blockIndices(model: PlannerModel, blockIds: Iterable<string>): number[] {
  const result: number[] = [];
  for (const id of blockIds) {
    const index = model.blockIndex.get(id);
    if (index !== undefined) result.push(index);
  }
  return result;
}

/** True when some block of the set shares an edge with a block of `slot` outside the set. */
function touchesSlot(model: PlannerModel, blocks: readonly number[], slot: number): boolean {
  const { index, blockGrid } = model.topology;
  const inSet = new Set(blocks);
  for (const block of blocks) {
    for (const halfEdge of index.blockHalfEdges[block]) {
      const other = index.halfEdgeBlock[twin(halfEdge)];
      if (other >= 0 && !inSet.has(other) && blockGrid[other] === slot) return true;
    }
  }
  return false;
}

/** Assigning the selected blocks to an existing grid next to them, in the same village. */
export function planMove(model: PlannerModel, blockIds: Iterable<string>, targetKey: string): Planned {
  const target = model.slotIndex.get(targetKey);
  if (target === undefined) return refuse('unknownGrid');
  const blocks = blockIndices(model, blockIds);
  if (blocks.length === 0) return refuse('emptySelection');
  const village = model.slots[target].villageCode;
  const foreign = blocks.find((block) => model.topology.villageOf[block] !== village);
  if (foreign !== undefined) return refuse('crossesVillage', model.blocks[foreign].id);
  const moving = blocks.filter((block) => model.topology.blockGrid[block] !== target);
  if (moving.length === 0) return refuse('alreadyInGrid');
  if (!touchesSlot(model, moving, target)) return refuse('notNeighbour');
  return { valid: true, command: { kind: 'move', moves: movesOf(model, moving, targetKey) } };
}

function movesOf(model: PlannerModel, blocks: readonly number[], to: string): BlockMove[] {
  return blocks.map((block) => ({ blockId: model.blocks[block].id, from: model.slots[model.topology.blockGrid[block]].key, to }));
}

/** A new grid made of the selected blocks (which splits the grid they came from when they were part of one). */
export function planCreateGrid(model: PlannerModel, blockIds: Iterable<string>, name: string): Planned {
  const blocks = blockIndices(model, blockIds);
  if (blocks.length === 0) return refuse('emptySelection');
  if (name.trim() === '') return refuse('emptyName');
  const village = model.topology.villageOf[blocks[0]];
  if (blocks.some((block) => model.topology.villageOf[block] !== village)) return refuse('crossesVillage');
  const slot = newGridSlot(model, village, name.trim());
  return { valid: true, command: { kind: 'create', slot, moves: movesOf(model, blocks, slot.key) } };
}

/** Merging one grid into a neighbouring grid of the same village. */
export function planMerge(model: PlannerModel, fromKey: string, intoKey: string): Planned {
  const from = model.slotIndex.get(fromKey), into = model.slotIndex.get(intoKey);
  if (from === undefined || into === undefined) return refuse('unknownGrid');
  if (from === into) return refuse('sameGrid');
  if (model.slots[from].villageCode !== model.slots[into].villageCode) return refuse('crossesVillage');
  const blocks = [...model.topology.gridBlocks[from]];
  if (blocks.length === 0) return refuse('emptySelection');
  if (!touchesSlot(model, blocks, into)) return refuse('notNeighbour');
  return { valid: true, command: { kind: 'merge', from: fromKey, into: intoKey, moves: movesOf(model, blocks, intoKey) } };
}

export function planRename(model: PlannerModel, key: string, name: string): Planned {
  const slot = model.slotIndex.get(key);
  if (slot === undefined) return refuse('unknownGrid');
  if (name.trim() === '') return refuse('emptyName');
  const current = model.names.get(key) ?? model.slots[slot].name;
  return { valid: true, command: { kind: 'rename', key, from: current, to: name.trim() } };
}

/** The block a drawn line cuts: the one holding most of the line's sample points. */
export function blockUnderLine(model: PlannerModel, line: readonly Position[]): number {
  const samples: Position[] = [];
  for (let i = 0; i + 1 < line.length; i++) {
    for (let k = 1; k < 16; k++) {
      const t = k / 16;
      samples.push([line[i][0] + (line[i + 1][0] - line[i][0]) * t, line[i][1] + (line[i + 1][1] - line[i][1]) * t]);
    }
  }
  const counts = new Map<number, number>();
  model.blocks.forEach((block, index) => {
    const ring = block.polygon[0];
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (const [x, y] of ring) {
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    for (const [x, y] of samples) {
      if (x < minX || x > maxX || y < minY || y > maxY) continue;
      if (pointInPolygon(x, y, block.polygon)) counts.set(index, (counts.get(index) ?? 0) + 1);
    }
  });
  let best = -1, bestCount = 0;
  for (const [index, count] of counts) if (count > bestCount) [best, bestCount] = [index, count];
  return best;
}

/** Cuts blocks for the given splits, from the saved plan: the server's own rule, so ids and households agree. */
export type BlockSplitter = (
  plan: TownshipPlan,
  edits: SplitEdit[],
) => { valid: true; plan: TownshipPlan } | { valid: false; problems: PlanProblem[] };

/** Splitting the block under a drawn line into pieces that keep its grid. */
export function planSplitBlock(model: PlannerModel, line: Position[], splitter: BlockSplitter): Planned {
  const block = blockUnderLine(model, line);
  if (block < 0) return refuse('noBlockUnderLine');
  const edit: SplitEdit = { kind: 'split_block', blockId: model.blocks[block].id, line };
  const before = snapshot(model);
  const result = splitter(model.saved, [...model.splits, edit]);
  if (!result.valid) return refuse('splitRefused', result.problems.map((problem) => problem.reason).join('; '));
  const gridOf = new Map(before.gridOf);
  const blocks: PlanBlock[] = result.plan.blocks;
  for (const piece of blocks) {
    if (gridOf.has(piece.id)) continue;
    // A piece `<id>.<k>` keeps the grid of the block it was cut from.
    let parent = piece.id;
    while (!gridOf.has(parent) && parent.includes('.')) parent = parent.slice(0, parent.lastIndexOf('.'));
    const key = gridOf.get(parent);
    if (key === undefined) return refuse('splitRefused', piece.id);
    gridOf.set(piece.id, key);
  }
  const after: EditedState = { blocks, gridOf, splits: [...model.splits, edit] };
  return { valid: true, command: { kind: 'split-block', edit, before, after } };
}

/** Applies a command forwards or backwards. */
export function applyCommand(model: PlannerModel, command: PlannerCommand, direction: 'forward' | 'backward'): void {
  const forward = direction === 'forward';
  switch (command.kind) {
    case 'create':
      ensureSlot(model, command.slot);
      moveBlocks(model, command.moves.map((move) => ({ blockId: move.blockId, to: forward ? move.to : move.from })));
      return;
    case 'move':
    case 'merge':
      moveBlocks(model, command.moves.map((move) => ({ blockId: move.blockId, to: forward ? move.to : move.from })));
      return;
    case 'split-block':
      restore(model, forward ? command.after : command.before);
      return;
    case 'rename':
      model.names.set(command.key, forward ? command.to : command.from);
      model.revision++;
      return;
  }
}
