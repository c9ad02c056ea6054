// What changed between two plans of one township: blocks that moved, appeared or went, and grids
// created, retired or reshaped. Pure.
import type { PlanDiff, TownshipPlan } from './types.ts';

export function diffPlans(from: TownshipPlan, to: TownshipPlan): PlanDiff {
  const before = new Map(from.blocks.map((block) => [block.id, block]));
  const after = new Map(to.blocks.map((block) => [block.id, block]));
  const movedBlocks: PlanDiff['movedBlocks'] = [];
  const addedBlocks: PlanDiff['addedBlocks'] = [];
  const removedBlocks: PlanDiff['removedBlocks'] = [];
  for (const block of to.blocks) {
    const old = before.get(block.id);
    if (!old) addedBlocks.push({ blockId: block.id, grid: block.gridCode, polygon: block.polygon });
    else if (old.gridCode !== block.gridCode) {
      movedBlocks.push({ blockId: block.id, fromGrid: old.gridCode, toGrid: block.gridCode, polygon: block.polygon });
    }
  }
  for (const block of from.blocks) {
    if (!after.has(block.id)) removedBlocks.push({ blockId: block.id, grid: block.gridCode, polygon: block.polygon });
  }
  const setsBefore = blockSets(from), setsAfter = blockSets(to);
  const fromCodes = new Set(from.grids.map((grid) => grid.code));
  const toCodes = new Set(to.grids.map((grid) => grid.code));
  const byId = (x: { blockId: string }, y: { blockId: string }) => (x.blockId < y.blockId ? -1 : x.blockId > y.blockId ? 1 : 0);
  return {
    townshipCode: to.townshipCode,
    from: from.version,
    to: to.version,
    movedBlocks: movedBlocks.sort(byId),
    addedBlocks: addedBlocks.sort(byId),
    removedBlocks: removedBlocks.sort(byId),
    createdGrids: [...toCodes].filter((code) => !fromCodes.has(code)).sort(),
    retiredGrids: [...fromCodes].filter((code) => !toCodes.has(code)).sort(),
    changedGrids: [...toCodes].filter((code) => fromCodes.has(code) && setsBefore.get(code) !== setsAfter.get(code)).sort(),
  };
}

/** Each grid's block ids as one sorted key. */
export function blockSets(plan: TownshipPlan): Map<string, string> {
  const lists = new Map<string, string[]>();
  for (const block of plan.blocks) {
    const list = lists.get(block.gridCode);
    if (list) list.push(block.id);
    else lists.set(block.gridCode, [block.id]);
  }
  return new Map([...lists].map(([code, ids]) => [code, ids.sort().join('\u0000')]));
}
