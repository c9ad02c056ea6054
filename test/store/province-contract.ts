// Behaviour every GridStore backend must show with several counties in one database (a province
// seeded county by county). Backends call runProvinceContract from their own test file.
import { afterEach, describe, expect, it } from 'vitest';
import { TIERS } from '../../server/model.ts';
import type { GridStore, RankingRow, Stats } from '../../server/store/store.ts';
import { FIXTURE_NOW, loadFixtureDataset } from '../fixtures/dataset/load.ts';
import { countyDataset, renamePeople } from './provinceFixtures.ts';
import { loadFieldworkDataset } from '../fixtures/fieldwork/load.ts';
import { fieldworkOf } from '../../server/store/fieldwork.ts';

type MakeStore = (options: { now: () => Date }) => Promise<GridStore> | GridStore;

const JIANGXI = { code: '36', name: '江西省' };
const FIRST = '360121';
const SECOND = '360122';

/** The figures a ranking row carries, without its name (a county's own stats name it the same). */
function rowFigures(row: RankingRow | Stats): Record<string, unknown> {
  return {
    collected: row.collected,
    closed: row.closed,
    closeRate: row.closeRate,
    onTimeCloseRate: row.onTimeCloseRate,
    overdue: row.overdue,
    openByTier: row.openByTier,
    satisfactionRate: row.satisfactionRate,
    accepted: row.accepted,
    reworkRate: row.reworkRate,
    extensionRate: row.extensionRate,
  };
}

export function runProvinceContract(name: string, makeStore: MakeStore): void {
  describe(`GridStore province contract: ${name}`, () => {
    const open: GridStore[] = [];
    afterEach(async () => {
      for (const store of open.splice(0)) await store.close();
    });

    async function fresh(): Promise<GridStore> {
      const store = await makeStore({ now: () => FIXTURE_NOW });
      open.push(store);
      return store;
    }

    /** The fixture county and a recoded copy of it 0.1° east, with one problem closed in the second. */
    function twoCounties() {
      const first = loadFixtureDataset();
      first.province = JIANGXI;
      const second = countyDataset(SECOND, '测试县', 0.1, JIANGXI);
      // Make the counties' figures differ, so sums cannot come out right by symmetry.
      second.issues = second.issues.slice(1);
      return { first, second };
    }

    async function province(): Promise<GridStore> {
      const store = await fresh();
      const { first, second } = twoCounties();
      await store.seedDataset(second);
      await store.seedDataset(first);
      return store;
    }

    it('has no province, counties or province figures before seeding', async () => {
      const store = await fresh();
      expect(await store.getProvince()).toBeNull();
      expect(await store.listCounties()).toEqual([]);
      expect(await store.getCounty(FIRST)).toBeNull();
      expect(await store.stats({ level: 'province' })).toBeNull();
      expect(await store.trend({ level: 'province', weeks: 4 })).toBeNull();
    });

    it('adds a second county next to the first, each seed one write', async () => {
      const store = await fresh();
      const { first, second } = twoCounties();
      await store.seedDataset(first);
      const single = await store.datasetInfo();
      expect(single?.countyCount).toBe(1);
      const version = store.dataVersion();
      await store.seedDataset(second);
      expect(store.dataVersion()).toBeGreaterThan(version);
      const info = await store.datasetInfo();
      expect(info?.countyCount).toBe(2);
      expect(info?.countyCode).toBe(FIRST);
      expect(info?.id).toMatch(/^[0-9a-f]{64}$/);
      expect(info?.id).not.toBe(single?.id);
      expect(info?.attribution).toBe(`${first.attribution} · ${second.attribution}`);
      expect(info?.syntheticLayers).toEqual(first.syntheticLayers);
      // Seeding either again changes nothing.
      const after = store.dataVersion();
      await store.seedDataset(twoCounties().first);
      await store.seedDataset(twoCounties().second);
      expect(store.dataVersion()).toBe(after);
      expect((await store.datasetInfo())?.id).toBe(info?.id);
      expect((await store.listGrids())?.length).toBe(first.grids.length + second.grids.length);
    });

    it('refuses a county already stored under other content, another province and clashing rows', async () => {
      const store = await province();
      const version = store.dataVersion();
      const info = await store.datasetInfo();

      const changed = twoCounties().second;
      changed.attribution = 'another build';
      await expect(async () => store.seedDataset(changed)).rejects.toMatchObject({ code: 'conflict' });

      const otherProvince = countyDataset('370102', '济南某区', 0.2, { code: '37', name: '山东省' });
      await expect(async () => store.seedDataset(otherProvince)).rejects.toMatchObject({ code: 'conflict' });

      const outside = countyDataset('370103', '无省份县', 0.3);
      await expect(async () => store.seedDataset(outside)).rejects.toMatchObject({ code: 'conflict' });

      // A third county whose block reuses an id of the first county's blocks.
      const clashing = countyDataset('360123', '第三县', 0.3, JIANGXI);
      const stolen = loadFixtureDataset().blocks[0].id;
      const renamed = clashing.blocks[0].id;
      clashing.blocks[0].id = stolen;
      for (const grid of clashing.grids) grid.blockIds = grid.blockIds.map((id) => (id === renamed ? stolen : id));
      await expect(async () => store.seedDataset(clashing)).rejects.toMatchObject({ code: 'conflict' });

      expect(store.dataVersion()).toBe(version);
      expect(await store.datasetInfo()).toEqual(info);
      expect((await store.listCounties()).map((county) => county.code)).toEqual([FIRST, SECOND]);
    });

    it('shares contact days between counties and refuses a person id already stored', async () => {
      const store = await fresh();
      await store.seedDataset(loadFieldworkDataset());
      const fieldwork = fieldworkOf(store);
      if (!fieldwork) throw new Error('store offers no fieldwork');
      const days = await fieldwork.listContactDays();
      const version = store.dataVersion();

      // The same person ids in another county: refused, nothing written.
      const samePeople = countyDataset(SECOND, '测试县', 0.1, undefined, loadFieldworkDataset());
      await expect(async () => store.seedDataset(samePeople)).rejects.toMatchObject({ code: 'conflict' });
      // The same contact day with another evening: refused.
      const otherEvening = renamePeople(countyDataset(SECOND, '测试县', 0.1, undefined, loadFieldworkDataset()), 'B');
      const moved = otherEvening.fieldwork!.contactDays[0];
      moved.endsAt = moved.endsAt.replace('T13:00', 'T13:30');
      await expect(async () => store.seedDataset(otherEvening)).rejects.toMatchObject({ code: 'conflict' });
      expect(store.dataVersion()).toBe(version);
      expect((await store.listCounties()).length).toBe(1);

      const second = renamePeople(countyDataset(SECOND, '测试县', 0.1, undefined, loadFieldworkDataset()), 'B');
      await store.seedDataset(second);
      expect(await fieldwork.listContactDays()).toEqual(days);
      const person = second.fieldwork!.people[0];
      expect(person.id.startsWith('B')).toBe(true);
      expect((await fieldwork.getPerson(person.id))?.name).toBe(person.name);
      const roster = await fieldwork.roster(`${SECOND}100001001`);
      const members = roster?.roles.flatMap((role) => role.members.map((member) => member.personId)) ?? [];
      expect(members.length).toBeGreaterThan(0);
      expect(members.every((id) => id.startsWith('B'))).toBe(true);
    });

    it('refuses a province its stored counties do not lie in', async () => {
      const store = await fresh();
      await store.seedDataset(loadFixtureDataset());
      const elsewhere = countyDataset('370102', '济南某区', 0.2, { code: '37', name: '山东省' });
      await expect(async () => store.seedDataset(elsewhere)).rejects.toMatchObject({ code: 'conflict' });
      expect((await store.getProvince())?.countyCount).toBe(1);
    });

    it('lists the counties with their counts, sorted by code', async () => {
      const store = await province();
      const { first, second } = twoCounties();
      const counties = await store.listCounties();
      expect(counties.map((county) => [county.code, county.name])).toEqual([[FIRST, first.county.name], [SECOND, '测试县']]);
      for (const [county, dataset] of [[counties[0], first], [counties[1], second]] as const) {
        expect(county.townshipCount).toBe(dataset.townships.length);
        expect(county.gridCount).toBe(dataset.grids.length);
        expect(county.households).toBe(dataset.grids.reduce((sum, grid) => sum + grid.households, 0));
        for (const tier of TIERS) {
          expect(county.openIssues[tier]).toBe(dataset.issues.filter((issue) => issue.status === 'open' && issue.tier === tier).length);
        }
        expect(['Polygon', 'MultiPolygon']).toContain(county.geometry.type);
      }
    });

    it('names the province, or falls back to its code when no dataset named it', async () => {
      const named = await province();
      expect(await named.getProvince()).toEqual({ code: '36', name: '江西省', countyCount: 2 });
      const unnamed = await fresh();
      await unnamed.seedDataset(loadFixtureDataset());
      expect(await unnamed.getProvince()).toEqual({ code: '36', name: '36', countyCount: 1 });
    });

    it('finds a county by code, the first one without', async () => {
      const store = await province();
      expect((await store.getCounty())?.code).toBe(FIRST);
      expect((await store.getCounty(SECOND))?.name).toBe('测试县');
      expect(await store.getCounty('360199')).toBeNull();
    });

    it('lists the townships of one county', async () => {
      const store = await province();
      const all = await store.listTownships();
      expect(all.length).toBe(4);
      const second = await store.listTownships({ countyCode: SECOND });
      expect(second.map((township) => township.code)).toEqual(['360122100', '360122101']);
      expect(second).toEqual(all.filter((township) => township.code.startsWith(SECOND)));
      expect(await store.listTownships({ countyCode: '360199' })).toEqual([]);
    });

    it('sums the counties at province level, each county ranking only its townships', async () => {
      const store = await province();
      const whole = await store.stats({ level: 'province' });
      const first = await store.stats({ level: 'county', code: FIRST });
      const second = await store.stats({ level: 'county', code: SECOND });
      if (!whole || !first || !second) throw new Error('missing figures');
      expect(whole.level).toBe('province');
      expect([whole.code, whole.name]).toEqual(['36', '江西省']);
      expect(whole.children.map((row) => [row.code, row.name])).toEqual([[FIRST, '南昌县'], [SECOND, '测试县']]);
      expect(rowFigures(whole.children[0])).toEqual(rowFigures(first));
      expect(rowFigures(whole.children[1])).toEqual(rowFigures(second));
      expect(whole.collected).toBe(first.collected + second.collected);
      expect(whole.collected).toBe(15);
      expect(whole.closed).toBe(first.closed + second.closed);
      expect(whole.overdue).toBe(first.overdue + second.overdue);
      for (const tier of TIERS) expect(whole.openByTier[tier]).toBe(first.openByTier[tier] + second.openByTier[tier]);
      const counties = await store.listCounties();
      expect(whole.children.map((row) => row.households)).toEqual(counties.map((county) => county.households));

      expect(second.collected).toBe(7);
      expect(second.children.map((row) => row.code)).toEqual(['360122100', '360122101']);
      expect(second.children.reduce((sum, row) => sum + row.collected, 0)).toBe(second.collected);
      expect(first.children.map((row) => row.code)).toEqual(['360121100', '360121101']);
      // Without a code the county level is the first county.
      expect(await store.stats({ level: 'county' })).toEqual(first);
      expect(await store.stats({ level: 'county', code: '360199' })).toBeNull();
      // Filters narrow the province like any level.
      const category = loadFixtureDataset().issues[0].category;
      const narrowed = await store.stats({ level: 'province', category });
      expect(narrowed?.collected).toBe(
        (await store.stats({ level: 'county', code: FIRST, category }))!.collected +
          (await store.stats({ level: 'county', code: SECOND, category }))!.collected,
      );
    });

    it('gives the weekly trend at province and county level', async () => {
      const store = await province();
      const weeks = 5;
      const whole = await store.trend({ level: 'province', weeks });
      const first = await store.trend({ level: 'county', code: FIRST, weeks });
      const second = await store.trend({ level: 'county', code: SECOND, weeks });
      if (!whole || !first || !second) throw new Error('missing trend');
      expect(whole.weeks.map((week) => week.weekStart)).toEqual(first.weeks.map((week) => week.weekStart));
      whole.weeks.forEach((week, index) => {
        expect(week.collected).toBe(first.weeks[index].collected + second.weeks[index].collected);
        expect(week.closed).toBe(first.weeks[index].closed + second.weeks[index].closed);
      });
      // Fixture by ISO week (README): collected 2, 3, 2, 1 from 2015-04-06.
      expect(first.weeks.slice(1).map((week) => week.collected)).toEqual([2, 3, 2, 1]);
      expect(whole.weeks.reduce((sum, week) => sum + week.collected, 0)).toBe(15);
      expect(await store.trend({ level: 'county', weeks })).toEqual(first);
      expect(await store.trend({ level: 'county', code: '360199', weeks })).toBeNull();
    });

    it('keeps a county database as it was: the county level is the whole database', async () => {
      const store = await fresh();
      await store.seedDataset(loadFixtureDataset());
      const county = await store.stats({ level: 'county' });
      const whole = await store.stats({ level: 'province' });
      expect(rowFigures(whole!)).toEqual(rowFigures(county!));
      expect(whole?.children.map((row) => row.code)).toEqual([FIRST]);
      expect((await store.datasetInfo())?.countyCount).toBe(1);
    });
  });
}
