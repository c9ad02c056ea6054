// Dashboard queries every GridStore backend must answer alike: basemap lines, windowed figures with
// the on-time close rate and the ranking below, weekly trend, problem points. Expected figures are
// worked out by hand from the fixture (see test/fixtures/dataset/README.md) at FIXTURE_NOW,
// Friday 2015-05-01 20:00 in Asia/Shanghai.
import { describe, expect, it } from 'vitest';
import { StoreError, type GridStore, type RankingRow, type StatsRow } from '../../server/store/store.ts';
import { loadFixtureDataset } from '../fixtures/dataset/load.ts';
import { newIssueIn } from './issueFactory.ts';

export interface DashboardContractContext {
  fresh: () => Promise<GridStore>;
  seeded: () => Promise<GridStore>;
  setClock: (date: Date) => void;
}

const T100 = { code: '360121100', name: '莲塘镇', households: 1770 };
const T101 = { code: '360121101', name: '向塘镇', households: 1250 };
const none = { red: 0, orange: 0, yellow: 0 };

/** Days 2015-04-15..2015-04-22 in Asia/Shanghai as instants. */
const MID_APRIL = { reportedFrom: '2015-04-14T16:00:00.000Z', reportedBefore: '2015-04-22T16:00:00.000Z' };

/** Fixture problems are either just reported (open) or closed: only the closed ones were accepted, none reworked or extended. */
function row(unit: { code: string; name: string; households: number }, figures: Omit<StatsRow, 'code' | 'name' | 'households'>): RankingRow {
  const accepted = figures.closed;
  return { ...unit, ...figures, accepted, reworkRate: accepted > 0 ? 0 : null, extensionRate: accepted > 0 ? 0 : null };
}

export function describeDashboardQueries({ fresh, seeded, setClock }: DashboardContractContext): void {
  const fixture = loadFixtureDataset();

  describe('dashboard queries', () => {
    it('stores street and water lines for the basemap, rounded to 7 decimals', async () => {
      const store = await seeded();
      const streets = await store.listLines('streets');
      expect(streets.map((line) => [line.class, line.name])).toEqual([
        ['primary', '莲塘大道'], ['secondary', '府前路'], ['residential', null],
      ]);
      expect(streets[0].coordinates).toEqual([[115.93, 28.56], [115.95, 28.56], [115.97, 28.56]]);
      expect(streets[2].coordinates[0]).toEqual([115.9351235, 28.53]);
      const water = await store.listLines('water');
      expect(water.map((line) => [line.class, line.name])).toEqual([['river', '抚河'], ['canal', null]]);
      expect(water[0].coordinates).toHaveLength(4);
      expect(new Set([...streets, ...water].map((line) => line.id)).size).toBe(5);
    });

    it('pages through lines in id order', async () => {
      const store = await seeded();
      const all = await store.listLines('streets');
      const first = await store.listLines('streets', { limit: 2 });
      expect(first).toEqual(all.slice(0, 2));
      const rest = await store.listLines('streets', { afterId: first[1].id, limit: 2 });
      expect(rest).toEqual(all.slice(2));
      expect(await store.listLines('streets', { afterId: all[all.length - 1].id })).toEqual([]);
    });

    it('has no lines for a dataset without them, and refuses a malformed line', async () => {
      const plain = await fresh();
      const dataset = loadFixtureDataset();
      delete dataset.lines;
      await plain.seedDataset(dataset);
      expect(await plain.listLines('streets')).toEqual([]);
      expect(await plain.listLines('water')).toEqual([]);

      const store = await fresh();
      const broken = loadFixtureDataset();
      broken.lines![1].coordinates = [[115.95, 28.56]];
      await expect(async () => store.seedDataset(broken)).rejects.toBeInstanceOf(StoreError);
      expect(await store.isSeeded()).toBe(false);
      expect(await store.listLines('streets')).toEqual([]);
    });

    it('adds the on-time close rate and ranks the townships below the county', async () => {
      const store = await seeded();
      const county = await store.stats({ level: 'county' });
      expect(county).toMatchObject({
        collected: 8, closed: 4, open: 4, closeRate: 0.5, overdue: 2, openByTier: { red: 2, orange: 1, yellow: 1 },
        evaluated: 3, satisfied: 1, basicallySatisfied: 1, dissatisfied: 1, satisfactionRate: 2 / 3,
        onTimeCloseRate: 4 / 6,
      });
      expect(county?.children).toEqual([
        row(T100, { collected: 4, closed: 2, closeRate: 0.5, onTimeCloseRate: 2 / 3, overdue: 1, openByTier: { ...none, red: 2 }, satisfactionRate: 1 }),
        row(T101, { collected: 4, closed: 2, closeRate: 0.5, onTimeCloseRate: 2 / 3, overdue: 1, openByTier: { ...none, orange: 1, yellow: 1 }, satisfactionRate: 0 }),
      ]);
    });

    it('ranks the grids below a township, and a grid has none below it', async () => {
      const store = await seeded();
      const township = await store.stats({ level: 'township', code: '360121100' });
      expect(township?.onTimeCloseRate).toBe(2 / 3);
      expect(township?.children).toEqual([
        row({ code: '360121100001001', name: '府前路社区第1网格', households: 800 },
          { collected: 2, closed: 1, closeRate: 0.5, onTimeCloseRate: 1, overdue: 0, openByTier: { ...none, red: 1 }, satisfactionRate: 1 }),
        row({ code: '360121100002001', name: '向阳路社区第1网格', households: 510 },
          { collected: 1, closed: 0, closeRate: 0, onTimeCloseRate: 0, overdue: 1, openByTier: { ...none, red: 1 }, satisfactionRate: null }),
        row({ code: '360121100002002', name: '向阳路社区第2网格', households: 460 },
          { collected: 1, closed: 1, closeRate: 1, onTimeCloseRate: 1, overdue: 0, openByTier: none, satisfactionRate: 1 }),
      ]);
      const grid = await store.stats({ level: 'grid', code: '360121100002002' });
      expect(grid?.children).toEqual([]);
      expect(grid?.onTimeCloseRate).toBe(1);
    });

    it('counts a problem closed after its deadline against the on-time rate only', async () => {
      const store = await seeded();
      await store.insertIssue(newIssueIn(fixture, '360121100002001', {
        reportedAt: '2015-04-20T02:00:00.000Z', deadlineAt: '2015-04-23T02:00:00.000Z',
        status: 'closed', closedAt: '2015-04-26T02:00:00.000Z', satisfaction: 'satisfied',
      }));
      const county = await store.stats({ level: 'county' });
      expect(county).toMatchObject({ collected: 9, closed: 5, overdue: 2, onTimeCloseRate: 4 / 7, closeRate: 5 / 9 });
      expect(county?.children[0]).toMatchObject({ code: '360121100', collected: 5, closed: 3, onTimeCloseRate: 2 / 4, satisfactionRate: 1 });
      // Closed on the deadline to the millisecond is on time.
      await store.insertIssue(newIssueIn(fixture, '360121101001001', {
        reportedAt: '2015-04-20T02:00:00.000Z', deadlineAt: '2015-04-23T02:00:00.000Z',
        status: 'closed', closedAt: '2015-04-23T10:00:00+08:00', satisfaction: null,
      }));
      expect((await store.stats({ level: 'township', code: '360121101' }))?.onTimeCloseRate).toBe(3 / 4);
    });

    it('narrows figures and ranking to a reporting window', async () => {
      const store = await seeded();
      const county = await store.stats({ level: 'county', ...MID_APRIL });
      expect(county).toMatchObject({
        collected: 5, closed: 2, open: 3, closeRate: 0.4, overdue: 2, onTimeCloseRate: 0.5,
        openByTier: { red: 1, orange: 1, yellow: 1 }, evaluated: 2, satisfactionRate: 0.5,
      });
      expect(county?.children).toEqual([
        row(T100, { collected: 2, closed: 1, closeRate: 0.5, onTimeCloseRate: 0.5, overdue: 1, openByTier: { ...none, red: 1 }, satisfactionRate: 1 }),
        row(T101, { collected: 3, closed: 1, closeRate: 1 / 3, onTimeCloseRate: 0.5, overdue: 1, openByTier: { ...none, orange: 1, yellow: 1 }, satisfactionRate: 0 }),
      ]);
      const later = await store.stats({ level: 'county', reportedFrom: '2015-05-01T00:00:00.000Z' });
      expect(later).toMatchObject({ collected: 0, closed: 0, closeRate: null, onTimeCloseRate: null, satisfactionRate: null, overdue: 0 });
      expect(later?.children.map((child) => child.collected)).toEqual([0, 0]);
      // The bounds are inclusive below and exclusive above.
      expect((await store.stats({ level: 'county', reportedFrom: '2015-04-29T12:00:00.000Z' }))?.collected).toBe(1);
      expect((await store.stats({ level: 'county', reportedBefore: '2015-04-29T12:00:00.000Z', reportedFrom: '2015-04-22T12:00:00.000Z' }))?.collected).toBe(1);
    });

    it('narrows figures and ranking to a category, alone or with a window', async () => {
      const store = await seeded();
      const roads = await store.stats({ level: 'county', category: '道路交通' });
      expect(roads).toMatchObject({ collected: 2, closed: 0, closeRate: 0, onTimeCloseRate: 0, overdue: 1, openByTier: { red: 1, orange: 1, yellow: 0 } });
      expect(roads?.children).toEqual([
        row(T100, { collected: 1, closed: 0, closeRate: 0, onTimeCloseRate: null, overdue: 0, openByTier: { ...none, red: 1 }, satisfactionRate: null }),
        row(T101, { collected: 1, closed: 0, closeRate: 0, onTimeCloseRate: 0, overdue: 1, openByTier: { ...none, orange: 1 }, satisfactionRate: null }),
      ]);
      expect((await store.stats({ level: 'county', category: '道路交通', ...MID_APRIL }))?.collected).toBe(1);
      expect((await store.stats({ level: 'grid', code: '360121100001001', category: '道路交通' }))?.onTimeCloseRate).toBeNull();
      expect((await store.stats({ level: 'county', category: '不存在的类别' }))?.collected).toBe(0);
    });

    it('counts collected and closed per ISO week in Asia/Shanghai, oldest first', async () => {
      const store = await seeded();
      expect(await store.trend({ level: 'county', weeks: 4 })).toEqual({
        weeks: [
          { weekStart: '2015-04-06', collected: 2, closed: 1 },
          { weekStart: '2015-04-13', collected: 3, closed: 2 },
          { weekStart: '2015-04-20', collected: 2, closed: 1 },
          { weekStart: '2015-04-27', collected: 1, closed: 0 },
        ],
      });
      expect((await store.trend({ level: 'county', weeks: 2 }))?.weeks.map((week) => week.weekStart)).toEqual(['2015-04-20', '2015-04-27']);
      expect((await store.trend({ level: 'township', code: '360121101', weeks: 4 }))?.weeks).toEqual([
        { weekStart: '2015-04-06', collected: 1, closed: 1 },
        { weekStart: '2015-04-13', collected: 2, closed: 0 },
        { weekStart: '2015-04-20', collected: 1, closed: 1 },
        { weekStart: '2015-04-27', collected: 0, closed: 0 },
      ]);
      expect((await store.trend({ level: 'grid', code: '360121100002001', weeks: 1 }))?.weeks).toEqual([
        { weekStart: '2015-04-27', collected: 0, closed: 0 },
      ]);
      expect((await store.trend({ level: 'county', weeks: 4, category: '道路交通' }))?.weeks.map((week) => week.collected)).toEqual([0, 1, 0, 1]);
      expect(await store.trend({ level: 'township', code: '360121999', weeks: 4 })).toBeNull();
      expect(await store.trend({ level: 'grid', code: '360121100002999', weeks: 4 })).toBeNull();
    });

    it('puts a problem in the week of its Shanghai date, not its UTC date', async () => {
      const store = await seeded();
      // Sunday 23:59 and Monday 01:00 in Shanghai, both on Sunday 2015-04-26 in UTC.
      await store.insertIssue(newIssueIn(fixture, '360121101001002', { reportedAt: '2015-04-26T15:59:00.000Z', deadlineAt: '2015-04-29T15:59:00.000Z' }));
      await store.insertIssue(newIssueIn(fixture, '360121101001002', { reportedAt: '2015-04-26T17:00:00.000Z', deadlineAt: '2015-04-29T17:00:00.000Z' }));
      const weeks = (await store.trend({ level: 'county', weeks: 2 }))?.weeks;
      expect(weeks).toEqual([
        { weekStart: '2015-04-20', collected: 3, closed: 1 },
        { weekStart: '2015-04-27', collected: 2, closed: 0 },
      ]);
      // Monday 00:00 in Shanghai opens a new week; one millisecond before it does not.
      setClock(new Date('2015-05-03T15:59:59.999Z'));
      expect((await store.trend({ level: 'county', weeks: 1 }))?.weeks[0].weekStart).toBe('2015-04-27');
      setClock(new Date('2015-05-03T16:00:00.000Z'));
      expect((await store.trend({ level: 'county', weeks: 2 }))?.weeks).toEqual([
        { weekStart: '2015-04-27', collected: 2, closed: 0 },
        { weekStart: '2015-05-04', collected: 0, closed: 0 },
      ]);
      expect((await store.trend({ level: 'county', weeks: 104 }))?.weeks).toHaveLength(104);
    });

    it('lists problem points as parallel columns ordered by id', async () => {
      const store = await seeded();
      const points = await store.issuePoints({});
      expect(points.count).toBe(8);
      const { columns } = points;
      for (const column of Object.values(columns)) expect(column).toHaveLength(8);
      expect(columns.id).toEqual([...columns.id].sort((a, b) => a - b));
      expect(columns.tier).toEqual(['red', 'red', 'orange', 'yellow', 'red', 'red', 'orange', 'red']);
      expect(columns.status).toEqual(['open', 'open', 'closed', 'open', 'closed', 'closed', 'open', 'closed']);
      expect(columns.overdue).toEqual([false, true, false, false, false, false, true, false]);
      expect(columns.gridCode[1]).toBe('360121100002001');
      expect(columns.townshipCode[6]).toBe('360121101');
      expect(columns.category[0]).toBe('道路交通');
      expect(columns.reportedAt[0]).toBe('2015-04-29T12:00:00.000Z');
      const second = await store.getIssue(columns.id[1]);
      expect([columns.lon[1], columns.lat[1]]).toEqual([second?.lon, second?.lat]);
      setClock(new Date('2015-01-01T00:00:00.000Z'));
      expect((await store.issuePoints({})).columns.overdue.every((flag) => !flag)).toBe(true);
    });

    it('filters points by status, tiers, window and category, and rounds positions to 6 decimals', async () => {
      const store = await seeded();
      const overdue = await store.issuePoints({ status: 'overdue' });
      expect(overdue.count).toBe(2);
      expect(overdue.columns.tier).toEqual(['red', 'orange']);
      expect((await store.issuePoints({ status: 'open', tiers: ['red'] })).count).toBe(2);
      expect((await store.issuePoints({ tiers: ['orange', 'yellow'] })).columns.tier).toEqual(['orange', 'yellow', 'orange']);
      expect((await store.issuePoints({ tiers: [] })).count).toBe(8);
      expect((await store.issuePoints({ category: '道路交通' })).count).toBe(2);
      expect((await store.issuePoints(MID_APRIL)).count).toBe(5);
      expect((await store.issuePoints({ status: 'closed', ...MID_APRIL })).columns.tier).toEqual(['red', 'red']);
      expect((await store.issuePoints({ category: '不存在的类别' }))).toEqual({
        count: 0,
        columns: { id: [], lon: [], lat: [], tier: [], status: [], overdue: [], gridCode: [], townshipCode: [], category: [], reportedAt: [] },
      });
      await store.insertIssue(newIssueIn(fixture, '360121100001001', { lon: 115.94123456789, lat: 28.58000004 }));
      const all = await store.issuePoints({});
      expect([all.columns.lon[8], all.columns.lat[8]]).toEqual([115.941235, 28.58]);
    });
  });
}
