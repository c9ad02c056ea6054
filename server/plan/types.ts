// The grid-plan editing contract shared by the server (validation, storage, HTTP) and the planner
// in the browser (which computes the same edits locally for live feedback).
import type { PolygonCoords, Position } from '../geo/types.ts';

/** A grid an edit assigns blocks to: an existing code, or a grid created by this changeset. */
export type GridRef = { code: string } | { newGrid: string };

/**
 * One step of a changeset. Steps apply in order; the result, not the path, is what is validated.
 * - `split_block` cuts a block along a polyline (a new street); the pieces get ids
 *   `${blockId}.${k}` (k = 1..n, ordered by their interior point, west→east then south→north;
 *   when such ids were used before, see `retiredBlockIds`, k continues after the highest taken),
 *   inherit the block's grid, and share out its households by area.
 * - `move_blocks` assigns blocks to a grid (a merge is moving all of one grid's blocks; a grid left
 *   with no block is retired; splitting a grid is creating one from some of its blocks).
 * - `create_grid` declares a new grid in a village; blocks join it through `move_blocks`.
 * - `rename_grid` changes a grid's display name (its code never changes).
 */
export type PlanEdit =
  | { kind: 'split_block'; blockId: string; line: Position[] }
  | { kind: 'move_blocks'; blockIds: string[]; to: GridRef }
  | { kind: 'create_grid'; newGrid: string; villageCode: string; name?: string }
  | { kind: 'rename_grid'; grid: GridRef; name: string };

export interface PlanChangeset {
  /** The township plan version the edits were made on; a stale base is refused (409). */
  baseVersion: number;
  author: string;
  reason: string;
  edits: PlanEdit[];
}

/** Household balance of one grid against the township's target. */
export type BalanceState = 'under' | 'within' | 'over';

export interface BalanceTarget {
  /** Households per grid the township aims for. */
  households: number;
  /** Allowed relative deviation, e.g. 0.25 for ±25 %. */
  tolerance: number;
}

/** A block as the planner sees it. */
export interface PlanBlock {
  id: string;
  villageCode: string;
  gridCode: string;
  households: number;
  areaM2: number;
  polygon: PolygonCoords;
}

export interface PlanGrid {
  code: string;
  villageCode: string;
  name: string;
}

/** The current plan of one township: everything the editor needs. */
export interface TownshipPlan {
  townshipCode: string;
  version: number;
  target: BalanceTarget;
  grids: PlanGrid[];
  blocks: PlanBlock[];
  /**
   * Ids once used in the township but no longer in the plan (blocks replaced by their pieces, pieces
   * undone by a rollback). A split never reuses one: piece numbers continue after the highest taken.
   */
  retiredBlockIds?: string[];
}

/** A refusal: which edit (index into `edits`, or null for the result as a whole), field and why. */
export interface PlanProblem {
  edit: number | null;
  field: string;
  reason: string;
}

export interface PlanSaveResult {
  townshipCode: string;
  version: number;
  /** Codes issued to the changeset's new grids, by their `newGrid` key. */
  newCodes: Record<string, string>;
  /** Grids whose block set changed (kept codes), created, and retired by this version. */
  changedGrids: string[];
  createdGrids: string[];
  retiredGrids: string[];
  /** Open problems whose responsible grid changed. */
  relocatedIssues: number;
}

export interface PlanVersionSummary {
  version: number;
  author: string;
  reason: string;
  createdAt: string;
  gridCount: number;
  /** Version this one restored, when it is a rollback. */
  rollbackOf: number | null;
}

/** What changed between two versions of a township's plan. */
export interface PlanDiff {
  townshipCode: string;
  from: number;
  to: number;
  /** Blocks (present in both versions) whose grid changed. */
  movedBlocks: Array<{ blockId: string; fromGrid: string; toGrid: string; polygon: PolygonCoords }>;
  /** Blocks present in only one of the versions (split pieces and the blocks they replaced). */
  addedBlocks: Array<{ blockId: string; grid: string; polygon: PolygonCoords }>;
  removedBlocks: Array<{ blockId: string; grid: string; polygon: PolygonCoords }>;
  createdGrids: string[];
  retiredGrids: string[];
  /** Grids present in both whose block set changed. */
  changedGrids: string[];
}

/** An automatic re-partition of a township, not yet saved: save it with its `changeset`. */
export interface RebalanceProposal {
  townshipCode: string;
  baseVersion: number;
  changeset: PlanChangeset;
  /** Grids that keep their code because their block set barely changed. */
  keptCodes: string[];
  /** Grids the proposal creates appear by their provisional code `new:<key>` (see server/plan/apply.ts). */
  diff: Pick<PlanDiff, 'movedBlocks' | 'createdGrids' | 'retiredGrids' | 'changedGrids'>;
}

/** Body of a 409 answer to a save or rollback on a stale base version. */
export interface PlanConflictBody {
  error: 'stale_base';
  message: string;
  field: 'baseVersion';
  currentVersion: number;
}

/** Body of a 422 answer: the changeset (or rollback target) would not give a sound plan; nothing was saved. */
export interface PlanRefusalBody {
  error: 'invalid_plan' | 'unknown_version';
  message: string;
  field: string;
  reason: string;
  problems: PlanProblem[];
}
