// Rebalance: re-run the automatic partition for one township, keep the code of every grid whose
// block set barely changes (weighted Jaccard ≥ 0.8), and express the result as a changeset. Pure.
import type { Block } from '../geo/types.ts';
import { partitionAll } from '../geo/partition.ts';
import { applyEdits } from './apply.ts';
import { diffPlans } from './diff.ts';
import { sharedBorders } from './adjacency.ts';
import type { PlanEdit, RebalanceProposal, TownshipPlan } from './types.ts';

/** Overlap at or above which a new group keeps the code of the old grid it matches. */
export const KEEP_CODE_OVERLAP = 0.8;

export interface RebalanceOptions {
  /** Households per grid to aim at; the township's target when absent. */
  targetHouseholds?: number;
  author?: string;
  reason?: string;
}

export type RebalanceResult = { valid: true; proposal: RebalanceProposal } | { valid: false; reason: string };

export function proposeRebalance(plan: TownshipPlan, options: RebalanceOptions = {}): RebalanceResult {
  const target = options.targetHouseholds ?? plan.target.households;
  if (!(target > 0) || !Number.isFinite(target)) return { valid: false, reason: 'the target must be a positive number of households' };
  const blocks: Block[] = plan.blocks.map((block) => ({
    id: block.id,
    townshipCode: plan.townshipCode,
    villageCode: block.villageCode,
    polygon: block.polygon,
    areaM2: block.areaM2,
    households: block.households,
  }));
  const groupsByVillage = partitionAll(blocks, sharedBorders(plan.blocks), { targetHouseholds: target });
  const useCounts = plan.blocks.every((block) => block.households <= 0);
  const weight = new Map(plan.blocks.map((block) => [block.id, useCounts ? 1 : Math.max(0, block.households)]));
  const gridOf = new Map(plan.blocks.map((block) => [block.id, block.gridCode]));
  const oldSets = new Map<string, Set<string>>();
  for (const block of plan.blocks) {
    const set = oldSets.get(block.gridCode);
    if (set) set.add(block.id);
    else oldSets.set(block.gridCode, new Set([block.id]));
  }
  const gridVillage = new Map(plan.grids.map((grid) => [grid.code, grid.villageCode]));

  const edits: PlanEdit[] = [];
  const moves: Array<{ ids: string[]; to: PlanEdit & { kind: 'move_blocks' } }> = [];
  const keptCodes: string[] = [];
  let fresh = 0;
  for (const [villageCode, groups] of groupsByVillage) {
    const candidates: Array<{ group: number; code: string; overlap: number }> = [];
    groups.forEach((group, index) => {
      const codes = new Set(group.map((id) => gridOf.get(id)!));
      for (const code of codes) {
        if (gridVillage.get(code) !== villageCode) continue;
        const overlap = jaccard(group, oldSets.get(code)!, weight);
        if (overlap >= KEEP_CODE_OVERLAP) candidates.push({ group: index, code, overlap });
      }
    });
    candidates.sort((x, y) => y.overlap - x.overlap || (x.code < y.code ? -1 : 1));
    const codeOfGroup = new Map<number, string>();
    const taken = new Set<string>();
    for (const candidate of candidates) {
      if (codeOfGroup.has(candidate.group) || taken.has(candidate.code)) continue;
      codeOfGroup.set(candidate.group, candidate.code);
      taken.add(candidate.code);
    }
    groups.forEach((group, index) => {
      const code = codeOfGroup.get(index);
      let to: { code: string } | { newGrid: string };
      if (code !== undefined) {
        keptCodes.push(code);
        to = { code };
      } else {
        const key = `rebalance-${++fresh}`;
        edits.push({ kind: 'create_grid', newGrid: key, villageCode });
        to = { newGrid: key };
      }
      const ids = group.filter((id) => code === undefined || gridOf.get(id) !== code);
      if (ids.length > 0) moves.push({ ids, to: { kind: 'move_blocks', blockIds: ids, to } });
    });
  }
  edits.push(...moves.map((move) => move.to));
  const applied = applyEdits(plan, edits);
  if (!applied.valid) return { valid: false, reason: applied.problems[0]?.reason ?? 'the partition could not be applied' };
  const diff = diffPlans(plan, { ...applied.plan, version: plan.version + 1 });
  return {
    valid: true,
    proposal: {
      townshipCode: plan.townshipCode,
      baseVersion: plan.version,
      changeset: {
        baseVersion: plan.version,
        author: options.author ?? 'rebalance',
        reason: options.reason ?? `rebalance to ${Math.round(target)} households per grid`,
        edits,
      },
      keptCodes: keptCodes.sort(),
      diff: { movedBlocks: diff.movedBlocks, createdGrids: diff.createdGrids, retiredGrids: diff.retiredGrids, changedGrids: diff.changedGrids },
    },
  };
}

function jaccard(group: string[], old: Set<string>, weight: Map<string, number>): number {
  let both = 0, either = 0;
  const seen = new Set<string>();
  for (const id of group) {
    seen.add(id);
    const w = weight.get(id) ?? 0;
    either += w;
    if (old.has(id)) both += w;
  }
  for (const id of old) if (!seen.has(id)) either += weight.get(id) ?? 0;
  return either > 0 ? both / either : 0;
}
