// Behaviour every PlanStore backend must show. Backends call runPlanContract from their own test file.
import { afterEach, describe, expect, it } from 'vitest';
import type { GridStore } from '../../server/store/store.ts';
import { PlanError, planOf, type PlanStore } from '../../server/store/plan.ts';
import type { PlanChangeset, PlanEdit } from '../../server/plan/types.ts';
import { validatePlan } from '../../server/plan/validate.ts';
import { validateCoverage } from '../../server/geo/coverage.ts';
import { mergeByKey } from '../../server/geo/merge.ts';
import {
  LATTICE_NOW, TOWNSHIP_A, TOWNSHIP_B, VILLAGE_A1, VILLAGE_A2, cellCentre, horizontalCut, loadLatticeDataset,
} from '../fixtures/plan/lattice.ts';

export interface PlanContractOptions {
  now: () => Date;
}

type MakeStore = (options: PlanContractOptions) => Promise<GridStore> | GridStore;

const A1_SOUTH = `${VILLAGE_A1}001`, A1_NORTH = `${VILLAGE_A1}002`, A2_SOUTH = `${VILLAGE_A2}001`;

export function changeset(baseVersion: number, edits: PlanEdit[], reason = 'test edit'): PlanChangeset {
  return { baseVersion, author: 'planner', reason, edits };
}

async function refusal(work: () => unknown): Promise<PlanError> {
  try {
    await work();
  } catch (error) {
    if (error instanceof PlanError) return error;
    throw error;
  }
  throw new Error('expected a PlanError');
}

/** Grids of the store tile every village exactly, checked with the coverage validator. */
export async function expectExactCoverage(store: GridStore): Promise<void> {
  const grids = (await store.listGrids()) ?? [];
  const blocks = [...((await store.listBlocks({ townshipCode: TOWNSHIP_A })) ?? []), ...((await store.listBlocks({ townshipCode: TOWNSHIP_B })) ?? [])];
  const current = blocks.filter((block) => block.gridCode !== null);
  const villages = mergeByKey(current.map((block) => block.polygon), current.map((block) => block.villageCode));
  const report = validateCoverage({
    areas: [...villages].map(([code, coordinates]) => ({ code, geometry: { type: 'MultiPolygon' as const, coordinates } })),
    grids: grids.map((grid) => ({ code: grid.code, parentCode: grid.villageCode, geometry: { type: 'Polygon' as const, coordinates: grid.polygon } })),
  });
  expect(report.valid, JSON.stringify({ gaps: report.gaps, overlaps: report.overlaps, rings: report.invalidRings })).toBe(true);
  expect(report.exactlyTiledAreas).toBe(villages.size);
}

export function runPlanContract(name: string, makeStore: MakeStore): void {
  describe(`PlanStore contract: ${name}`, () => {
    const open: GridStore[] = [];
    afterEach(async () => {
      for (const store of open.splice(0)) await store.close();
    });

    async function seeded(): Promise<{ store: GridStore; plan: PlanStore }> {
      const store = await makeStore({ now: () => LATTICE_NOW });
      open.push(store);
      await store.seedDataset(loadLatticeDataset());
      const plan = planOf(store);
      if (!plan) throw new Error('the store offers no plan store');
      return { store, plan };
    }

    it('reads the seeded plan as version 1 with the first version\'s mean as target', async () => {
      const { plan } = await seeded();
      const current = (await plan.getPlan(TOWNSHIP_A))!;
      expect(current.version).toBe(1);
      expect(current.grids.map((grid) => grid.code)).toEqual([A1_SOUTH, A1_NORTH, A2_SOUTH, `${VILLAGE_A2}002`]);
      expect(current.blocks).toHaveLength(36);
      const dataset = loadLatticeDataset();
      const gridsA = dataset.grids.filter((grid) => grid.townshipCode === TOWNSHIP_A);
      expect(current.target.households).toBeCloseTo(gridsA.reduce((sum, grid) => sum + grid.households, 0) / gridsA.length, 6);
      expect(current.target.tolerance).toBe(0.25);
      expect(validatePlan(current).valid).toBe(true);
      expect(await plan.getPlan('360121999')).toBeNull();
      expect((await plan.listVersions(TOWNSHIP_A))!.map((v) => v.version)).toEqual([1]);
    });

    it('saves a block move as a new version: changed grids get new rows, others keep theirs', async () => {
      const { store, plan } = await seeded();
      const dataVersion = store.dataVersion();
      const untouched = (await store.getGrid(A2_SOUTH))!;
      const result = await plan.saveChangeset(TOWNSHIP_A, changeset(1, [{ kind: 'move_blocks', blockIds: ['A-0-2'], to: { code: A1_NORTH } }]));
      expect(result).toMatchObject({ version: 2, changedGrids: [A1_SOUTH, A1_NORTH], createdGrids: [], retiredGrids: [], newCodes: {} });
      expect(store.dataVersion()).toBeGreaterThan(dataVersion);
      expect((await store.getGrid(A1_NORTH))!.blockIds).toContain('A-0-2');
      expect((await store.getGrid(A1_NORTH))!.version).toBe(2);
      expect(await store.getGrid(A2_SOUTH)).toEqual(untouched);
      const blocks = (await store.listBlocks({ townshipCode: TOWNSHIP_A }))!;
      expect(blocks.find((b) => b.id === 'A-0-2')!.gridCode).toBe(A1_NORTH);
      const versions = (await plan.listVersions(TOWNSHIP_A))!;
      expect(versions[0]).toMatchObject({ version: 2, author: 'planner', reason: 'test edit', gridCount: 4, rollbackOf: null });
      await expectExactCoverage(store);
    });

    it('refuses a stale base with the current version and changes nothing', async () => {
      const { store, plan } = await seeded();
      await plan.saveChangeset(TOWNSHIP_A, changeset(1, [{ kind: 'move_blocks', blockIds: ['A-0-2'], to: { code: A1_NORTH } }]));
      const before = { dataVersion: store.dataVersion(), plan: JSON.stringify(await plan.getPlan(TOWNSHIP_A)) };
      const error = await refusal(() => plan.saveChangeset(TOWNSHIP_A, changeset(1, [{ kind: 'move_blocks', blockIds: ['A-1-2'], to: { code: A1_NORTH } }])));
      expect(error.kind).toBe('stale_base');
      expect(error.currentVersion).toBe(2);
      expect(store.dataVersion()).toBe(before.dataVersion);
      expect(JSON.stringify(await plan.getPlan(TOWNSHIP_A))).toBe(before.plan);
    });

    it('refuses invalid results (split grid, village crossing, unknown ids) and changes nothing', async () => {
      const { store, plan } = await seeded();
      const before = { dataVersion: store.dataVersion(), plan: JSON.stringify(await plan.getPlan(TOWNSHIP_A)) };
      const apart = await refusal(() => plan.saveChangeset(TOWNSHIP_A, changeset(1, [{ kind: 'move_blocks', blockIds: ['A-1-1'], to: { code: A1_NORTH } }])));
      expect(apart.kind).toBe('invalid');
      expect(apart.problems.map((p) => p.reason)).toContain(`grid ${A1_NORTH} falls apart into 2 pieces`);
      const across = await refusal(() => plan.saveChangeset(TOWNSHIP_A, changeset(1, [{ kind: 'move_blocks', blockIds: ['A-3-0'], to: { code: A1_SOUTH } }])));
      expect(across.problems[0].reason).toMatch(/cannot join grid/);
      const unknown = await refusal(() => plan.saveChangeset(TOWNSHIP_A, changeset(1, [{ kind: 'move_blocks', blockIds: ['B-0-6'], to: { code: A1_SOUTH } }])));
      expect(unknown.field).toBe('edits.0.blockIds');
      const nothing = await refusal(() => plan.saveChangeset(TOWNSHIP_A, changeset(1, [])));
      expect(nothing.field).toBe('edits');
      const township = await refusal(() => plan.saveChangeset('360121999', changeset(1, [])));
      expect(township.kind).toBe('unknown_township');
      expect(store.dataVersion()).toBe(before.dataVersion);
      expect(JSON.stringify(await plan.getPlan(TOWNSHIP_A))).toBe(before.plan);
    });

    it('creates grids with the next sequence of their village and never reuses a retired code', async () => {
      const { store, plan } = await seeded();
      // Merge: the north grid of A1 joins the south one, and its code retires.
      const northBlocks = (await plan.getPlan(TOWNSHIP_A))!.blocks.filter((b) => b.gridCode === A1_NORTH).map((b) => b.id);
      const merged = await plan.saveChangeset(TOWNSHIP_A, changeset(1, [{ kind: 'move_blocks', blockIds: northBlocks, to: { code: A1_SOUTH } }]));
      expect(merged.retiredGrids).toEqual([A1_NORTH]);
      expect(await store.getGrid(A1_NORTH)).toBeNull();
      // Split the merged grid again: the new grid gets 003, not the retired 002.
      const split = await plan.saveChangeset(TOWNSHIP_A, changeset(2, [
        { kind: 'create_grid', newGrid: 'north', villageCode: VILLAGE_A1, name: '北片' },
        { kind: 'move_blocks', blockIds: northBlocks, to: { newGrid: 'north' } },
      ]));
      expect(split.newCodes).toEqual({ north: `${VILLAGE_A1}003` });
      expect(split.createdGrids).toEqual([`${VILLAGE_A1}003`]);
      expect((await store.getGrid(`${VILLAGE_A1}003`))!.name).toBe('北片');
      // Renaming keeps the code.
      const renamed = await plan.saveChangeset(TOWNSHIP_A, changeset(3, [{ kind: 'rename_grid', grid: { code: A1_SOUTH }, name: '南片' }]));
      expect(renamed.version).toBe(4);
      expect((await store.getGrid(A1_SOUTH))!.name).toBe('南片');
      await expectExactCoverage(store);
    });

    it('splits a block: pieces replace it, neighbours share the new vertices, coverage stays exact', async () => {
      const { store, plan } = await seeded();
      const result = await plan.saveChangeset(TOWNSHIP_A, changeset(1, [
        { kind: 'split_block', blockId: 'A-1-2', line: horizontalCut(1, 2) },
        { kind: 'move_blocks', blockIds: ['A-1-2.2'], to: { code: A1_NORTH } },
      ]));
      expect(result.changedGrids).toEqual([A1_SOUTH, A1_NORTH]);
      const current = (await plan.getPlan(TOWNSHIP_A))!;
      expect(current.blocks.map((b) => b.id)).toContain('A-1-2.1');
      expect(current.blocks.map((b) => b.id)).not.toContain('A-1-2');
      expect(current.retiredBlockIds).toContain('A-1-2');
      await expectExactCoverage(store);
      // The old block is kept for history: version 1 still shows it.
      const first = (await plan.getPlanAt(TOWNSHIP_A, 1))!;
      expect(first.blocks.map((b) => b.id)).toContain('A-1-2');
    });

    it('a split on the township border adds the vertex to the neighbouring township too', async () => {
      const { store, plan } = await seeded();
      // Block A-2-5 borders township B on its north side; a north–south cut meets that border.
      const [x, y] = cellCentre(2, 5);
      await plan.saveChangeset(TOWNSHIP_A, changeset(1, [{ kind: 'split_block', blockId: 'A-2-5', line: [[x, y - 0.003], [x, y + 0.001]] }]));
      await expectExactCoverage(store);
      const north = (await store.listBlocks({ townshipCode: TOWNSHIP_B }))!.find((b) => b.id === 'B-2-6')!;
      expect(north.polygon[0].length).toBe(6);
    });

    it('moves open problems to their new grid, keeps closed ones and the reported grid', async () => {
      const { store, plan } = await seeded();
      const dataset = loadLatticeDataset();
      const inBlock = dataset.issues.filter((issue) => issue.gridCode === A1_SOUTH && Math.abs(issue.lat - cellCentre(1, 2)[1]) < 0.0005 && Math.abs(issue.lon - cellCentre(1, 2)[0]) < 0.0005);
      expect(inBlock.map((issue) => issue.status).sort()).toEqual(['closed', 'open']);
      const result = await plan.saveChangeset(TOWNSHIP_A, changeset(1, [
        { kind: 'move_blocks', blockIds: ['A-0-2', 'A-1-2', 'A-2-2'], to: { code: A1_NORTH } },
      ]));
      expect(result.relocatedIssues).toBe(1);
      const open = (await store.listIssues({ gridCode: A1_NORTH, status: 'open', limit: 100 })).issues;
      const moved = open.find((issue) => issue.title === inBlock.find((i) => i.status === 'open')!.title)!;
      expect(moved.gridCode).toBe(A1_SOUTH);
      expect(moved.currentGridCode).toBe(A1_NORTH);
      expect(await store.getIssue(moved.id)).toMatchObject({ gridCode: A1_SOUTH, currentGridCode: A1_NORTH });
      const closed = (await store.listIssues({ gridCode: A1_SOUTH, status: 'closed', limit: 100 })).issues;
      expect(closed.map((issue) => issue.title)).toContain(inBlock.find((i) => i.status === 'closed')!.title);
      const stats = (await store.stats({ level: 'grid', code: A1_NORTH }))!;
      expect(stats.open).toBe(open.length);
      const grids = (await store.listGrids({ townshipCode: TOWNSHIP_A }))!;
      expect(grids.find((grid) => grid.code === A1_NORTH)!.openIssues.red).toBe(open.length);
      const points = await store.issuePoints({});
      expect(points.columns.gridCode[points.columns.id.indexOf(moved.id)]).toBe(A1_NORTH);
    });

    it('of two saves on one base exactly one wins', async () => {
      const { plan } = await seeded();
      const outcomes = await Promise.allSettled([
        Promise.resolve().then(() => plan.saveChangeset(TOWNSHIP_A, changeset(1, [{ kind: 'move_blocks', blockIds: ['A-0-2'], to: { code: A1_NORTH } }]))),
        Promise.resolve().then(() => plan.saveChangeset(TOWNSHIP_A, changeset(1, [{ kind: 'move_blocks', blockIds: ['A-2-2'], to: { code: A1_NORTH } }]))),
      ]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const rejected = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
      expect((rejected.reason as PlanError).kind).toBe('stale_base');
      expect((await plan.getPlan(TOWNSHIP_A))!.version).toBe(2);
    });

    it('diffs two versions and rolls back to an earlier one as a new version', async () => {
      const { store, plan } = await seeded();
      const original = (await plan.getPlan(TOWNSHIP_A))!;
      await plan.saveChangeset(TOWNSHIP_A, changeset(1, [
        { kind: 'split_block', blockId: 'A-1-2', line: horizontalCut(1, 2) },
        { kind: 'move_blocks', blockIds: ['A-1-2.2'], to: { code: A1_NORTH } },
      ]));
      await plan.saveChangeset(TOWNSHIP_A, changeset(2, [{ kind: 'move_blocks', blockIds: ['A-0-2'], to: { code: A1_NORTH } }]));
      const diff = await plan.diff(TOWNSHIP_A, 1, 3);
      expect(diff.movedBlocks.map((b) => [b.blockId, b.fromGrid, b.toGrid])).toEqual([['A-0-2', A1_SOUTH, A1_NORTH]]);
      expect(diff.removedBlocks.map((b) => b.blockId)).toEqual(['A-1-2']);
      expect(diff.addedBlocks.map((b) => [b.blockId, b.grid])).toEqual([['A-1-2.1', A1_SOUTH], ['A-1-2.2', A1_NORTH]]);
      expect(diff.changedGrids).toEqual([A1_SOUTH, A1_NORTH]);
      expect((await refusal(() => plan.diff(TOWNSHIP_A, 1, 9))).field).toBe('to');

      const stale = await refusal(() => plan.rollback(TOWNSHIP_A, { toVersion: 1, baseVersion: 2, author: 'planner', reason: 'undo' }));
      expect(stale.kind).toBe('stale_base');
      const rolled = await plan.rollback(TOWNSHIP_A, { toVersion: 1, baseVersion: 3, author: 'planner', reason: 'undo' });
      expect(rolled.version).toBe(4);
      const restored = (await plan.getPlan(TOWNSHIP_A))!;
      const assignment = (p: typeof restored) => p.blocks.map((b) => `${b.id}:${b.gridCode}`).sort();
      expect(assignment(restored)).toEqual(assignment(original));
      expect(restored.retiredBlockIds).toEqual(['A-1-2.1', 'A-1-2.2']);
      expect(JSON.stringify(restored)).toBe(JSON.stringify(await plan.getPlanAt(TOWNSHIP_A, 4)));
      expect((await plan.listVersions(TOWNSHIP_A))![0]).toMatchObject({ version: 4, rollbackOf: 1 });
      await expectExactCoverage(store);
      // Splitting the restored block again numbers the pieces after the retired ones.
      const shifted = horizontalCut(1, 2).map(([x, y]) => [x, y + 0.0004] as [number, number]);
      await plan.saveChangeset(TOWNSHIP_A, changeset(4, [{ kind: 'split_block', blockId: 'A-1-2', line: shifted }]));
      expect((await plan.getPlan(TOWNSHIP_A))!.blocks.filter((b) => b.id.startsWith('A-1-2.')).map((b) => b.id)).toEqual(['A-1-2.3', 'A-1-2.4']);
      await expectExactCoverage(store);
      const bad = await refusal(() => plan.rollback(TOWNSHIP_A, { toVersion: 5, baseVersion: 5, author: 'planner', reason: 'x' }));
      expect(bad.field).toBe('toVersion');
      // Back to version 2: its pieces return from their stored shapes, gaining the vertices the
      // second cut added to their neighbours, and coverage stays exact.
      const again = await plan.rollback(TOWNSHIP_A, { toVersion: 2, baseVersion: 5, author: 'planner', reason: 'redo' });
      expect(again.version).toBe(6);
      const second = (await plan.getPlan(TOWNSHIP_A))!;
      expect(second.blocks.filter((b) => b.id.startsWith('A-1-2')).map((b) => b.id)).toEqual(['A-1-2.1', 'A-1-2.2']);
      expect(validatePlan(second).valid).toBe(true);
      await expectExactCoverage(store);
    });

    it('proposes a rebalance that keeps codes of barely changed grids and saves as a valid plan', async () => {
      const { store, plan } = await seeded();
      const current = (await plan.getPlan(TOWNSHIP_A))!;
      const same = await plan.proposeRebalance(TOWNSHIP_A, {});
      expect(same.baseVersion).toBe(1);
      expect(same.keptCodes.length + same.diff.createdGrids.length).toBeGreaterThan(0);
      const halved = await plan.proposeRebalance(TOWNSHIP_A, { targetHouseholds: current.target.households / 2 });
      expect(halved.diff.createdGrids.length).toBeGreaterThan(0);
      expect((await plan.getPlan(TOWNSHIP_A))!.version).toBe(1);
      const saved = await plan.saveChangeset(TOWNSHIP_A, halved.changeset);
      const after = (await plan.getPlan(TOWNSHIP_A))!;
      expect(after.grids.length).toBe(current.grids.length - saved.retiredGrids.length + saved.createdGrids.length);
      expect(validatePlan(after).valid).toBe(true);
      for (const code of halved.keptCodes) expect(after.grids.map((g) => g.code)).toContain(code);
      await expectExactCoverage(store);
      expect((await refusal(() => plan.proposeRebalance(TOWNSHIP_A, { baseVersion: 1 }))).kind).toBe('stale_base');
    });
  });
}
