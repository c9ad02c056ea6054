import { describe, expect, it } from 'vitest';
import { proposeRebalance, KEEP_CODE_OVERLAP } from '../../server/plan/rebalance.ts';
import { applyEdits, isNewGridCode } from '../../server/plan/apply.ts';
import { validatePlan } from '../../server/plan/validate.ts';
import { diffPlans } from '../../server/plan/diff.ts';
import { loadLatticeDataset, TOWNSHIP_A, VILLAGE_A1 } from '../fixtures/plan/lattice.ts';
import { planFromDataset } from './helpers.ts';

const plan = () => planFromDataset(loadLatticeDataset(), TOWNSHIP_A);

describe('proposeRebalance', () => {
  it('its changeset applies to a valid plan whose diff is the one proposed', () => {
    for (const factor of [1, 0.5, 2]) {
      const current = plan();
      const result = proposeRebalance(current, { targetHouseholds: current.target.households * factor });
      expect(result.valid).toBe(true);
      if (!result.valid) continue;
      const applied = applyEdits(current, result.proposal.changeset.edits);
      expect(applied.valid).toBe(true);
      if (!applied.valid) continue;
      expect(validatePlan(applied.plan).valid).toBe(true);
      const diff = diffPlans(current, applied.plan);
      expect(diff.movedBlocks).toEqual(result.proposal.diff.movedBlocks);
      expect(diff.retiredGrids).toEqual(result.proposal.diff.retiredGrids);
      expect(result.proposal.diff.createdGrids.every(isNewGridCode)).toBe(true);
      // Every kept code holds at least the overlap threshold of its old households.
      for (const code of result.proposal.keptCodes) {
        const before = new Set(current.blocks.filter((b) => b.gridCode === code).map((b) => b.id));
        const after = new Set(applied.plan.blocks.filter((b) => b.gridCode === code).map((b) => b.id));
        const weight = (ids: Iterable<string>) => [...ids].reduce((sum, id) => sum + current.blocks.find((b) => b.id === id)!.households, 0);
        const both = weight([...after].filter((id) => before.has(id)));
        const either = weight(new Set([...before, ...after]));
        expect(both / either).toBeGreaterThanOrEqual(KEEP_CODE_OVERLAP);
      }
    }
  });

  it('halving the target creates grids; a grid left unchanged keeps its code', () => {
    const current = plan();
    const halved = proposeRebalance(current, { targetHouseholds: current.target.households / 2 });
    expect(halved.valid && halved.proposal.diff.createdGrids.length).toBeGreaterThan(0);
    const same = proposeRebalance(current, {});
    expect(same.valid).toBe(true);
    if (same.valid) {
      const untouched = current.grids.map((g) => g.code).filter((code) => !same.proposal.diff.changedGrids.includes(code) && !same.proposal.diff.retiredGrids.includes(code));
      for (const code of untouched) expect(same.proposal.keptCodes).toContain(code);
    }
    expect(proposeRebalance(current, { targetHouseholds: -1 }).valid).toBe(false);
    expect(current.grids.some((g) => g.villageCode === VILLAGE_A1)).toBe(true);
  });
});
