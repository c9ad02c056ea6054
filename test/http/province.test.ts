// The province level over HTTP: counties and province routes, townships of one county, figures by
// level, JSON errors naming the field, and who may see every county at once.
import { describe, expect, it } from 'vitest';
import { createApp } from '../../server/http/app.ts';
import { openSqliteStore } from '../../server/store/sqlite/sqliteStore.ts';
import { newSecret, secretHash } from '../../server/access/secrets.ts';
import { authorize, codeScope, COUNTY_SCOPE, DATABASE_SCOPE } from '../../server/access/authorize.ts';
import { validateScopeCodes, type Role } from '../../server/access/roles.ts';
import type { Stats, Trend, ProvinceSummary } from '../../server/store/store.ts';
import type { CountyCollection, TownshipCollection } from '../../server/http/geojson.ts';
import type { Dataset } from '../../server/model.ts';
import { FIXTURE_NOW, loadFixtureDataset } from '../fixtures/dataset/load.ts';
import { countyDataset } from '../store/provinceFixtures.ts';
import { ATTRIBUTION, expectError, expectValidGeometry, fixtureLocator } from './helpers.ts';

const FIRST = '360121';
const SECOND = '360122';

function provinceDatasets(): Dataset[] {
  const first = loadFixtureDataset();
  first.province = { code: '36', name: '江西省' };
  const second = countyDataset(SECOND, '测试县', 0.1, { code: '36', name: '江西省' });
  second.issues = second.issues.slice(2);
  return [first, second];
}

function makeProvinceApp(datasets = provinceDatasets()) {
  const store = openSqliteStore(':memory:', { now: () => FIXTURE_NOW });
  for (const dataset of datasets) store.seedDataset(dataset);
  const locator = {
    locate: (lon: number, lat: number) => {
      for (const dataset of datasets) {
        const found = fixtureLocator(dataset).locate(lon, lat);
        if (found) return found;
      }
      return null;
    },
  };
  const app = createApp({ store, locator, attribution: ATTRIBUTION, now: () => FIXTURE_NOW, logError: (error) => { throw error; } });
  return { app, store };
}

describe('province routes', () => {
  it('serves the counties as GeoJSON with their counts, cached with an ETag', async () => {
    const { app, store } = makeProvinceApp();
    const response = await app.request('/api/counties');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/geo\+json/);
    const body = (await response.json()) as CountyCollection;
    expect(body.attribution).toBe(ATTRIBUTION);
    expect(body.features.map((feature) => feature.properties.code)).toEqual([FIRST, SECOND]);
    const counties = store.listCounties();
    body.features.forEach((feature, index) => {
      expectValidGeometry(feature.geometry);
      const { geometry: _geometry, ...expected } = counties[index];
      expect(feature.properties).toEqual(expected);
    });
    expect(body.features[1].properties).toMatchObject({ name: '测试县', townshipCount: 2, gridCount: 5 });
    const etag = response.headers.get('etag');
    expect(etag).toBeTruthy();
    expect((await app.request('/api/counties', { headers: { 'if-none-match': etag! } })).status).toBe(304);
  });

  it('names the province, and answers 503 JSON before seeding', async () => {
    const { app } = makeProvinceApp();
    const response = await app.request('/api/province');
    expect(response.status).toBe(200);
    expect((await response.json()) as ProvinceSummary).toEqual({ code: '36', name: '江西省', countyCount: 2 });
    const empty = makeProvinceApp([]);
    const error = await expectError(await empty.app.request('/api/province'), 503);
    expect(error.code).toBe('not_seeded');
    expect((await empty.app.request('/api/province', { method: 'POST' })).status).toBe(405);
  });

  it('filters townships by county; a malformed county is a 400 and an unknown one a 404 naming county', async () => {
    const { app } = makeProvinceApp();
    const all = (await (await app.request('/api/townships')).json()) as TownshipCollection;
    expect(all.features.length).toBe(4);
    const second = (await (await app.request(`/api/townships?county=${SECOND}`)).json()) as TownshipCollection;
    expect(second.features.map((feature) => feature.properties.code)).toEqual(['360122100', '360122101']);
    await expectError(await app.request('/api/townships?county=3601'), 400, 'county');
    const unknown = await expectError(await app.request('/api/townships?county=360199'), 404, 'county');
    expect(unknown.code).toBe('unknown_county');
  });

  it('gives figures at province level, ranking the counties', async () => {
    const { app } = makeProvinceApp();
    const whole = (await (await app.request('/api/stats?level=province')).json()) as Stats;
    const first = (await (await app.request(`/api/stats?level=county&code=${FIRST}`)).json()) as Stats;
    const second = (await (await app.request(`/api/stats?level=county&code=${SECOND}`)).json()) as Stats;
    expect([whole.level, whole.code, whole.name]).toEqual(['province', '36', '江西省']);
    expect(whole.children.map((row) => row.code)).toEqual([FIRST, SECOND]);
    expect(whole.children.map((row) => row.collected)).toEqual([first.collected, second.collected]);
    expect(whole.collected).toBe(8 + 6);
    expect(second.children.map((row) => row.code)).toEqual(['360122100', '360122101']);
    // Without a code the county level is the first county, as in a county database.
    expect(((await (await app.request('/api/stats')).json()) as Stats).code).toBe(FIRST);
    const trend = (await (await app.request('/api/stats/trend?level=province&weeks=5')).json()) as Trend;
    expect(trend.weeks.reduce((sum, week) => sum + week.collected, 0)).toBe(14);
  });

  it('answers 400 and 404 JSON naming code for bad or unknown county codes', async () => {
    const { app } = makeProvinceApp();
    await expectError(await app.request('/api/stats?level=county&code=36012'), 400, 'code');
    await expectError(await app.request('/api/stats/trend?level=county&code=360121100'), 400, 'code');
    const unknown = await expectError(await app.request('/api/stats?level=county&code=360199'), 404, 'code');
    expect(unknown.code).toBe('unknown_county');
    await expectError(await app.request('/api/stats/trend?level=county&code=360199'), 404, 'code');
    await expectError(await app.request('/api/stats?level=nation'), 400, 'level');
    const empty = makeProvinceApp([]);
    expect((await expectError(await empty.app.request('/api/stats?level=province'), 503)).code).toBe('not_seeded');
  });
});

describe('province access', () => {
  const ACCOUNTS: Record<string, { role: Role; scopeCodes: string[] }> = {
    admin: { role: 'admin', scopeCodes: [] },
    leader: { role: 'county_leader', scopeCodes: [] },
    leader_first: { role: 'county_leader', scopeCodes: [FIRST] },
    operator: { role: 'township_operator', scopeCodes: ['360122100'] },
  };

  function makeGuardedApp() {
    const datasets = provinceDatasets();
    const store = openSqliteStore(':memory:', { now: () => FIXTURE_NOW });
    for (const dataset of datasets) store.seedDataset(dataset);
    const sessions: Record<string, string> = {};
    for (const [username, account] of Object.entries(ACCOUNTS)) {
      const user = store.access.createUser({ username, displayName: username, role: account.role, scopeCodes: account.scopeCodes, passwordHash: null, createdBy: 'test' });
      const secret = newSecret();
      store.access.createSession(secretHash(secret), user.id, new Date(FIXTURE_NOW.getTime() + 3_600_000).toISOString());
      sessions[username] = secret;
    }
    const app = createApp({
      store,
      locator: fixtureLocator(datasets[0]),
      attribution: ATTRIBUTION,
      now: () => FIXTURE_NOW,
      access: { store: store.access, writeLimit: { capacity: 10_000, refillPerSecond: 10_000 } },
    });
    return (username: string, path: string) =>
      Promise.resolve(app.request(path, { headers: username === 'anonymous' ? {} : { cookie: `gridmap_session=${sessions[username]}` } }));
  }

  it('lets only accounts bound to no place see every county at once', async () => {
    const request = makeGuardedApp();
    const status = async (username: string, path: string) => {
      const response = await request(username, path);
      await response.body?.cancel();
      return response.status;
    };
    for (const path of ['/api/stats?level=province', '/api/stats/trend?level=province']) {
      expect(await status('admin', path)).toBe(200);
      expect(await status('leader', path)).toBe(200);
      expect(await status('anonymous', path)).toBe(401);
      const refused = await request('leader_first', path);
      await expectError(refused, 403);
      expect(await status('operator', path)).toBe(403);
    }
    // The county level, the counties and the province name stay open to every map reader.
    for (const username of ['admin', 'leader', 'leader_first', 'operator']) {
      expect(await status(username, '/api/counties')).toBe(200);
      expect(await status(username, '/api/province')).toBe(200);
      expect(await status(username, `/api/stats?level=county&code=${FIRST}`)).toBe(200);
    }
  });

  it('keeps a county-bound leader to its counties', () => {
    const leader = { username: 'leader_first', role: 'county_leader' as const, scopeCodes: [FIRST], disabled: false };
    expect(authorize(leader, 'records:read', codeScope('360121100001001')).allowed).toBe(true);
    expect(authorize(leader, 'records:read', codeScope('360122100001001')).allowed).toBe(false);
    expect(authorize(leader, 'map:read', COUNTY_SCOPE).allowed).toBe(true);
    expect(authorize(leader, 'map:read', DATABASE_SCOPE).allowed).toBe(false);
    expect(authorize({ ...leader, scopeCodes: [] }, 'map:read', DATABASE_SCOPE).allowed).toBe(true);
    expect(authorize({ ...leader, role: 'admin', scopeCodes: [] }, 'users:manage', DATABASE_SCOPE).allowed).toBe(true);
    expect(validateScopeCodes('county_leader', [FIRST]).valid).toBe(true);
    expect(validateScopeCodes('county_leader', []).valid).toBe(true);
    expect(validateScopeCodes('county_leader', ['360121100']).valid).toBe(false);
  });
});
