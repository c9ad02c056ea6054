import { describe, expect, it } from 'vitest';
import { applyEdits, newGridCode } from '../../server/plan/apply.ts';
import { validatePlan } from '../../server/plan/validate.ts';
import { mergeByKey } from '../../server/geo/merge.ts';
import { tilesExactly } from '../../server/geo/coverage-edges.ts';
import { mergeAll } from '../../server/geo/merge.ts';
import type { TownshipPlan } from '../../server/plan/types.ts';
import { horizontalCut, loadLatticeDataset, TOWNSHIP_A, VILLAGE_A1, VILLAGE_A2 } from '../fixtures/plan/lattice.ts';
import { planFromDataset } from './helpers.ts';

const G_A1_S = `${VILLAGE_A1}001`, G_A1_N = `${VILLAGE_A1}002`, G_A2_S = `${VILLAGE_A2}001`;

function plan(): TownshipPlan {
  return planFromDataset(loadLatticeDataset(), TOWNSHIP_A);
}

function expectExactTiling(result: TownshipPlan, original: TownshipPlan): void {
  // Grids (unions of their blocks) tile the township outline (union of its blocks) exactly.
  const grids = mergeByKey(result.blocks.map((b) => b.polygon), result.blocks.map((b) => b.gridCode));
  for (const parts of grids.values()) expect(parts).toHaveLength(1);
  const outline = mergeAll(result.blocks.map((b) => b.polygon));
  expect(outline).toHaveLength(1);
  expect(tilesExactly([...grids.values()].flat(), outline)).toBe(true);
  const before = mergeAll(original.blocks.map((b) => b.polygon));
  expect(before).toHaveLength(1);
}

describe('applyEdits and validatePlan', () => {
  it('the fixture plan is valid, contiguous and balanced against its mean', () => {
    const check = validatePlan(plan());
    expect(check.valid).toBe(true);
    expect(Object.values(check.contiguity)).toEqual([1, 1, 1, 1]);
    expect(Object.keys(check.balance).sort()).toEqual([G_A1_S, G_A1_N, G_A2_S, `${VILLAGE_A2}002`].sort());
  });

  it('moves a border block to the neighbouring grid of the same village', () => {
    const result = applyEdits(plan(), [{ kind: 'move_blocks', blockIds: ['A-0-2'], to: { code: G_A1_N } }]);
    expect(result.valid).toBe(true);
    if (!result.valid) return;
    expect(result.plan.blocks.find((b) => b.id === 'A-0-2')!.gridCode).toBe(G_A1_N);
    const check = validatePlan(result.plan);
    expect(check.valid).toBe(true);
    expect(check.balance[G_A1_N].households - check.balance[G_A1_S].households).toBeGreaterThan(0);
    expectExactTiling(result.plan, plan());
  });

  it('flags a grid that falls apart and a grid crossing a village border', () => {
    const apart = applyEdits(plan(), [{ kind: 'move_blocks', blockIds: ['A-1-2'], to: { code: G_A1_N } }, { kind: 'move_blocks', blockIds: ['A-1-1', 'A-0-1', 'A-2-1'], to: { code: G_A1_N } }]);
    expect(apart.valid).toBe(true);
    if (!apart.valid) return;
    const check = validatePlan(apart.plan);
    expect(check.valid).toBe(false);
    expect(check.contiguity[G_A1_S]).toBe(3);
    const across = applyEdits(plan(), [{ kind: 'move_blocks', blockIds: ['A-3-0'], to: { code: G_A1_S } }]);
    expect(across.valid && validatePlan(across.plan).problems.map((p) => p.reason)).toEqual([
      `block A-3-0 of village ${VILLAGE_A2} cannot join grid ${G_A1_S} of village ${VILLAGE_A1}`,
    ]);
  });

  it('creates a grid from some blocks and retires an emptied grid (merge)', () => {
    const created = applyEdits(plan(), [
      { kind: 'create_grid', newGrid: 'x', villageCode: VILLAGE_A1, name: '新网格' },
      { kind: 'move_blocks', blockIds: ['A-0-0', 'A-1-0', 'A-2-0'], to: { newGrid: 'x' } },
    ]);
    expect(created.valid && created.newGridKeys).toEqual(['x']);
    if (!created.valid) return;
    expect(created.plan.grids.find((g) => g.code === newGridCode('x'))?.name).toBe('新网格');
    expect(validatePlan(created.plan).valid).toBe(true);
    const merged = applyEdits(plan(), [{ kind: 'move_blocks', blockIds: plan().blocks.filter((b) => b.gridCode === G_A1_N).map((b) => b.id), to: { code: G_A1_S } }]);
    expect(merged.valid && merged.plan.grids.map((g) => g.code)).not.toContain(G_A1_N);
  });

  it('splits a block, shares households by area and adds the cut points to the neighbours', () => {
    const original = plan();
    const result = applyEdits(original, [{ kind: 'split_block', blockId: 'A-1-1', line: horizontalCut(1, 1) }]);
    expect(result.valid).toBe(true);
    if (!result.valid) return;
    const pieces = result.plan.blocks.filter((b) => b.id.startsWith('A-1-1.'));
    expect(pieces.map((b) => b.id)).toEqual(['A-1-1.1', 'A-1-1.2']);
    const block = original.blocks.find((b) => b.id === 'A-1-1')!;
    expect(pieces.reduce((sum, b) => sum + b.households, 0)).toBe(block.households);
    expect(result.splits).toEqual([{ blockId: 'A-1-1', pieceIds: ['A-1-1.1', 'A-1-1.2'] }]);
    for (const neighbour of ['A-0-1', 'A-2-1']) {
      const before = original.blocks.find((b) => b.id === neighbour)!.polygon[0].length;
      expect(result.plan.blocks.find((b) => b.id === neighbour)!.polygon[0].length).toBe(before + 1);
    }
    expect(validatePlan(result.plan).valid).toBe(true);
    expectExactTiling(result.plan, original);
    // A piece moves on its own to the grid north of it.
    const moved = applyEdits(original, [
      { kind: 'split_block', blockId: 'A-1-2', line: horizontalCut(1, 2) },
      { kind: 'move_blocks', blockIds: ['A-1-2.2'], to: { code: G_A1_N } },
    ]);
    expect(moved.valid && validatePlan(moved.plan).valid).toBe(true);
    if (moved.valid) expectExactTiling(moved.plan, original);
  });

  it('continues piece numbers after retired ids', () => {
    const original = { ...plan(), retiredBlockIds: ['A-1-1.1', 'A-1-1.2'] };
    const result = applyEdits(original, [{ kind: 'split_block', blockId: 'A-1-1', line: horizontalCut(1, 1) }]);
    expect(result.valid && result.plan.blocks.filter((b) => b.id.startsWith('A-1-1.')).map((b) => b.id)).toEqual(['A-1-1.3', 'A-1-1.4']);
  });

  it('refuses unknown ids, undeclared new grids and bad names, naming the edit and field', () => {
    expect(applyEdits(plan(), [{ kind: 'move_blocks', blockIds: ['nope'], to: { code: G_A1_N } }])).toEqual({
      valid: false, problems: [{ edit: 0, field: 'blockIds', reason: 'no block nope in the plan' }],
    });
    const undeclared = applyEdits(plan(), [{ kind: 'move_blocks', blockIds: ['A-0-0'], to: { newGrid: 'y' } }]);
    expect(!undeclared.valid && undeclared.problems[0].field).toBe('to.newGrid');
    const unknownGrid = applyEdits(plan(), [{ kind: 'rename_grid', grid: { code: '360121100009001' }, name: 'x' }]);
    expect(!unknownGrid.valid && unknownGrid.problems[0].field).toBe('grid.code');
    const blank = applyEdits(plan(), [{ kind: 'rename_grid', grid: { code: G_A2_S }, name: '  ' }]);
    expect(!blank.valid && blank.problems[0]).toEqual({ edit: 0, field: 'name', reason: 'a name is 1–60 characters' });
    const badCut = applyEdits(plan(), [{ kind: 'split_block', blockId: 'A-0-0', line: [[0, 0], [1, 1]] }]);
    expect(!badCut.valid && badCut.problems[0].field).toBe('line');
    const foreignVillage = applyEdits(plan(), [{ kind: 'create_grid', newGrid: 'z', villageCode: '360121101001' }]);
    expect(!foreignVillage.valid && foreignVillage.problems[0].field).toBe('villageCode');
  });

  it('leaves the input plan untouched', () => {
    const original = plan();
    const snapshot = JSON.stringify(original);
    applyEdits(original, [{ kind: 'split_block', blockId: 'A-1-1', line: horizontalCut(1, 1) }, { kind: 'move_blocks', blockIds: ['A-0-0'], to: { code: G_A1_N } }]);
    expect(JSON.stringify(original)).toBe(snapshot);
  });
});
