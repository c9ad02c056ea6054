// Behaviour every FieldworkStore backend must show, run against the fieldwork fixture (figures hand-computed
// in test/fixtures/fieldwork/README.md). Backends call runFieldworkContract from their own test file.
import { afterEach, describe, expect, it } from 'vitest';
import type { GridStore } from '../../server/store/store.ts';
import { FieldworkError, fieldworkOf, type FieldworkStore } from '../../server/store/fieldwork.ts';
import { FIXTURE_NOW, loadFixtureDataset } from '../fixtures/dataset/load.ts';
import { GRID_A, GRID_B, GRID_C, GRID_D, loadFieldworkDataset } from '../fixtures/fieldwork/load.ts';

type MakeStore = (options: { now: () => Date }) => Promise<GridStore> | GridStore;

async function refused(work: () => unknown, problem: string, field: string): Promise<void> {
  try {
    await work();
  } catch (error) {
    expect(error).toBeInstanceOf(FieldworkError);
    expect((error as FieldworkError).problem).toBe(problem);
    expect((error as FieldworkError).field).toBe(field);
    return;
  }
  throw new Error(`expected a ${problem} refusal on ${field}`);
}

export function runFieldworkContract(name: string, makeStore: MakeStore): void {
  describe(`FieldworkStore contract: ${name}`, () => {
    let clock = FIXTURE_NOW;
    const open: GridStore[] = [];
    async function seeded(dataset = loadFieldworkDataset()): Promise<{ store: GridStore; fieldwork: FieldworkStore }> {
      clock = FIXTURE_NOW;
      const store = await makeStore({ now: () => clock });
      open.push(store);
      await store.seedDataset(dataset);
      const fieldwork = fieldworkOf(store);
      if (!fieldwork) throw new Error('store offers no fieldwork');
      return { store, fieldwork };
    }
    afterEach(async () => {
      for (const store of open.splice(0)) await store.close();
    });

    it('seeds the fieldwork with the dataset, idempotently', async () => {
      const { store, fieldwork } = await seeded();
      const version = store.dataVersion();
      await store.seedDataset(loadFieldworkDataset());
      expect(store.dataVersion()).toBe(version);
      expect((await fieldwork.listContactDays()).map((day) => day.date)).toEqual(['2015-04-22', '2015-04-29']);
      expect(await fieldwork.getPerson('CD1')).toEqual({ id: 'CD1', name: '熊志强', kind: 'cadre', organisation: '县水利局', synthetic: true });
    });

    it('refuses a dataset whose fieldwork breaks a rule, storing nothing', async () => {
      const dataset = loadFieldworkDataset();
      dataset.fieldwork!.signIns.push({ personId: 'CD4', gridCode: GRID_A, signedInAt: '2015-04-29T10:00:00Z', synthetic: true });
      const store = await makeStore({ now: () => FIXTURE_NOW });
      open.push(store);
      await expect(async () => store.seedDataset(dataset)).rejects.toThrow(/not on the roster/);
      expect(await store.isSeeded()).toBe(false);
    });

    it('lists a grid roster by role, 网格长 first, and tells whether it meets the pattern', async () => {
      const { fieldwork } = await seeded();
      const roster = (await fieldwork.roster(GRID_A))!;
      expect(roster.roles.map((group) => group.role)).toEqual(['grid_leader', 'cadre', 'party_member', 'department', 'volunteer']);
      expect(roster.roles[0]).toMatchObject({ label: '网格长', members: [{ personId: 'CL1', kind: 'county_leader' }] });
      expect(roster.roles.map((group) => group.members.length)).toEqual([1, 2, 4, 2, 1]);
      expect(roster.meetsPattern).toBe(true);
      expect((await fieldwork.roster(GRID_B))!.meetsPattern).toBe(false);
      expect((await fieldwork.roster(GRID_C))!.roles.every((group) => group.members.length === 0)).toBe(true);
      expect(await fieldwork.roster('360121100009009')).toBeNull();
    });

    it('computes figures at every level against the hand-computed fixture', async () => {
      const { fieldwork } = await seeded();
      const county = (await fieldwork.stats({ level: 'county' }))!;
      expect(county).toMatchObject({
        code: '360121', contactDays: 2, signIns: 8, lateSignIns: 1, expectedSignIns: 10, expectedPresent: 6, attendanceRate: 0.6,
        peopleReceived: 18, visits: 4, problemsLogged: 5, spotChecks: { present: 2, late: 1, absent: 2, offPost: 0 }, disciplined: 2,
      });
      expect(county.children.map((row) => [row.code, row.signIns, row.expectedSignIns, row.peopleReceived, row.disciplined])).toEqual([
        ['360121100', 7, 8, 14, 2],
        ['360121101', 1, 2, 4, 0],
      ]);
      expect(await fieldwork.stats({ level: 'township', code: '360121100' })).toMatchObject({
        signIns: 7, expectedPresent: 5, attendanceRate: 0.625, visits: 3, problemsLogged: 4, spotChecks: { present: 1, late: 1, absent: 2, offPost: 0 },
      });
      const village = (await fieldwork.stats({ level: 'village', code: '360121100002' }))!;
      expect(village).toMatchObject({ signIns: 2, expectedSignIns: 4, attendanceRate: 0.5, peopleReceived: 6, disciplined: 2 });
      expect(village.children.map((row) => row.code)).toEqual([GRID_B, GRID_C]);
      const grid = (await fieldwork.stats({ level: 'grid', code: GRID_A }))!;
      expect(grid).toMatchObject({ signIns: 5, lateSignIns: 1, expectedSignIns: 4, expectedPresent: 3, attendanceRate: 0.75, peopleReceived: 8, disciplined: 1 });
      expect(grid.children).toEqual([]);
      expect(await fieldwork.stats({ level: 'grid', code: GRID_C })).toMatchObject({ contactDays: 2, expectedSignIns: 0, attendanceRate: null, signIns: 0 });
      expect(await fieldwork.stats({ level: 'county', from: '2015-04-29', to: '2015-04-29' })).toMatchObject({
        contactDays: 1, signIns: 3, expectedSignIns: 5, expectedPresent: 2, attendanceRate: 0.4, peopleReceived: 6, spotChecks: { absent: 1 }, disciplined: 1,
      });
      expect(await fieldwork.stats({ level: 'township', code: '360121999' })).toBeNull();
      expect(await fieldwork.stats({ level: 'village', code: '360121100999' })).toBeNull();
    });

    it('signs a cadre in on a contact day, storing the day from the calendar, once', async () => {
      const { store, fieldwork } = await seeded();
      clock = new Date('2015-05-06T18:30:00+08:00');
      const before = store.dataVersion();
      const signIn = await fieldwork.signIn({ personId: 'CD4', gridCode: GRID_D, signedInAt: '2015-05-06T18:30:00+08:00', synthetic: false });
      expect(signIn).toMatchObject({ contactDate: '2015-05-06', late: true, signedInAt: '2015-05-06T10:30:00.000Z' });
      expect(store.dataVersion()).toBeGreaterThan(before);
      expect((await fieldwork.listContactDays()).map((day) => day.date)).toContain('2015-05-06');
      await refused(() => fieldwork.signIn({ personId: 'CD4', gridCode: GRID_D, signedInAt: '2015-05-06T18:31:00+08:00', synthetic: false }), 'conflict', 'personId');
      expect((await fieldwork.stats({ level: 'grid', code: GRID_D, from: '2015-05-06' }))!).toMatchObject({ contactDays: 1, signIns: 1, attendanceRate: 1 });
    });

    it('refuses sign-ins off the calendar, off the roster or in the future, changing nothing', async () => {
      const { store, fieldwork } = await seeded();
      clock = new Date('2015-05-06T19:00:00+08:00');
      const version = store.dataVersion();
      await refused(() => fieldwork.signIn({ personId: 'CD4', gridCode: GRID_D, signedInAt: '2015-05-05T19:00:00+08:00', synthetic: false }), 'unprocessable', 'signedInAt');
      await refused(() => fieldwork.signIn({ personId: 'CD4', gridCode: GRID_A, signedInAt: '2015-05-06T18:00:00+08:00', synthetic: false }), 'unprocessable', 'personId');
      await refused(() => fieldwork.signIn({ personId: 'DP1', gridCode: GRID_A, signedInAt: '2015-05-06T18:00:00+08:00', synthetic: false }), 'unprocessable', 'personId');
      await refused(() => fieldwork.signIn({ personId: 'NOBODY', gridCode: GRID_A, signedInAt: '2015-05-06T18:00:00+08:00', synthetic: false }), 'not_found', 'personId');
      await refused(() => fieldwork.signIn({ personId: 'CD4', gridCode: '360121100009009', signedInAt: '2015-05-06T18:00:00+08:00', synthetic: false }), 'not_found', 'gridCode');
      await refused(() => fieldwork.signIn({ personId: 'CD4', gridCode: GRID_D, signedInAt: '2015-05-13T18:00:00+08:00', synthetic: false }), 'unprocessable', 'signedInAt');
      expect(store.dataVersion()).toBe(version);
      expect((await fieldwork.listContactDays()).length).toBe(2);
    });

    it('records visits by signed-in people and counts them', async () => {
      const { fieldwork } = await seeded();
      const visit = await fieldwork.recordVisit({
        contactDate: '2015-04-29', gridCode: GRID_A, personId: 'PM1', kind: 'visited', people: 7, problemsLogged: 3, note: ' 走访独居老人 ', synthetic: false,
      });
      expect(visit).toMatchObject({ id: expect.any(Number), note: '走访独居老人', recordedAt: FIXTURE_NOW.toISOString() });
      expect(await fieldwork.stats({ level: 'grid', code: GRID_A })).toMatchObject({ peopleReceived: 15, visits: 3, problemsLogged: 5 });
      await refused(
        () => fieldwork.recordVisit({ contactDate: '2015-04-29', gridCode: GRID_A, personId: 'CD2', kind: 'received', people: 1, problemsLogged: 0, note: null, synthetic: false }),
        'unprocessable', 'personId',
      );
      await refused(
        () => fieldwork.recordVisit({ contactDate: '2015-04-30', gridCode: GRID_A, personId: 'CD1', kind: 'received', people: 1, problemsLogged: 0, note: null, synthetic: false }),
        'not_found', 'contactDate',
      );
    });

    it('records spot checks with the action taken and counts the disciplined', async () => {
      const { fieldwork } = await seeded();
      const check = await fieldwork.recordSpotCheck({
        contactDate: '2015-04-29', gridCode: GRID_D, personId: 'CD4', result: 'off_post', action: 'criticism', inspector: '县督查组第二组', note: null, synthetic: false,
      });
      expect(check).toMatchObject({ id: expect.any(Number), result: 'off_post', action: 'criticism', checkedAt: FIXTURE_NOW.toISOString() });
      expect(await fieldwork.stats({ level: 'county' })).toMatchObject({ spotChecks: { offPost: 1 }, disciplined: 3 });
      await refused(
        () => fieldwork.recordSpotCheck({ contactDate: '2015-04-29', gridCode: GRID_D, personId: 'CD4', result: 'present', action: 'none', inspector: 'x', note: null, synthetic: false }),
        'conflict', 'personId',
      );
      await refused(
        () => fieldwork.recordSpotCheck({ contactDate: '2015-04-28', gridCode: GRID_D, personId: 'CD4', result: 'absent', action: 'none', inspector: 'x', note: null, synthetic: false }),
        'not_found', 'contactDate',
      );
      await refused(
        () => fieldwork.recordSpotCheck({ contactDate: '2015-05-06', gridCode: GRID_D, personId: 'CD4', result: 'absent', action: 'none', inspector: 'x', note: null, synthetic: false }),
        'unprocessable', 'contactDate',
      );
    });

    it('adds people and roster assignments under the same rules', async () => {
      const { fieldwork } = await seeded();
      await fieldwork.addPerson({ id: 'CD9', name: '甘俊', kind: 'cadre', organisation: '县林业局', synthetic: false });
      await refused(() => fieldwork.addPerson({ id: 'CD9', name: '甘俊', kind: 'cadre', organisation: null, synthetic: false }), 'conflict', 'id');
      await fieldwork.assign({ gridCode: GRID_C, personId: 'CD9', role: 'grid_leader' });
      await refused(() => fieldwork.assign({ gridCode: GRID_C, personId: 'CL2', role: 'grid_leader' }), 'conflict', 'role');
      await refused(() => fieldwork.assign({ gridCode: GRID_C, personId: 'DP1', role: 'cadre' }), 'unprocessable', 'role');
      expect((await fieldwork.roster(GRID_C))!.roles[0].members.map((member) => member.personId)).toEqual(['CD9']);
    });

    it('works without fieldwork in the dataset', async () => {
      const { fieldwork } = await seeded(loadFixtureDataset());
      expect(await fieldwork.stats({ level: 'county' })).toMatchObject({ contactDays: 0, signIns: 0, attendanceRate: null, children: [{}, {}] });
      expect((await fieldwork.roster(GRID_A))!.meetsPattern).toBe(false);
    });
  });
}
