// Every role × every endpoint of the app → the expected status: 401 without an account, 403 where
// the policy refuses (role or place), otherwise the route's own answer.
import { describe, expect, it } from 'vitest';
import { GRID_A, GRID_D } from '../fixtures/fieldwork/load.ts';
import { makeAccessApp, jsonInit, pointIn, TOWNSHIP_A, TOWNSHIP_B, type Actor, type AccessTestApp } from './helpers.ts';
import { createApp } from '../../server/http/app.ts';
import { openSqliteStore } from '../../server/store/sqlite/sqliteStore.ts';
import { loadFieldworkDataset } from '../fixtures/fieldwork/load.ts';
import { fixtureLocator } from '../http/helpers.ts';

type Scoped = Exclude<Actor, 'anonymous'>;
const ROLES: Scoped[] = ['viewer', 'grid_cadre', 'township_operator', 'operator_b', 'township_planner', 'county_leader', 'admin'];
const EVERYONE = ROLES;
const A_STAFF: Scoped[] = ['grid_cadre', 'township_operator', 'township_planner', 'county_leader', 'admin'];
const COUNTY_READERS: Scoped[] = ['county_leader', 'admin'];

interface Endpoint {
  /** The app's route pattern this request exercises. */
  route: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  body?: (app: AccessTestApp) => unknown;
  form?: (app: AccessTestApp) => Record<string, string>;
  /** Who passes the policy; everyone else signed in gets 403. */
  allowed: Scoped[] | 'public';
  /** What the route answers once through. */
  ok: number;
}

const read = (route: string, path: string, allowed: Endpoint['allowed'] = EVERYONE, ok = 200): Endpoint => ({ route, method: 'GET', path, allowed, ok });

const ENDPOINTS: Endpoint[] = [
  read('/api/health', '/api/health', 'public'),
  read('/api/auth/me', '/api/auth/me'),
  read('/api/auth/session', '/api/auth/session', 'public'),
  { route: '/api/auth/logout', method: 'POST', path: '/api/auth/logout', allowed: EVERYONE, ok: 200 },
  { route: '/api/auth/login', method: 'POST', path: '/api/auth/login', body: () => ({ username: 'nobody', password: 'wrong password' }), allowed: 'public', ok: 401 },
  read('/api/province', '/api/province'),
  read('/api/counties', '/api/counties'),
  read('/api/townships', '/api/townships'),
  read('/api/villages', `/api/villages?township=${TOWNSHIP_A}`),
  read('/api/grids', '/api/grids'),
  read('/api/grids/:code', `/api/grids/${GRID_A}`),
  read('/api/grids/:code/roster', `/api/grids/${GRID_A}/roster`, A_STAFF),
  read('/api/grids/:code/roster', `/api/grids/${GRID_D}/roster`, ['operator_b', ...COUNTY_READERS]),
  read('/api/blocks', `/api/blocks?township=${TOWNSHIP_A}`),
  read('/api/basemap', '/api/basemap?layer=streets'),
  read('/api/stats', '/api/stats?level=county'),
  read('/api/stats/trend', '/api/stats/trend?level=county'),
  // Every county at once: only accounts bound to no place.
  read('/api/stats', '/api/stats?level=province', ['viewer', 'county_leader', 'admin']),
  read('/api/stats/trend', '/api/stats/trend?level=province', ['viewer', 'county_leader', 'admin']),
  read('/api/events', '/api/events'),
  read('/api/contact-days', '/api/contact-days'),
  read('/api/fieldwork/stats', '/api/fieldwork/stats?level=county'),
  read('/api/issues', '/api/issues'),
  read('/api/issues/points', '/api/issues/points'),
  read('/api/issues/:id', '/api/issues/1'),
  read('/api/issues/:id/ledger', '/api/issues/1/ledger', A_STAFF),
  read('/api/issues/:id/ledger', '/api/issues/4/ledger', ['operator_b', ...COUNTY_READERS]),
  read('/api/issues/export.csv', '/api/issues/export.csv', COUNTY_READERS),
  read('/api/issues/export.csv', `/api/issues/export.csv?township=${TOWNSHIP_A}`, ['township_operator', 'township_planner', ...COUNTY_READERS]),
  read('/api/issues/export.csv', `/api/issues/export.csv?grid=${GRID_A}`, A_STAFF),
  {
    route: '/api/issues', method: 'POST', path: '/api/issues',
    body: (app) => ({ title: '路灯不亮', category: '道路交通', tier: 'red', ...pointIn(app.dataset, GRID_A) }),
    allowed: ['grid_cadre', 'township_operator'], ok: 201,
  },
  {
    route: '/api/issues', method: 'POST', path: '/api/issues',
    body: (app) => ({ title: '路灯不亮', category: '道路交通', tier: 'red', ...pointIn(app.dataset, GRID_D) }),
    allowed: ['operator_b'], ok: 201,
  },
  {
    route: '/api/issues/:id/transitions', method: 'POST', path: '/api/issues/1/transitions',
    body: () => ({ action: 'comment', actor: '网格员', note: '已联系' }),
    allowed: ['grid_cadre', 'township_operator'], ok: 200,
  },
  {
    route: '/api/issues/:id/transitions', method: 'POST', path: '/api/issues/1/transitions',
    body: () => ({ action: 'escalate', actor: '镇街', reason: '需要县级协调', unit: '县住建局' }),
    allowed: ['township_operator', 'county_leader'], ok: 200,
  },
  {
    route: '/api/issues/:id/transitions', method: 'POST', path: '/api/issues/4/transitions',
    body: () => ({ action: 'comment', actor: '网格员', note: '已联系' }),
    allowed: ['operator_b'], ok: 200,
  },
  {
    route: '/api/contact-days/sign-ins', method: 'POST', path: '/api/contact-days/sign-ins',
    body: () => ({ personId: 'CD1', gridCode: GRID_A }), allowed: ['grid_cadre', 'township_operator'], ok: 201,
  },
  {
    route: '/api/visits', method: 'POST', path: '/api/visits',
    body: () => ({ personId: 'CD1', gridCode: GRID_A, contactDate: '2015-04-22', kind: 'visited', people: 2 }),
    allowed: ['grid_cadre', 'township_operator'], ok: 201,
  },
  {
    route: '/api/spot-checks', method: 'POST', path: '/api/spot-checks',
    body: () => ({ personId: 'CD2', gridCode: GRID_A, contactDate: '2015-04-29', result: 'present', inspector: '督查组' }),
    allowed: ['township_operator', 'county_leader'], ok: 201,
  },
  read('/open311/v2/services.json', '/open311/v2/services.json'),
  read('/open311/v2/services/:file', '/open311/v2/services/roads.json'),
  read('/open311/v2/requests.json', '/open311/v2/requests.json', COUNTY_READERS),
  read('/open311/v2/requests/:file', '/open311/v2/requests/1.json', A_STAFF),
  {
    route: '/open311/v2/requests.json', method: 'POST', path: '/open311/v2/requests.json',
    form: (app) => { const p = pointIn(app.dataset, GRID_A); return { service_code: 'roads', lat: String(p.lat), long: String(p.lon), description: '井盖缺失' }; },
    allowed: ['grid_cadre', 'township_operator'], ok: 200,
  },
  read('/ogc', '/ogc'),
  read('/ogc/conformance', '/ogc/conformance'),
  read('/ogc/api', '/ogc/api'),
  read('/ogc/collections', '/ogc/collections'),
  read('/ogc/collections/:collectionId', '/ogc/collections/grids'),
  read('/ogc/collections/:collectionId/items', '/ogc/collections/grids/items'),
  read('/ogc/collections/:collectionId/items/:featureId', `/ogc/collections/grids/items/${GRID_A}`),
  read('/tiles/:file', '/tiles/grids.json'),
  read('/tiles/:layer/:z/:x/:file', '/tiles/grids/10/841/427.mvt'),
  read('/api/export/:file', `/api/export/grids.geojson?township=${TOWNSHIP_A}`),
  read('/api/export/:file', `/api/export/problems.csv?township=${TOWNSHIP_A}`, ['township_operator', 'township_planner', ...COUNTY_READERS]),
  read('/api/export/:file', '/api/export/problems.geojson', COUNTY_READERS),
  read('/api/townships/:code/plan', `/api/townships/${TOWNSHIP_A}/plan`),
  read('/api/townships/:code/plan/versions', `/api/townships/${TOWNSHIP_A}/plan/versions`),
  read('/api/townships/:code/plan/diff', `/api/townships/${TOWNSHIP_A}/plan/diff?from=1&to=1`),
  {
    route: '/api/townships/:code/plan', method: 'POST', path: `/api/townships/${TOWNSHIP_A}/plan`,
    body: () => ({ baseVersion: 1, author: '规划员', reason: '更名', edits: [{ kind: 'rename_grid', grid: { code: GRID_A }, name: '莲塘一网格' }] }),
    allowed: ['township_planner'], ok: 201,
  },
  {
    route: '/api/townships/:code/plan', method: 'POST', path: `/api/townships/${TOWNSHIP_B}/plan`,
    body: () => ({ baseVersion: 1, author: '规划员', reason: '更名', edits: [{ kind: 'rename_grid', grid: { code: GRID_D }, name: '向塘一网格' }] }),
    allowed: [], ok: 201,
  },
  {
    route: '/api/townships/:code/plan/rollback', method: 'POST', path: `/api/townships/${TOWNSHIP_A}/plan/rollback`,
    // Version 1 is the current one: nothing to roll back to, refused by the route itself.
    body: () => ({ toVersion: 1, baseVersion: 1, author: '规划员', reason: '回退' }),
    allowed: ['township_planner'], ok: 422,
  },
  {
    route: '/api/townships/:code/plan/rebalance', method: 'POST', path: `/api/townships/${TOWNSHIP_A}/plan/rebalance`,
    body: () => ({ baseVersion: 1 }), allowed: ['township_planner'], ok: 200,
  },
  read('/api/admin/users', '/api/admin/users', ['admin']),
  {
    route: '/api/admin/users', method: 'POST', path: '/api/admin/users',
    body: () => ({ username: 'cadre-2', displayName: '网格员二', role: 'grid_cadre', scopeCodes: [GRID_A], password: 'a long enough password' }),
    allowed: ['admin'], ok: 201,
  },
  { route: '/api/admin/users/:username', method: 'PATCH', path: '/api/admin/users/viewer', body: () => ({ displayName: '大屏' }), allowed: ['admin'], ok: 200 },
  { route: '/api/admin/users/:username', method: 'DELETE', path: '/api/admin/users/operator_b', allowed: ['admin'], ok: 200 },
  read('/api/admin/tokens', '/api/admin/tokens', ['admin']),
  { route: '/api/admin/tokens', method: 'POST', path: '/api/admin/tokens', body: () => ({ username: 'viewer', name: 'wall-1' }), allowed: ['admin'], ok: 201 },
  { route: '/api/admin/tokens/:id', method: 'DELETE', path: '/api/admin/tokens/1', allowed: ['admin'], ok: 200 },
  read('/api/admin/audit', '/api/admin/audit', ['admin']),
];

function requestInit(endpoint: Endpoint, app: AccessTestApp): RequestInit {
  if (endpoint.form) return { method: endpoint.method, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(endpoint.form(app)).toString() };
  if (endpoint.body) return jsonInit(endpoint.method, endpoint.body(app));
  return { method: endpoint.method };
}

function expectedStatus(endpoint: Endpoint, actor: Actor): number {
  if (endpoint.allowed === 'public') return endpoint.ok;
  if (actor === 'anonymous') return 401;
  return endpoint.allowed.includes(actor) ? endpoint.ok : 403;
}

async function statusOf(app: AccessTestApp, actor: Actor, endpoint: Endpoint): Promise<number> {
  if (endpoint.path === '/api/admin/tokens/1') app.store.access.createToken('0'.repeat(64), 'viewer', 'wall-0', 'test');
  const response = await app.request(actor, endpoint.path, requestInit(endpoint, app));
  await response.body?.cancel();
  return response.status;
}

describe('role × endpoint matrix', () => {
  it('lists every route of the app', () => {
    const { app } = makeAccessApp();
    const routes = new Set(
      app.routes
        .filter((route) => route.method !== 'ALL' && !String(route.handler).includes('method_not_allowed'))
        .map((route) => `${route.method} ${route.path}`),
    );
    const covered = new Set(ENDPOINTS.map((endpoint) => `${endpoint.method} ${endpoint.route}`));
    expect([...routes].filter((route) => !covered.has(route))).toEqual([]);
  });

  for (const endpoint of ENDPOINTS) {
    it(`${endpoint.method} ${endpoint.path}`, async () => {
      const seen: Record<string, number> = {};
      const expected: Record<string, number> = {};
      for (const actor of ['anonymous', ...ROLES] as Actor[]) {
        // A fresh database per request, so one role's write never decides another's answer.
        seen[actor] = await statusOf(makeAccessApp(), actor, endpoint);
        expected[actor] = expectedStatus(endpoint, actor);
      }
      expect(seen).toEqual(expected);
    });
  }

  it('answers the same as the open app once through the policy', async () => {
    // The ok statuses above are the routes' own answers, not the access layer's.
    for (const endpoint of ENDPOINTS.filter((e) => e.allowed !== 'public' && !e.route.startsWith('/api/auth') && !e.route.startsWith('/api/admin'))) {
      const dataset = loadFieldworkDataset();
      const store = openSqliteStore(':memory:', { now: () => new Date('2015-05-06T10:05:00.000Z') });
      store.seedDataset(dataset);
      const open = createApp({ store, locator: fixtureLocator(dataset), attribution: 'test', now: () => new Date('2015-05-06T10:05:00.000Z') });
      const fake = { dataset } as AccessTestApp;
      const response = await open.request(endpoint.path, requestInit(endpoint, fake));
      await response.body?.cancel();
      expect({ path: endpoint.path, status: response.status }).toEqual({ path: endpoint.path, status: endpoint.ok });
      store.close();
    }
  });

  it('refuses routes the policy does not list, and methods it does not list', async () => {
    const app = makeAccessApp();
    expect((await app.request('anonymous', '/api/nothing-here')).status).toBe(401);
    expect((await app.request('admin', '/api/nothing-here')).status).toBe(403);
    expect((await app.request('admin', '/api/townships', { method: 'DELETE' })).status).toBe(403);
    expect((await app.request('anonymous', '/')).status).not.toBe(401);
  });
});
