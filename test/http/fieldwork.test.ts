import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/http/app.ts';
import { openSqliteStore, type SqliteGridStore } from '../../server/store/sqlite/sqliteStore.ts';
import { FIXTURE_NOW } from '../fixtures/dataset/load.ts';
import { GRID_A, GRID_B, GRID_D, loadFieldworkDataset } from '../fixtures/fieldwork/load.ts';
import { expectError, fixtureLocator } from './helpers.ts';
import type { FieldworkStats } from '../../server/store/fieldwork.ts';
import { createEventBus, type DomainEvent } from '../../server/events/bus.ts';

const stores: SqliteGridStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

function makeApp(now = FIXTURE_NOW, events = createEventBus()) {
  const dataset = loadFieldworkDataset();
  const store = openSqliteStore(':memory:', { now: () => now });
  store.seedDataset(dataset);
  stores.push(store);
  return createApp({ store, locator: fixtureLocator(dataset), attribution: 'test', now: () => now, events, logError: (error) => { throw error; } });
}

const post = (app: ReturnType<typeof makeApp>, path: string, body: unknown) =>
  app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('GET /api/grids/:code/roster', () => {
  it('lists the roster by role with 网格长 first', async () => {
    const response = await makeApp().request(`/api/grids/${GRID_A}/roster`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { gridCode: string; roles: Array<{ role: string; label: string; members: Array<{ personId: string }> }>; meetsPattern: boolean };
    expect(body.gridCode).toBe(GRID_A);
    expect(body.roles[0]).toMatchObject({ role: 'grid_leader', label: '网格长', members: [{ personId: 'CL1' }] });
    expect(body.roles.map((group) => group.members.length)).toEqual([1, 2, 4, 2, 1]);
    expect(body.meetsPattern).toBe(true);
  });

  it('answers 404 for an unknown grid and 400 for a malformed code', async () => {
    const app = makeApp();
    await expectError(await app.request('/api/grids/360121100009009/roster'), 404, 'code');
    await expectError(await app.request('/api/grids/12/roster'), 400, 'code');
    await expectError(await app.request(`/api/grids/${GRID_A}/roster`, { method: 'DELETE' }), 405);
  });
});

describe('POST /api/contact-days/sign-ins', () => {
  const evening = new Date('2015-05-06T18:05:00+08:00');

  it('signs a cadre in at the current time on a contact day', async () => {
    const app = makeApp(evening);
    const response = await post(app, '/api/contact-days/sign-ins', { personId: 'CD4', gridCode: GRID_D });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ personId: 'CD4', gridCode: GRID_D, contactDate: '2015-05-06', late: false, signedInAt: evening.toISOString(), synthetic: false });
    const stats = (await (await app.request('/api/contact-days')).json()) as { contactDays: Array<{ date: string }> };
    expect(stats.contactDays.map((day: { date: string }) => day.date)).toEqual(['2015-04-22', '2015-04-29', '2015-05-06']);
    await expectError(await post(app, '/api/contact-days/sign-ins', { personId: 'CD4', gridCode: GRID_D }), 409, 'personId');
  });

  it('announces a committed sign-in on the live stream, and a refused one not at all', async () => {
    const events = createEventBus();
    const heard: DomainEvent[] = [];
    events.subscribe((event) => heard.push(event));
    const app = makeApp(evening, events);
    expect((await post(app, '/api/contact-days/sign-ins', { personId: 'CD4', gridCode: GRID_D })).status).toBe(201);
    expect(heard).toEqual([{ type: 'version', dataVersion: expect.any(Number) }]);
    expect((await post(app, '/api/contact-days/sign-ins', { personId: 'CD4', gridCode: GRID_D })).status).toBe(409);
    expect(heard).toHaveLength(1);
  });

  it('refuses bad input with the field named: 400, 404, 422, 415', async () => {
    const app = makeApp(evening);
    await expectError(await post(app, '/api/contact-days/sign-ins', { personId: 'CD4', gridCode: '12' }), 400, 'gridCode');
    await expectError(await post(app, '/api/contact-days/sign-ins', { personId: 'CD4', gridCode: GRID_D, extra: 1 }), 400, 'extra');
    await expectError(await post(app, '/api/contact-days/sign-ins', { personId: 'CD4', gridCode: GRID_D, signedInAt: 'soon' }), 400, 'signedInAt');
    await expectError(await post(app, '/api/contact-days/sign-ins', { personId: 'NOBODY', gridCode: GRID_D }), 404, 'personId');
    await expectError(await post(app, '/api/contact-days/sign-ins', { personId: 'CD4', gridCode: '360121100009009' }), 404, 'gridCode');
    await expectError(await post(app, '/api/contact-days/sign-ins', { personId: 'CD4', gridCode: GRID_A }), 422, 'personId');
    await expectError(await post(app, '/api/contact-days/sign-ins', { personId: 'CD4', gridCode: GRID_D, signedInAt: '2015-05-05T18:00:00+08:00' }), 422, 'signedInAt');
    const wrongType = await app.request('/api/contact-days/sign-ins', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    await expectError(wrongType, 415);
  });
});

describe('POST /api/visits and /api/spot-checks', () => {
  it('records a visit by a signed-in cadre', async () => {
    const app = makeApp();
    const response = await post(app, '/api/visits', { personId: 'CD3', gridCode: GRID_B, contactDate: '2015-04-29', kind: 'received', people: 4, problemsLogged: 1 });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ id: expect.any(Number), people: 4, problemsLogged: 1, note: null });
    await expectError(await post(app, '/api/visits', { personId: 'CD2', gridCode: GRID_B, contactDate: '2015-04-29', kind: 'received', people: 4 }), 422, 'personId');
    await expectError(await post(app, '/api/visits', { personId: 'CD3', gridCode: GRID_B, contactDate: '2015-04-29', kind: 'received', people: 0 }), 400, 'people');
    await expectError(await post(app, '/api/visits', { personId: 'CD3', gridCode: GRID_B, contactDate: '2015-04-31', kind: 'received', people: 1 }), 400, 'contactDate');
    await expectError(await post(app, '/api/visits', { personId: 'CD3', gridCode: GRID_B, contactDate: '2015-04-30', kind: 'received', people: 1 }), 404, 'contactDate');
    await expectError(await app.request('/api/visits'), 405);
  });

  it('records a spot check and refuses an action against someone present', async () => {
    const app = makeApp();
    const body = { personId: 'CD4', gridCode: GRID_D, contactDate: '2015-04-29', result: 'absent', action: 'public_apology', inspector: '县督查组第二组' };
    const response = await post(app, '/api/spot-checks', body);
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ result: 'absent', action: 'public_apology', inspector: '县督查组第二组' });
    await expectError(await post(app, '/api/spot-checks', { ...body, personId: 'CD1', gridCode: GRID_A, result: 'present' }), 422, 'action');
    await expectError(await post(app, '/api/spot-checks', { ...body, result: 'asleep' }), 400, 'result');
    await expectError(await post(app, '/api/spot-checks', { ...body, inspector: '' }), 400, 'inspector');
    await expectError(await post(app, '/api/spot-checks', body), 409, 'personId');
    const stats = await (await app.request('/api/fieldwork/stats')).json();
    expect(stats).toMatchObject({ spotChecks: { absent: 3 }, disciplined: 3 });
  });
});

describe('GET /api/fieldwork/stats', () => {
  it('gives the county figures and ranks the townships', async () => {
    const response = await makeApp().request('/api/fieldwork/stats');
    expect(response.status).toBe(200);
    const body = (await response.json()) as FieldworkStats;
    expect(body).toMatchObject({
      level: 'county', code: '360121', contactDays: 2, signIns: 8, expectedSignIns: 10, attendanceRate: 0.6,
      peopleReceived: 18, visits: 4, problemsLogged: 5, spotChecks: { present: 2, late: 1, absent: 2, offPost: 0 }, disciplined: 2,
    });
    expect(body.children.map((row) => [row.code, row.attendanceRate])).toEqual([
      ['360121100', 0.625],
      ['360121101', 0.5],
    ]);
  });

  it('narrows to a village, a grid and a window', async () => {
    const app = makeApp();
    const village = (await (await app.request('/api/fieldwork/stats?level=village&code=360121100002')).json()) as FieldworkStats;
    expect(village).toMatchObject({ level: 'village', signIns: 2, peopleReceived: 6, disciplined: 2 });
    expect(village.children.map((row: { code: string }) => row.code)).toEqual([GRID_B, '360121100002002']);
    const township = (await (await app.request('/api/fieldwork/stats?level=township&code=360121100')).json()) as FieldworkStats;
    expect(township.children.map((row: { code: string }) => row.code)).toEqual(['360121100001', '360121100002']);
    const windowed = await (await app.request('/api/fieldwork/stats?from=2015-04-29&to=2015-04-29')).json();
    expect(windowed).toMatchObject({ from: '2015-04-29', to: '2015-04-29', contactDays: 1, signIns: 3, attendanceRate: 0.4, peopleReceived: 6 });
    const grid = await (await app.request(`/api/fieldwork/stats?level=grid&code=${GRID_A}`)).json();
    expect(grid).toMatchObject({ signIns: 5, attendanceRate: 0.75, children: [] });
  });

  it('answers 400 and 404 naming the field', async () => {
    const app = makeApp();
    await expectError(await app.request('/api/fieldwork/stats?level=village&code=123'), 400, 'code');
    await expectError(await app.request('/api/fieldwork/stats?level=township'), 400, 'code');
    await expectError(await app.request('/api/fieldwork/stats?level=city'), 400, 'level');
    await expectError(await app.request('/api/fieldwork/stats?from=2015-05-01&to=2015-04-01'), 400, 'from');
    await expectError(await app.request('/api/fieldwork/stats?level=township&code=360121999'), 404, 'code');
    await expectError(await app.request('/api/fieldwork/stats?level=grid&code=360121100009009'), 404, 'code');
  });
});
