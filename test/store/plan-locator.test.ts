import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../server/store/sqlite/sqliteStore.ts';
import { followingLocator, type LocatorBuilder } from '../../server/store/plan-locator.ts';
import { buildLocator } from '../../server/geo/locate.ts';
import type { GridStore } from '../../server/store/store.ts';
import { LATTICE_NOW, TOWNSHIP_A, VILLAGE_A1, cellCentre, loadLatticeDataset } from '../fixtures/plan/lattice.ts';

const NORTH = `${VILLAGE_A1}002`, SOUTH = `${VILLAGE_A1}001`;
const move = { baseVersion: 1, author: 'planner', reason: 'move', edits: [{ kind: 'move_blocks' as const, blockIds: ['A-0-2', 'A-1-2', 'A-2-2'], to: { code: NORTH } }] };

function counting(): { build: LocatorBuilder; builds: () => number } {
  let count = 0;
  return { build: (grids) => (count++, buildLocator(grids)), builds: () => count };
}

describe('followingLocator', () => {
  it('rebuilds after a saved plan version, not after other writes', async () => {
    const store = openSqliteStore(':memory:', { now: () => LATTICE_NOW });
    store.seedDataset(loadLatticeDataset());
    const { build, builds } = counting();
    const locator = await followingLocator(store, build);
    const [lon, lat] = cellCentre(1, 2);
    expect(await locator.locate(lon, lat)).toBe(SOUTH);
    const dataVersion = store.dataVersion();
    const { id: _id, stage: _stage, ...reported } = store.getIssue(1)!;
    store.insertIssue({ ...reported, title: '又一个问题' });
    expect(store.dataVersion()).toBeGreaterThan(dataVersion);
    expect(await locator.locate(lon, lat)).toBe(SOUTH);
    expect(builds()).toBe(1);
    store.plan.saveChangeset(TOWNSHIP_A, move);
    expect(await locator.locate(lon, lat)).toBe(NORTH);
    expect(builds()).toBe(2);
    store.close();
  });

  it('with an asynchronous store the first answer after a save waits for the new grids', async () => {
    const inner = openSqliteStore(':memory:', { now: () => LATTICE_NOW });
    inner.seedDataset(loadLatticeDataset());
    const plan = { saveChangeset: () => inner.plan.saveChangeset(TOWNSHIP_A, move), planRevision: async () => inner.plan.planRevision() };
    const store = { dataVersion: () => inner.dataVersion(), listGrids: async () => inner.listGrids(), plan } as unknown as GridStore;
    const locator = await followingLocator(store, buildLocator);
    const [lon, lat] = cellCentre(1, 2);
    inner.plan.saveChangeset(TOWNSHIP_A, move);
    expect(await locator.locate(lon, lat)).toBe(NORTH);
    inner.close();
  });
});
