// Behaviour every GridStore backend must show. Backends call runStoreContract from their own test file.
import { afterEach, describe, expect, it } from 'vitest';
import { TIERS } from '../../server/model.ts';
import { StoreError, type GridStore, type IssueView } from '../../server/store/store.ts';
import { signedArea } from '../../server/geo/ring.ts';
import { FIXTURE_NOW, loadFixtureDataset } from '../fixtures/dataset/load.ts';
import { newIssueIn } from './issueFactory.ts';
import { describeDashboardQueries } from './dashboardContract.ts';

export interface StoreContractOptions {
  now: () => Date;
}

export interface StoreContractHooks {
  /** Closes the store and opens the same database again (persistent backends only). */
  reopen?: (store: GridStore, options: StoreContractOptions) => Promise<GridStore> | GridStore;
}

type MakeStore = (options: StoreContractOptions) => Promise<GridStore> | GridStore;

async function allIssues(store: GridStore, query: { limit: number } & Record<string, unknown>): Promise<IssueView[]> {
  const result: IssueView[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const next = await store.listIssues({ ...query, cursor });
    result.push(...next.issues);
    if (!next.nextCursor) return result;
    cursor = next.nextCursor;
  }
  throw new Error('paging did not end');
}

export function runStoreContract(name: string, makeStore: MakeStore, hooks: StoreContractHooks = {}): void {
  describe(`GridStore contract: ${name}`, () => {
    let clock = FIXTURE_NOW;
    const options: StoreContractOptions = { now: () => clock };
    const open: GridStore[] = [];
    const fixture = loadFixtureDataset();

    async function fresh(): Promise<GridStore> {
      clock = FIXTURE_NOW;
      const store = await makeStore(options);
      open.push(store);
      return store;
    }
    async function seeded(): Promise<GridStore> {
      const store = await fresh();
      await store.seedDataset(loadFixtureDataset());
      return store;
    }

    afterEach(async () => {
      for (const store of open.splice(0)) await store.close();
    });

    it('starts empty', async () => {
      const store = await fresh();
      expect(await store.isSeeded()).toBe(false);
      expect(await store.datasetInfo()).toBeNull();
      expect(await store.getCounty()).toBeNull();
      expect(await store.listTownships()).toEqual([]);
      expect(await store.stats({ level: 'county' })).toBeNull();
    });

    it('seeds a dataset, records its id and bumps the data version', async () => {
      const store = await fresh();
      const before = store.dataVersion();
      await store.seedDataset(loadFixtureDataset());
      expect(await store.isSeeded()).toBe(true);
      expect(store.dataVersion()).toBeGreaterThan(before);
      const info = await store.datasetInfo();
      expect(info?.id).toMatch(/^[0-9a-f]{64}$/);
      expect(info?.countyCode).toBe(fixture.county.code);
      expect(info?.attribution).toBe(fixture.attribution);
      expect(info?.syntheticLayers).toEqual(fixture.syntheticLayers);
      expect((await store.getCounty())?.name).toBe(fixture.county.name);
    });

    it('seeding the same dataset twice changes nothing', async () => {
      const store = await seeded();
      const version = store.dataVersion();
      await store.seedDataset(loadFixtureDataset());
      expect(store.dataVersion()).toBe(version);
      expect((await allIssues(store, { limit: 100 })).length).toBe(fixture.issues.length);
      expect((await store.listGrids())?.length).toBe(fixture.grids.length);
    });

    it('refuses a different dataset once seeded', async () => {
      const store = await seeded();
      const version = store.dataVersion();
      const other = loadFixtureDataset();
      other.attribution = 'another build';
      await expect(async () => store.seedDataset(other)).rejects.toMatchObject({ code: 'conflict' });
      expect(store.dataVersion()).toBe(version);
      expect((await store.datasetInfo())?.attribution).toBe(fixture.attribution);
    });

    it('rejects an inconsistent dataset and stores nothing', async () => {
      const store = await fresh();
      const broken = loadFixtureDataset();
      broken.grids[0].blockIds.push('no-such-block');
      const version = store.dataVersion();
      await expect(async () => store.seedDataset(broken)).rejects.toBeInstanceOf(StoreError);
      expect(await store.isSeeded()).toBe(false);
      expect(store.dataVersion()).toBe(version);
      expect(await store.listTownships()).toEqual([]);
    });

    it('lists townships with grid counts, households and open issues per tier', async () => {
      const store = await seeded();
      const townships = await store.listTownships();
      expect(townships.map((t) => t.code)).toEqual(fixture.townships.map((t) => t.code).sort());
      for (const township of townships) {
        const grids = fixture.grids.filter((g) => g.townshipCode === township.code);
        expect(township.gridCount).toBe(grids.length);
        expect(township.households).toBe(grids.reduce((sum, g) => sum + g.households, 0));
        for (const tier of TIERS) {
          const open = fixture.issues.filter((i) => i.townshipCode === township.code && i.status === 'open' && i.tier === tier);
          expect(township.openIssues[tier]).toBe(open.length);
        }
        expect(['Polygon', 'MultiPolygon']).toContain(township.geometry.type);
      }
    });

    it('lists villages, optionally of one township; unknown township gives null', async () => {
      const store = await seeded();
      expect((await store.listVillages())?.length).toBe(fixture.villages.length);
      const some = await store.listVillages('360121100');
      expect(some?.map((v) => v.code)).toEqual(fixture.villages.filter((v) => v.townshipCode === '360121100').map((v) => v.code));
      const first = some?.[0];
      expect(first?.gridCount).toBe(fixture.grids.filter((g) => g.villageCode === first?.code).length);
      expect(await store.listVillages('360121999')).toBeNull();
    });

    it('lists current grids with version, blocks, name and open counts', async () => {
      const store = await seeded();
      const grids = await store.listGrids();
      expect(grids?.map((g) => g.code)).toEqual(fixture.grids.map((g) => g.code).sort());
      for (const grid of grids ?? []) {
        const source = fixture.grids.find((g) => g.code === grid.code);
        expect(grid.version).toBe(1);
        expect(grid.blockIds).toEqual([...(source?.blockIds ?? [])].sort());
        expect(grid.households).toBe(source?.households);
        expect(grid.areaM2).toBeCloseTo(source?.areaM2 ?? NaN, 3);
        expect(grid.name).toMatch(/第\d+网格$/);
        const openRed = fixture.issues.filter((i) => i.gridCode === grid.code && i.status === 'open' && i.tier === 'red');
        expect(grid.openIssues.red).toBe(openRed.length);
      }
      expect((await store.listGrids({ townshipCode: '360121101' }))?.every((g) => g.townshipCode === '360121101')).toBe(true);
      expect(await store.listGrids({ townshipCode: '360121999' })).toBeNull();
      expect((await store.getGrid('360121100002001'))?.villageCode).toBe('360121100002');
      expect(await store.getGrid('360121100002999')).toBeNull();
    });

    it('stores polygons closed and wound per RFC 7946 whatever the input winding', async () => {
      const store = await fresh();
      const dataset = loadFixtureDataset();
      const ring = dataset.grids[0].polygon[0];
      dataset.grids[0].polygon = [ring.slice(0, -1).reverse()]; // clockwise and unclosed
      await store.seedDataset(dataset);
      const grid = await store.getGrid(dataset.grids[0].code);
      const exterior = grid?.polygon[0] ?? [];
      expect(exterior[0]).toEqual(exterior[exterior.length - 1]);
      expect(signedArea(exterior)).toBeGreaterThan(0);
    });

    it('lists blocks of a township with their grid', async () => {
      const store = await seeded();
      const blocks = await store.listBlocks({ townshipCode: '360121101' });
      const expected = fixture.blocks.filter((b) => b.townshipCode === '360121101');
      expect(blocks?.map((b) => b.id)).toEqual(expected.map((b) => b.id).sort());
      for (const block of blocks ?? []) {
        const owner = fixture.grids.find((g) => g.blockIds.includes(block.id));
        expect(block.gridCode).toBe(owner?.code);
      }
      expect(await store.listBlocks({ townshipCode: '360121999' })).toBeNull();
    });

    it('pages issues newest first, each exactly once, with filters', async () => {
      const store = await seeded();
      const everything = await allIssues(store, { limit: 3 });
      expect(everything.length).toBe(fixture.issues.length);
      expect(new Set(everything.map((i) => i.id)).size).toBe(everything.length);
      const keys = everything.map((i) => `${i.reportedAt}#${String(i.id).padStart(9, '0')}`);
      expect(keys).toEqual([...keys].sort().reverse());
      const red = await allIssues(store, { limit: 2, tier: 'red' });
      expect(red.length).toBe(fixture.issues.filter((i) => i.tier === 'red').length);
      const closed = await allIssues(store, { limit: 100, status: 'closed', townshipCode: '360121101' });
      expect(closed.length).toBe(fixture.issues.filter((i) => i.status === 'closed' && i.townshipCode === '360121101').length);
      const inGrid = await allIssues(store, { limit: 100, gridCode: '360121100001001' });
      expect(inGrid.every((i) => i.gridCode === '360121100001001')).toBe(true);
      const bbox: [number, number, number, number] = [115.93, 28.56, 115.95, 28.6];
      const boxed = await allIssues(store, { limit: 100, bbox });
      const inBox = fixture.issues.filter((i) => i.lon >= 115.93 && i.lon <= 115.95 && i.lat >= 28.56 && i.lat <= 28.6);
      expect(boxed.length).toBe(inBox.length);
      await expect(async () => store.listIssues({ limit: 5, cursor: 'garbage!' })).rejects.toMatchObject({ code: 'invalid_cursor' });
    });

    it('computes overdue from the injected clock, never stored', async () => {
      const store = await seeded();
      const overdueNow = fixture.issues.filter((i) => i.status === 'open' && Date.parse(i.deadlineAt) < FIXTURE_NOW.getTime());
      expect(overdueNow.length).toBeGreaterThan(0);
      expect((await allIssues(store, { limit: 100, status: 'overdue' })).length).toBe(overdueNow.length);
      const flagged = (await allIssues(store, { limit: 100 })).filter((i) => i.overdue);
      expect(flagged.map((i) => i.title).sort()).toEqual(overdueNow.map((i) => i.title).sort());
      expect((await store.stats({ level: 'county' }))?.overdue).toBe(overdueNow.length);
      clock = new Date('2015-01-01T00:00:00.000Z');
      expect((await allIssues(store, { limit: 100, status: 'overdue' })).length).toBe(0);
      clock = new Date('2016-01-01T00:00:00.000Z');
      const open = fixture.issues.filter((i) => i.status === 'open').length;
      expect((await store.stats({ level: 'county' }))?.overdue).toBe(open);
      expect((await allIssues(store, { limit: 100, status: 'open' })).every((i) => i.overdue)).toBe(true);
    });

    it('computes headline figures per county, township and grid', async () => {
      const store = await seeded();
      const county = await store.stats({ level: 'county' });
      const closed = fixture.issues.filter((i) => i.status === 'closed');
      const evaluated = closed.filter((i) => i.satisfaction !== null);
      const content = evaluated.filter((i) => i.satisfaction !== 'dissatisfied');
      expect(county).toMatchObject({
        level: 'county', code: fixture.county.code, name: fixture.county.name,
        collected: fixture.issues.length, closed: closed.length, open: fixture.issues.length - closed.length,
        evaluated: evaluated.length, asOf: FIXTURE_NOW.toISOString(),
      });
      expect(county?.closeRate).toBeCloseTo(closed.length / fixture.issues.length, 10);
      expect(county?.satisfactionRate).toBeCloseTo(content.length / evaluated.length, 10);
      const township = await store.stats({ level: 'township', code: '360121101' });
      expect(township?.collected).toBe(fixture.issues.filter((i) => i.townshipCode === '360121101').length);
      expect(township?.name).toBe('向塘镇');
      const grid = await store.stats({ level: 'grid', code: '360121100002002' });
      expect(grid?.collected).toBe(fixture.issues.filter((i) => i.gridCode === '360121100002002').length);
      const quiet = await store.stats({ level: 'grid', code: '360121100002001' });
      expect(quiet?.closeRate).toBe(quiet?.collected ? (quiet.closed / quiet.collected) : null);
      expect(await store.stats({ level: 'township', code: '360121999' })).toBeNull();
      expect(await store.stats({ level: 'grid', code: '360121100002999' })).toBeNull();
    });

    it('inserts an issue in one write, visible at once in lists and figures', async () => {
      const store = await seeded();
      const version = store.dataVersion();
      const before = await store.stats({ level: 'grid', code: '360121100002001' });
      const created = await store.insertIssue(newIssueIn(fixture, '360121100002001', { reportedAt: '2015-04-30T20:00:00+08:00' }));
      expect(created.id).toBeGreaterThan(0);
      expect(created.reportedAt).toBe('2015-04-30T12:00:00.000Z');
      expect(created.overdue).toBe(false);
      expect(store.dataVersion()).toBeGreaterThan(version);
      expect(await store.getIssue(created.id)).toEqual(created);
      const first = await store.listIssues({ limit: 1 });
      expect(first.issues[0].id).toBe(created.id);
      const after = await store.stats({ level: 'grid', code: '360121100002001' });
      expect(after?.collected).toBe((before?.collected ?? 0) + 1);
      expect(after?.openByTier.red).toBe((before?.openByTier.red ?? 0) + 1);
      expect((await store.getGrid('360121100002001'))?.openIssues.red).toBe((before?.openByTier.red ?? 0) + 1);
    });

    it('a failing insert changes nothing', async () => {
      const store = await seeded();
      const version = store.dataVersion();
      const count = (await store.stats({ level: 'county' }))?.collected;
      await expect(async () => store.insertIssue(newIssueIn(fixture, '360121100002001', { gridCode: '360121100002999' })))
        .rejects.toMatchObject({ code: 'unknown_grid' });
      await expect(async () => store.insertIssue(newIssueIn(fixture, '360121100002001', { villageCode: '360121100001' })))
        .rejects.toMatchObject({ code: 'invalid' });
      await expect(async () => store.insertIssue(newIssueIn(fixture, '360121100002001', { status: 'closed' })))
        .rejects.toMatchObject({ code: 'invalid' });
      await expect(async () => store.insertIssue(newIssueIn(fixture, '360121100002001', { reportedAt: 'yesterday' })))
        .rejects.toMatchObject({ code: 'invalid' });
      expect(store.dataVersion()).toBe(version);
      expect((await store.stats({ level: 'county' }))?.collected).toBe(count);
    });

    describeDashboardQueries({ fresh, seeded, setClock: (date) => (clock = date) });

    if (hooks.reopen) {
      const reopen = hooks.reopen;
      it('keeps data across close and reopen; seeding again is a no-op', async () => {
        const store = await seeded();
        const created = await store.insertIssue(newIssueIn(fixture, '360121101001001'));
        const version = store.dataVersion();
        const info = await store.datasetInfo();
        open.splice(open.indexOf(store), 1);
        const again = await reopen(store, options);
        open.push(again);
        expect(again.dataVersion()).toBe(version);
        expect(await again.datasetInfo()).toEqual(info);
        expect(await again.getIssue(created.id)).toEqual(created);
        await again.seedDataset(loadFixtureDataset());
        expect(again.dataVersion()).toBe(version);
        expect((await again.stats({ level: 'county' }))?.collected).toBe(fixture.issues.length + 1);
      });
    }
  });
}
