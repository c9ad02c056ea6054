import { beforeAll, describe, expect, it } from 'vitest';
import { apportion, generateSeedFieldwork, NANCHANG_FIELDWORK_COUNTS, type FieldworkSeedGrid } from '../../server/synth/fieldwork.ts';
import { contactDayOn, isLateSignIn, localDate } from '../../server/fieldwork/calendar.ts';
import { DISCIPLINARY_ACTIONS, type FieldworkDataset } from '../../server/fieldwork/records.ts';
import { createRandom } from '../../server/synth/random.ts';
import { openSqliteStore } from '../../server/store/sqlite/sqliteStore.ts';
import { FIXTURE_NOW, loadFixtureDataset } from '../fixtures/dataset/load.ts';

/** A county-sized territory without shapes: 24 townships, 471 villages, 1069 grids. */
function countyGrids(): FieldworkSeedGrid[] {
  const random = createRandom(7);
  const grids: FieldworkSeedGrid[] = [];
  for (let v = 0; v < 471; v++) {
    const township = `360121${String(100 + (v % 24)).padStart(3, '0')}`;
    const village = `${township}${String(Math.floor(v / 24) + 1).padStart(3, '0')}`;
    const count = v < 1069 - 471 * 2 ? 3 : 2;
    for (let k = 1; k <= count; k++) grids.push({ code: `${village}${String(k).padStart(3, '0')}`, villageCode: village, townshipCode: township, households: random.integer(150, 900) });
  }
  return grids;
}

const NOW = new Date('2015-08-17T11:34:00+08:00');

describe('synthetic fieldwork seed', () => {
  let grids: FieldworkSeedGrid[];
  let issues: Array<{ gridCode: string; reportedAt: string }>;
  let seed: FieldworkDataset;
  beforeAll(() => {
    grids = countyGrids();
    const random = createRandom(11);
    // Problems on contact evenings and in between.
    issues = Array.from({ length: 3000 }, () => {
      const day = contactDayOn('2015-08-12')!;
      const weeksBack = random.integer(0, 12);
      const offset = random.next() < 0.7 ? random.range(0, 3 * 3_600_000) : -random.range(0, 5 * 86_400_000);
      return { gridCode: random.pick(grids).code, reportedAt: new Date(Date.parse(day.startsAt) - weeksBack * 7 * 86_400_000 + offset).toISOString() };
    });
    seed = generateSeedFieldwork({ grids, issues, now: NOW });
  });

  it('has the article’s people: 46 leaders, 1,296 cadres, 10,000 party members, 60 departments, all synthetic', () => {
    expect(grids).toHaveLength(1069);
    const count = (kind: string) => seed.people.filter((person) => person.kind === kind).length;
    expect([count('county_leader'), count('cadre'), count('party_member'), count('department')]).toEqual([46, 1296, 10_000, 60]);
    expect(seed.people.every((person) => person.synthetic && person.name.length >= 2)).toBe(true);
    expect(new Set(seed.people.map((person) => person.id)).size).toBe(seed.people.length);
  });

  it('puts the "1+2+4+2+X" roster in every grid', () => {
    const byGrid = new Map<string, Map<string, string[]>>();
    for (const entry of seed.roster) {
      const roles = byGrid.get(entry.gridCode) ?? new Map<string, string[]>();
      roles.set(entry.role, [...(roles.get(entry.role) ?? []), entry.personId]);
      byGrid.set(entry.gridCode, roles);
    }
    expect(byGrid.size).toBe(1069);
    const kinds = new Map(seed.people.map((person) => [person.id, person.kind]));
    for (const roles of byGrid.values()) {
      expect(roles.get('grid_leader')!.map((id) => kinds.get(id))).toEqual(['county_leader']);
      expect(new Set(roles.get('cadre')).size).toBe(2);
      expect(roles.get('party_member')!.length).toBeGreaterThanOrEqual(4);
      expect(new Set(roles.get('department')).size).toBe(2);
    }
  });

  it('holds nine Wednesday-evening contact days that ended before now', () => {
    expect(seed.contactDays).toHaveLength(9);
    expect(seed.contactDays[8].date).toBe('2015-08-12');
    for (const day of seed.contactDays) {
      expect(contactDayOn(day.date)).toEqual(day);
      expect(Date.parse(day.endsAt)).toBeLessThanOrEqual(NOW.getTime());
    }
  });

  it('counts exactly 30,523 people received or visited, by people who signed in', () => {
    expect(seed.visits.reduce((sum, visit) => sum + visit.people, 0)).toBe(NANCHANG_FIELDWORK_COUNTS.peopleReceived);
    const signed = new Set(seed.signIns.map((s) => `${localDate(new Date(s.signedInAt))}|${s.gridCode}|${s.personId}`));
    expect(seed.visits.every((visit) => signed.has(`${visit.contactDate}|${visit.gridCode}|${visit.personId}`))).toBe(true);
    expect(seed.visits.every((visit) => visit.problemsLogged <= visit.people)).toBe(true);
  });

  it('logs every problem reported on a contact evening', () => {
    const days = new Map(seed.contactDays.map((day) => [day.date, day]));
    const evening = issues.filter((issue) => {
      const day = days.get(localDate(new Date(issue.reportedAt)));
      return day !== undefined && Date.parse(issue.reportedAt) >= Date.parse(day.startsAt);
    });
    expect(evening.length).toBeGreaterThan(0);
    expect(seed.visits.reduce((sum, visit) => sum + visit.problemsLogged, 0)).toBe(evening.length);
  });

  it('spot-checks 85 villages on the first contact day and disciplines 16 people, consistent with sign-ins', () => {
    const first = seed.contactDays[0];
    expect(seed.spotChecks.every((check) => check.contactDate === first.date)).toBe(true);
    expect(new Set(seed.spotChecks.map((check) => check.gridCode.slice(0, 12))).size).toBe(85);
    const disciplined = seed.spotChecks.filter((check) => DISCIPLINARY_ACTIONS.includes(check.action));
    expect(new Set(disciplined.map((check) => check.personId)).size).toBe(16);
    const firstDay = new Map(seed.signIns.filter((s) => localDate(new Date(s.signedInAt)) === first.date).map((s) => [`${s.gridCode}|${s.personId}`, s]));
    for (const check of seed.spotChecks) {
      const signIn = firstDay.get(`${check.gridCode}|${check.personId}`);
      if (check.result === 'absent') expect(signIn).toBeUndefined();
      else expect(signIn).toBeDefined();
      if (check.result === 'late') expect(isLateSignIn(first, new Date(signIn!.signedInAt))).toBe(true);
      if (check.result === 'present') expect(check.action).toBe('none');
    }
  });

  it('keeps attendance of stationed cadres realistic (about nine in ten)', () => {
    const cadreSignIns = seed.signIns.filter((s) => s.personId.startsWith('CD')).length;
    const rate = cadreSignIns / (2 * 1069 * 9);
    expect(rate).toBeGreaterThan(0.85);
    expect(rate).toBeLessThan(0.99);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(generateSeedFieldwork({ grids: grids.slice().reverse(), issues, now: NOW }))).toBe(JSON.stringify(seed));
  });

  it('passes the store’s rules when seeded with a dataset', () => {
    const dataset = loadFixtureDataset();
    dataset.fieldwork = generateSeedFieldwork({
      grids: dataset.grids,
      issues: dataset.issues,
      now: FIXTURE_NOW,
      counts: { countyLeaders: 2, cadres: 6, partyMembers: 30, departments: 4, contactDays: 3, peopleReceived: 100, spotCheckedVillages: 2, disciplined: 1 },
    });
    const store = openSqliteStore(':memory:', { now: () => FIXTURE_NOW });
    store.seedDataset(dataset);
    expect(store.fieldwork.stats({ level: 'county' })).toMatchObject({ contactDays: 3, peopleReceived: 100, disciplined: 1 });
    expect(dataset.grids.every((grid) => store.fieldwork.roster(grid.code)!.meetsPattern)).toBe(true);
    store.close();
  });
});

describe('apportion', () => {
  it('splits a total exactly by weights, largest remainders first', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(7, [0, 0])).toEqual([4, 3]);
    expect(apportion(5, [])).toEqual([]);
    expect(apportion(100, [3, 1]).reduce((a, b) => a + b)).toBe(100);
  });
});
