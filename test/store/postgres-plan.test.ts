// The grid-plan contract on PostgreSQL, and saves from two instances sharing one schema: of two
// saves on one base exactly one wins, and the loser sees the winner's version.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PlanError } from '../../server/store/plan.ts';
import type { PostgresGridStore } from '../../server/store/postgres/postgresStore.ts';
import { LATTICE_NOW, TOWNSHIP_A, TOWNSHIP_B, VILLAGE_A1, VILLAGE_B1, loadLatticeDataset } from '../fixtures/plan/lattice.ts';
import { changeset, expectExactCoverage, runPlanContract } from './planContract.ts';
import { adminPool, closeAdminPool, dropCreatedSchemas, freshSchemaName, openTestStore } from './postgres-harness.ts';

beforeEach(async () => {
  await adminPool();
});
afterEach(async () => {
  await dropCreatedSchemas();
});
afterAll(async () => {
  await closeAdminPool();
});

runPlanContract('postgres', ({ now }) => openTestStore({ now }));

describe('postgres plan saves across instances', () => {
  const open: PostgresGridStore[] = [];
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
  });

  async function twoInstances(): Promise<[PostgresGridStore, PostgresGridStore]> {
    const schema = freshSchemaName('plan');
    const first = await openTestStore({ schema, now: () => LATTICE_NOW });
    open.push(first);
    await first.seedDataset(loadLatticeDataset());
    const second = await openTestStore({ schema, now: () => LATTICE_NOW });
    open.push(second);
    return [first, second];
  }

  async function refusal(work: () => Promise<unknown>): Promise<PlanError> {
    const error = await work().then(() => null, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(PlanError);
    return error as PlanError;
  }

  it('refuses the second instance a save on the base the first one already moved', async () => {
    const [first, second] = await twoInstances();
    // The second instance has the township's plan cached at version 1.
    expect((await second.plan.getPlan(TOWNSHIP_A))!.version).toBe(1);
    await first.plan.saveChangeset(TOWNSHIP_A, changeset(1, [{ kind: 'move_blocks', blockIds: ['A-0-2'], to: { code: `${VILLAGE_A1}002` } }]));
    const stale = await refusal(() =>
      second.plan.saveChangeset(TOWNSHIP_A, changeset(1, [{ kind: 'move_blocks', blockIds: ['A-2-2'], to: { code: `${VILLAGE_A1}002` } }])),
    );
    expect(stale.kind).toBe('stale_base');
    expect(stale.currentVersion).toBe(2);
    const seen = (await second.plan.getPlan(TOWNSHIP_A))!;
    expect(seen.version).toBe(2);
    expect(seen.blocks.find((block) => block.id === 'A-0-2')!.gridCode).toBe(`${VILLAGE_A1}002`);
    expect(seen.blocks.find((block) => block.id === 'A-2-2')!.gridCode).toBe(`${VILLAGE_A1}001`);
  });

  it('of concurrent saves on one base from two instances exactly one wins, every time', async () => {
    const [first, second] = await twoInstances();
    for (let base = 1; base <= 4; base++) {
      // A-0-2 moves north and back south, one version at a time.
      const block = 'A-0-2';
      const to = base % 2 === 1 ? `${VILLAGE_A1}002` : `${VILLAGE_A1}001`;
      const outcomes = await Promise.allSettled([
        first.plan.saveChangeset(TOWNSHIP_A, changeset(base, [{ kind: 'move_blocks', blockIds: [block], to: { code: to } }], 'first')),
        second.plan.saveChangeset(TOWNSHIP_A, changeset(base, [{ kind: 'move_blocks', blockIds: [block], to: { code: to } }], 'second')),
      ]);
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      const lost = outcomes.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult;
      expect(lost.reason).toBeInstanceOf(PlanError);
      expect((lost.reason as PlanError).kind).toBe('stale_base');
    }
    const versions = (await first.plan.listVersions(TOWNSHIP_A))!;
    expect(versions.map((version) => version.version)).toEqual([5, 4, 3, 2, 1]);
    await expectExactCoverage(first);
  });

  it('lets two instances save different townships at once', async () => {
    const [first, second] = await twoInstances();
    const [a, b] = await Promise.all([
      first.plan.saveChangeset(TOWNSHIP_A, changeset(1, [{ kind: 'rename_grid', grid: { code: `${VILLAGE_A1}001` }, name: '南片' }])),
      second.plan.saveChangeset(TOWNSHIP_B, changeset(1, [{ kind: 'rename_grid', grid: { code: `${VILLAGE_B1}001` }, name: '西片' }])),
    ]);
    expect([a.version, b.version]).toEqual([2, 2]);
    expect((await second.getGrid(`${VILLAGE_A1}001`))!.name).toBe('南片');
    expect((await first.getGrid(`${VILLAGE_B1}001`))!.name).toBe('西片');
  });
});
