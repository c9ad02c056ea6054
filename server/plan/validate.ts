// Checks a township plan as a whole: every block in exactly one grid, grids inside one village and in
// one piece, no unknown ids; household balance against the target is reported, never refused. Pure
// (runs in the browser for live feedback, and on the server before every save).
import type { BalanceState, BalanceTarget, PlanProblem, TownshipPlan } from './types.ts';
import { countPieces, neighbourLists } from './adjacency.ts';

export interface GridBalance {
  households: number;
  state: BalanceState;
}

export interface PlanValidation {
  valid: boolean;
  problems: PlanProblem[];
  /** Households and balance state per grid code. */
  balance: Record<string, GridBalance>;
  /** Connected pieces per grid code (1 when contiguous, 0 when empty). */
  contiguity: Record<string, number>;
}

export const DEFAULT_TOLERANCE = 0.25;

export function balanceState(households: number, target: BalanceTarget): BalanceState {
  if (households < target.households * (1 - target.tolerance)) return 'under';
  if (households > target.households * (1 + target.tolerance)) return 'over';
  return 'within';
}

export function validatePlan(plan: TownshipPlan): PlanValidation {
  const problems: PlanProblem[] = [];
  const balance: Record<string, GridBalance> = {};
  const contiguity: Record<string, number> = {};
  const gridIndex = new Map<string, number>();
  plan.grids.forEach((grid, index) => {
    if (gridIndex.has(grid.code)) problems.push({ edit: null, field: 'grids', reason: `grid ${grid.code} is listed twice` });
    gridIndex.set(grid.code, index);
  });
  const members: number[][] = plan.grids.map(() => []);
  const seenBlocks = new Set<string>();
  plan.blocks.forEach((block, index) => {
    if (seenBlocks.has(block.id)) problems.push({ edit: null, field: 'blocks', reason: `block ${block.id} is listed twice` });
    seenBlocks.add(block.id);
    const grid = gridIndex.get(block.gridCode);
    if (grid === undefined) {
      problems.push({ edit: null, field: 'blocks', reason: `block ${block.id} is in unknown grid ${block.gridCode}` });
      return;
    }
    members[grid].push(index);
    const gridVillage = plan.grids[grid].villageCode;
    if (block.villageCode !== gridVillage) {
      problems.push({
        edit: null,
        field: 'blocks',
        reason: `block ${block.id} of village ${block.villageCode} cannot join grid ${block.gridCode} of village ${gridVillage}`,
      });
    }
  });
  const neighbours = neighbourLists(plan.blocks.map((block) => block.polygon));
  plan.grids.forEach((grid, index) => {
    const households = members[index].reduce((sum, blockIndex) => sum + plan.blocks[blockIndex].households, 0);
    balance[grid.code] = { households, state: balanceState(households, plan.target) };
    const pieces = countPieces(members[index], neighbours);
    contiguity[grid.code] = pieces;
    if (pieces === 0) problems.push({ edit: null, field: 'grids', reason: `grid ${grid.code} has no block` });
    else if (pieces > 1) problems.push({ edit: null, field: 'grids', reason: `grid ${grid.code} falls apart into ${pieces} pieces` });
  });
  return { valid: problems.length === 0, problems, balance, contiguity };
}
