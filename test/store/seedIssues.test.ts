import { describe, expect, it } from 'vitest';
import { ISSUE_CATEGORIES, generateSeedIssues, type SeedIssueGrid } from '../../server/synth/issues.ts';
import { TIER_DEADLINE_DAYS, validateNewIssue } from '../../server/store/issueRules.ts';
import { pointInPolygon } from '../../server/geo/ring.ts';
import { openSqliteStore } from '../../server/store/sqlite/sqliteStore.ts';
import { loadFixtureDataset } from '../fixtures/dataset/load.ts';

const NOW = new Date('2015-05-01T12:00:00.000Z');
const dataset = loadFixtureDataset();
const grids: SeedIssueGrid[] = dataset.grids.map(({ code, villageCode, townshipCode, households, polygon }) => ({
  code, villageCode, townshipCode, households, polygon,
}));
const DAY = 86_400_000;

describe('generateSeedIssues', () => {
  const issues = generateSeedIssues({ grids, now: NOW });

  it('yields the exact 2015 headline counts by default', () => {
    expect(issues.length).toBe(7773);
    const closed = issues.filter((i) => i.status === 'closed');
    expect(closed.length).toBe(4373);
    const content = closed.filter((i) => i.satisfaction === 'satisfied' || i.satisfaction === 'basically_satisfied');
    expect(content.length).toBe(Math.round(4373 * 0.821));
    expect((content.length / closed.length).toFixed(3)).toBe('0.821');
    expect(closed.every((i) => i.satisfaction !== null)).toBe(true);
  });

  it('honours other counts', () => {
    const few = generateSeedIssues({ grids, now: NOW, count: 50, closed: 20, satisfiedShare: 0.5, seed: 3 });
    expect(few.length).toBe(50);
    expect(few.filter((i) => i.status === 'closed').length).toBe(20);
    expect(few.filter((i) => i.satisfaction === 'dissatisfied').length).toBe(10);
    expect(generateSeedIssues({ grids, now: NOW, count: 0, closed: 0 })).toEqual([]);
    expect(() => generateSeedIssues({ grids, now: NOW, count: 5, closed: 6 })).toThrow(RangeError);
  });

  it('is deterministic for a seed and varies with it', () => {
    expect(generateSeedIssues({ grids, now: NOW, count: 300, closed: 100, seed: 7 })).toEqual(
      generateSeedIssues({ grids, now: NOW, count: 300, closed: 100, seed: 7 }),
    );
    expect(generateSeedIssues({ grids, now: NOW, count: 300, closed: 100, seed: 8 })).not.toEqual(
      generateSeedIssues({ grids, now: NOW, count: 300, closed: 100, seed: 7 }),
    );
  });

  it('produces valid, synthetic records inside their grid', () => {
    const byCode = new Map(grids.map((g) => [g.code, g]));
    const faults = issues.flatMap((issue, index) => {
      const grid = byCode.get(issue.gridCode);
      const validation = validateNewIssue(issue);
      const problems = [
        !validation.valid && validation.reason,
        !issue.synthetic && 'not synthetic',
        (grid?.villageCode !== issue.villageCode || grid?.townshipCode !== issue.townshipCode) && 'wrong village or township',
        !pointInPolygon(issue.lon, issue.lat, grid?.polygon ?? []) && 'outside its grid',
        !(ISSUE_CATEGORIES as readonly string[]).includes(issue.category) && `category ${issue.category}`,
        !/^\p{Script=Han}{4,12}$/u.test(issue.title) && `title ${issue.title}`,
      ].filter(Boolean);
      return problems.map((problem) => `#${index}: ${problem}`);
    });
    expect(faults).toEqual([]);
  });

  it('places issues in proportion to households', () => {
    const total = grids.reduce((sum, g) => sum + g.households, 0);
    for (const grid of grids) {
      const share = issues.filter((i) => i.gridCode === grid.code).length / issues.length;
      expect(share).toBeCloseTo(grid.households / total, 1);
    }
    const empty = grids.map((g, index) => ({ ...g, households: index === 0 ? 0 : g.households }));
    expect(generateSeedIssues({ grids: empty, now: NOW, count: 500, closed: 0 }).some((i) => i.gridCode === grids[0].code)).toBe(false);
  });

  it('samples uniformly inside a concave grid, never in its notch', () => {
    const lShape: SeedIssueGrid = {
      code: '360121100001009', villageCode: '360121100001', townshipCode: '360121100', households: 10,
      polygon: [[[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2], [0, 0]]],
    };
    const placed = generateSeedIssues({ grids: [lShape], now: NOW, count: 2000, closed: 0 });
    expect(placed.every((i) => !(i.lon > 1 && i.lat > 1))).toBe(true);
    const upper = placed.filter((i) => i.lat > 1).length / placed.length;
    expect(upper).toBeGreaterThan(0.28);
    expect(upper).toBeLessThan(0.39);
  });

  it('draws mostly red, then orange, few yellow', () => {
    const share = (tier: string) => issues.filter((i) => i.tier === tier).length / issues.length;
    expect(share('red')).toBeCloseTo(0.7, 1);
    expect(share('orange')).toBeCloseTo(0.22, 1);
    expect(share('yellow')).toBeCloseTo(0.08, 1);
  });

  it('reports over the nine weeks before now, mostly on Wednesday evenings in Beijing time', () => {
    let evenings = 0;
    for (const issue of issues) {
      const reported = Date.parse(issue.reportedAt);
      expect(reported).toBeLessThan(NOW.getTime());
      expect(reported).toBeGreaterThanOrEqual(NOW.getTime() - 63 * DAY);
      const beijing = new Date(reported + 8 * 3_600_000);
      const hour = beijing.getUTCHours() + beijing.getUTCMinutes() / 60;
      if (beijing.getUTCDay() === 3 && hour >= 18 && hour <= 21.5) evenings++;
    }
    expect(evenings / issues.length).toBeGreaterThan(0.7);
    const days = new Set(issues.map((i) => new Date(Date.parse(i.reportedAt) + 8 * 3_600_000).toISOString().slice(0, 10)));
    expect(days.size).toBeGreaterThan(40);
    expect(issues.map((i) => i.reportedAt)).toEqual(issues.map((i) => i.reportedAt).sort());
  });

  it('sets deadlines per tier from the report or the dispatch, closes before now, and leaves some open issues overdue', () => {
    for (const issue of issues) {
      // The clock restarts at dispatch (and escalation); an extension moves the deadline later still.
      const clock = [...(issue.history ?? [])].reverse().find((entry) => entry.action === 'dispatch' || entry.action === 'escalate' || entry.action === 'report');
      const extended = issue.history?.some((entry) => entry.action === 'extend');
      const allowed = Date.parse(issue.deadlineAt) - Date.parse(clock?.at ?? issue.reportedAt);
      if (extended) expect(allowed).toBeGreaterThan(TIER_DEADLINE_DAYS[issue.tier] * DAY);
      else expect(allowed).toBe(TIER_DEADLINE_DAYS[issue.tier] * DAY);
      if (issue.closedAt) {
        expect(Date.parse(issue.closedAt)).toBeGreaterThanOrEqual(Date.parse(issue.reportedAt));
        expect(Date.parse(issue.closedAt)).toBeLessThan(NOW.getTime());
      }
    }
    const open = issues.filter((i) => i.status === 'open');
    const overdue = open.filter((i) => Date.parse(i.deadlineAt) < NOW.getTime());
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.length).toBeLessThan(open.length);
    const closedRed = issues.filter((i) => i.tier === 'red' && i.status === 'closed').length / issues.filter((i) => i.tier === 'red').length;
    const closedYellow = issues.filter((i) => i.tier === 'yellow' && i.status === 'closed').length / issues.filter((i) => i.tier === 'yellow').length;
    expect(closedRed).toBeGreaterThan(closedYellow);
  });

  it('gives every problem a ledger the lifecycle rules allow, consistent with its record', () => {
    const stages = new Map<string, number>();
    let reworked = 0;
    let extended = 0;
    let escalated = 0;
    for (const issue of issues) {
      const history = issue.history ?? [];
      expect(history[0]).toMatchObject({ action: 'report', at: issue.reportedAt, toStage: 'reported' });
      const last = history[history.length - 1];
      expect(last.toStage).toBe(issue.stage);
      expect(last.toTier).toBe(issue.tier);
      expect(history.map((entry) => entry.at)).toEqual(history.map((entry) => entry.at).sort());
      for (let index = 1; index < history.length; index++) expect(history[index].fromStage).toBe(history[index - 1].toStage);
      if (issue.status === 'closed') {
        expect(last).toMatchObject({ action: 'close', at: issue.closedAt, satisfaction: issue.satisfaction });
      } else {
        expect(Date.parse(last.at)).toBeLessThan(NOW.getTime());
      }
      expect(issue.reworkCount).toBe(history.filter((entry) => entry.action === 'rework').length);
      expect(issue.extensionCount).toBe(history.filter((entry) => entry.action === 'extend').length);
      stages.set(issue.stage ?? '', (stages.get(issue.stage ?? '') ?? 0) + 1);
      if (issue.reworkCount) reworked++;
      if (issue.extensionCount) extended++;
      if (history.some((entry) => entry.action === 'escalate')) escalated++;
    }
    expect(stages.get('closed')).toBe(4373);
    for (const stage of ['reported', 'accepted', 'dispatched', 'in_progress', 'handled', 'verified']) expect(stages.get(stage), stage).toBeGreaterThan(50);
    expect(reworked / 4373).toBeGreaterThan(0.04);
    expect(reworked / 4373).toBeLessThan(0.12);
    expect(extended).toBeGreaterThan(0);
    expect(escalated).toBeGreaterThan(0);
  });

  it('seeds into a store with the expected headline figures', () => {
    const store = openSqliteStore(':memory:', { now: () => NOW });
    store.seedDataset({ ...dataset, issues });
    const stats = store.stats({ level: 'county' });
    expect(stats?.collected).toBe(7773);
    expect(stats?.closed).toBe(4373);
    expect(stats?.satisfactionRate?.toFixed(3)).toBe('0.821');
    expect(stats?.accepted).toBeGreaterThan(4373);
    expect(stats?.reworkRate).toBeGreaterThan(0);
    expect(stats?.extensionRate).toBeGreaterThan(0);
    const first = store.listIssues({ limit: 1 }).issues[0];
    expect(store.listLedger(first.id)?.length).toBe(issues.find((i) => i.reportedAt === first.reportedAt && i.title === first.title)?.history?.length);
    store.close();
  });
});
