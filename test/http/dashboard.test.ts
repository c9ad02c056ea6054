// Dashboard endpoints: basemap lines, problem points, windowed stats with the ranking below, trend.
import { gunzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { ATTRIBUTION, expectError, makeTestApp } from './helpers.ts';
import { FIXTURE_NOW } from '../fixtures/dataset/load.ts';

type Position = [number, number];
interface LineCollection {
  type: string;
  attribution: string;
  features: Array<{ type: string; id: number; geometry: { type: string; coordinates: Position[] }; properties: Record<string, unknown> }>;
}
interface PointsBody {
  count: number;
  attribution: string;
  columns: Record<string, unknown[]>;
}

const POINT_COLUMNS = ['category', 'gridCode', 'id', 'lat', 'lon', 'overdue', 'reportedAt', 'status', 'tier', 'townshipCode'];
const ROW_KEYS = ['accepted', 'closeRate', 'closed', 'code', 'collected', 'extensionRate', 'households', 'name', 'onTimeCloseRate', 'openByTier', 'overdue', 'reworkRate', 'satisfactionRate'];
const inside = { title: '楼道堆放杂物', category: '治安隐患', tier: 'orange', lon: 115.9612, lat: 28.5955 };

function post(app: ReturnType<typeof makeTestApp>['app'], body: Record<string, unknown>) {
  return app.request('/api/issues', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

describe('GET /api/basemap', () => {
  const { app } = makeTestApp();

  it('serves streets as LineStrings with class and, where known, name', async () => {
    const response = await app.request('/api/basemap?layer=streets');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/geo+json; charset=utf-8');
    const body = (await response.json()) as LineCollection;
    expect(body.type).toBe('FeatureCollection');
    expect(body.attribution).toBe(ATTRIBUTION);
    expect(body.features.map((f) => f.properties)).toEqual([
      { class: 'primary', name: '莲塘大道' }, { class: 'secondary', name: '府前路' }, { class: 'residential' },
    ]);
    for (const feature of body.features) {
      expect(feature.type).toBe('Feature');
      expect(feature.geometry.type).toBe('LineString');
      expect(feature.geometry.coordinates.length).toBeGreaterThanOrEqual(2);
      for (const [lon, lat] of feature.geometry.coordinates) {
        expect(lon).toBeGreaterThanOrEqual(115.93);
        expect(lat).toBeLessThanOrEqual(28.6);
      }
    }
  });

  it('serves water separately, from cache with ETags', async () => {
    const first = await app.request('/api/basemap?layer=water', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(first.headers.get('content-encoding')).toBe('gzip');
    const body = JSON.parse(gunzipSync(Buffer.from(await first.arrayBuffer())).toString('utf8')) as LineCollection;
    expect(body.features.map((f) => f.properties.class)).toEqual(['river', 'canal']);
    const again = await app.request('/api/basemap?layer=water', { headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': first.headers.get('etag') ?? '' } });
    expect(again.status).toBe(304);
  });

  it('splits the streets into main roads (major) and the rest (minor), each cached on its own', async () => {
    const read = async (path: string) => {
      const response = await app.request(path, { headers: { 'Accept-Encoding': 'gzip' } });
      expect(response.status).toBe(200);
      return { etag: response.headers.get('etag'), body: JSON.parse(gunzipSync(Buffer.from(await response.arrayBuffer())).toString('utf8')) as LineCollection };
    };
    const all = await read('/api/basemap?layer=streets');
    const major = await read('/api/basemap?layer=streets&detail=major');
    const minor = await read('/api/basemap?layer=streets&detail=minor');
    expect(major.body.features.map((f) => f.properties)).toEqual([{ class: 'primary', name: '莲塘大道' }, { class: 'secondary', name: '府前路' }]);
    expect(minor.body.features.map((f) => f.properties)).toEqual([{ class: 'residential' }]);
    expect(major.body.attribution).toBe(ATTRIBUTION);
    // Together the two halves are the whole layer, feature for feature.
    const ids = (body: LineCollection) => body.features.map((f) => f.id).sort((a, b) => a - b);
    expect([...ids(major.body), ...ids(minor.body)].sort((a, b) => a - b)).toEqual(ids(all.body));
    expect(new Set([all.etag, major.etag, minor.etag]).size).toBe(3);
    const again = await app.request('/api/basemap?layer=streets&detail=minor', { headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': minor.etag ?? '' } });
    expect(again.status).toBe(304);
  });

  it('rejects an unknown detail, or a detail on the water layer', async () => {
    await expectError(await app.request('/api/basemap?layer=streets&detail=all'), 400, 'detail');
    await expectError(await app.request('/api/basemap?layer=streets&detail='), 400, 'detail');
    await expectError(await app.request('/api/basemap?layer=water&detail=major'), 400, 'detail');
  });

  it('rejects a missing or unknown layer', async () => {
    await expectError(await app.request('/api/basemap'), 400, 'layer');
    await expectError(await app.request('/api/basemap?layer=buildings'), 400, 'layer');
    await expectError(await app.request('/api/basemap?layer=streets', { method: 'POST' }), 405);
  });
});

describe('GET /api/issues/points', () => {
  it('returns every problem as parallel columns with the attribution', async () => {
    const { app } = makeTestApp();
    const response = await app.request('/api/issues/points');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = (await response.json()) as PointsBody;
    expect(Object.keys(body).sort()).toEqual(['attribution', 'columns', 'count']);
    expect(body.attribution).toBe(ATTRIBUTION);
    expect(body.count).toBe(8);
    expect(Object.keys(body.columns).sort()).toEqual(POINT_COLUMNS);
    for (const column of Object.values(body.columns)) expect(column).toHaveLength(8);
    expect(body.columns.overdue).toEqual([false, true, false, false, false, false, true, false]);
    expect(body.columns.tier).toEqual(['red', 'red', 'orange', 'yellow', 'red', 'red', 'orange', 'red']);
  });

  it('filters by status, tier (one or a list), Shanghai days and category', async () => {
    const { app } = makeTestApp();
    const count = async (query: string) => ((await (await app.request(`/api/issues/points?${query}`)).json()) as PointsBody).count;
    expect(await count('status=overdue')).toBe(2);
    expect(await count('status=closed&tier=red')).toBe(3);
    expect(await count('tier=orange,yellow')).toBe(3);
    expect(await count('from=2015-04-15&to=2015-04-22')).toBe(5);
    expect(await count('from=2015-04-22&to=2015-04-22')).toBe(2);
    expect(await count('from=2015-04-29')).toBe(1);
    expect(await count('to=2015-04-08')).toBe(2);
    expect(await count(`category=${encodeURIComponent('道路交通')}`)).toBe(2);
    expect(await count(`category=${encodeURIComponent('道路交通')}&status=overdue`)).toBe(1);
  });

  it('answers a repeat from cache, and rebuilds after a write or when the minute turns', async () => {
    let clock = FIXTURE_NOW;
    const { app, store } = makeTestApp({ now: () => clock });
    const builds = vi.spyOn(store, 'issuePoints');
    const first = await app.request('/api/issues/points?status=open');
    const tag = first.headers.get('etag') ?? '';
    expect(tag).toMatch(/^"[^"]+"$/);
    const repeat = await app.request('/api/issues/points?status=open');
    expect(repeat.headers.get('etag')).toBe(tag);
    expect(await repeat.text()).toBe(await first.text());
    expect((await app.request('/api/issues/points?status=open', { headers: { 'If-None-Match': tag } })).status).toBe(304);
    expect(builds).toHaveBeenCalledTimes(1);

    clock = new Date(FIXTURE_NOW.getTime() + 59_000);
    expect((await app.request('/api/issues/points?status=open')).headers.get('etag')).toBe(tag);
    clock = new Date(FIXTURE_NOW.getTime() + 60_000);
    expect((await app.request('/api/issues/points?status=open')).headers.get('etag')).not.toBe(tag);
    expect(builds).toHaveBeenCalledTimes(2);

    expect((await post(app, inside)).status).toBe(201);
    const after = await app.request('/api/issues/points?status=open');
    expect(((await after.json()) as PointsBody).count).toBe(5);
    expect(builds).toHaveBeenCalledTimes(3);
  });

  it('rejects bad filters with the offending field', async () => {
    const { app } = makeTestApp();
    await expectError(await app.request('/api/issues/points?status=lost'), 400, 'status');
    await expectError(await app.request('/api/issues/points?tier=purple'), 400, 'tier');
    await expectError(await app.request('/api/issues/points?tier=red,purple'), 400, 'tier');
    await expectError(await app.request('/api/issues/points?from=2015-02-30'), 400, 'from');
    await expectError(await app.request('/api/issues/points?to=yesterday'), 400, 'to');
    await expectError(await app.request('/api/issues/points?from=2015-4-1'), 400, 'from');
    await expectError(await app.request('/api/issues/points?from=2015-04-20&to=2015-04-19'), 400, 'from');
    await expectError(await app.request(`/api/issues/points?category=${'长'.repeat(21)}`), 400, 'category');
    await expectError(await app.request('/api/issues/points', { method: 'DELETE' }), 405);
  });
});

describe('GET /api/stats with windows, categories and the ranking below', () => {
  const { app } = makeTestApp();
  const stats = async (query: string) => {
    const response = await app.request(`/api/stats?${query}`);
    expect(response.status).toBe(200);
    return (await response.json()) as Record<string, unknown> & { children: Array<Record<string, unknown>> };
  };

  it('adds onTimeCloseRate, overdue and township rows to the county', async () => {
    const county = await stats('level=county');
    expect(county).toMatchObject({ collected: 8, closed: 4, overdue: 2, onTimeCloseRate: 4 / 6 });
    expect(county.children.map((row) => row.code)).toEqual(['360121100', '360121101']);
    for (const row of county.children) expect(Object.keys(row).sort()).toEqual(ROW_KEYS);
    expect(county.children[0]).toMatchObject({ name: '莲塘镇', households: 1770, collected: 4, overdue: 1, openByTier: { red: 2, orange: 0, yellow: 0 } });
  });

  it('ranks grids below a township and nothing below a grid', async () => {
    const township = await stats('level=township&code=360121101');
    expect(township.children.map((row) => [row.code, row.collected, row.overdue])).toEqual([
      ['360121101001001', 2, 0],
      ['360121101001002', 2, 1],
    ]);
    expect((await stats('level=grid&code=360121101001002')).children).toEqual([]);
  });

  it('reads from/to as inclusive days in Asia/Shanghai', async () => {
    expect((await stats('from=2015-04-15&to=2015-04-22')).collected).toBe(5);
    // 2015-04-22 20:30 and 19:40 in Shanghai: inside a window that ends on the 22nd.
    expect((await stats('from=2015-04-22&to=2015-04-22')).collected).toBe(2);
    const { app: fresh } = makeTestApp();
    // 00:30 on the 23rd in Shanghai, still the 22nd in UTC.
    expect((await post(fresh, { ...inside, reportedAt: '2015-04-22T16:30:00Z' })).status).toBe(201);
    const day = async (query: string) => ((await (await fresh.request(`/api/stats?${query}`)).json()) as { collected: number }).collected;
    expect(await day('from=2015-04-22&to=2015-04-22')).toBe(2);
    expect(await day('from=2015-04-23&to=2015-04-23')).toBe(1);
  });

  it('narrows to a category', async () => {
    const roads = await stats(`level=township&code=360121101&category=${encodeURIComponent('道路交通')}`);
    expect(roads).toMatchObject({ collected: 1, overdue: 1, onTimeCloseRate: 0 });
    expect(roads.children.map((row) => row.collected)).toEqual([0, 1]);
  });

  it('rejects bad dates, reversed windows and bad codes with the field', async () => {
    await expectError(await app.request('/api/stats?from=2015-13-01'), 400, 'from');
    await expectError(await app.request('/api/stats?to=2015-04-31'), 400, 'to');
    await expectError(await app.request('/api/stats?from=2015-04-22&to=2015-04-15'), 400, 'from');
    await expectError(await app.request('/api/stats?level=township'), 400, 'code');
    await expectError(await app.request('/api/stats?level=nation'), 400, 'level');
    await expectError(await app.request('/api/stats?level=township&code=360121999'), 404, 'code');
  });
});

describe('GET /api/stats/trend', () => {
  const { app } = makeTestApp();

  it('gives twelve ISO weeks by default, oldest first, ending with the current one', async () => {
    const response = await app.request('/api/stats/trend?level=county');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { weeks: Array<{ weekStart: string; collected: number; closed: number }> };
    expect(Object.keys(body)).toEqual(['weeks']);
    expect(body.weeks).toHaveLength(12);
    expect(body.weeks[0].weekStart).toBe('2015-02-09');
    expect(body.weeks.slice(-4)).toEqual([
      { weekStart: '2015-04-06', collected: 2, closed: 1 },
      { weekStart: '2015-04-13', collected: 3, closed: 2 },
      { weekStart: '2015-04-20', collected: 2, closed: 1 },
      { weekStart: '2015-04-27', collected: 1, closed: 0 },
    ]);
    expect(body.weeks.slice(0, 8).every((week) => week.collected === 0 && week.closed === 0)).toBe(true);
  });

  it('scopes to a township or grid and honours weeks', async () => {
    const body = (await (await app.request('/api/stats/trend?level=grid&code=360121100001001&weeks=4')).json()) as {
      weeks: Array<{ collected: number; closed: number }>;
    };
    expect(body.weeks.map((week) => [week.collected, week.closed])).toEqual([[1, 0], [0, 1], [0, 0], [1, 0]]);
  });

  it('rejects weeks outside 1..104 and unknown codes', async () => {
    await expectError(await app.request('/api/stats/trend?weeks=0'), 400, 'weeks');
    await expectError(await app.request('/api/stats/trend?weeks=105'), 400, 'weeks');
    await expectError(await app.request('/api/stats/trend?weeks=twelve'), 400, 'weeks');
    await expectError(await app.request('/api/stats/trend?weeks=1.5'), 400, 'weeks');
    await expectError(await app.request('/api/stats/trend?level=grid&code=360121100001999'), 404, 'code');
    expect((await app.request('/api/stats/trend?weeks=104')).status).toBe(200);
  });
});
