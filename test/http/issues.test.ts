import { describe, expect, it } from 'vitest';
import { expectError, expectFeature, expectFeatureCollection, makeTestApp, type AnyFeature } from './helpers.ts';
import { FIXTURE_NOW } from '../fixtures/dataset/load.ts';

type IssueCollection = { type: string; attribution: string; features: AnyFeature[]; nextCursor: string | null };

const inside = { title: '楼道堆放杂物', category: '治安隐患', tier: 'orange', lon: 115.9612, lat: 28.5955 };

function post(app: ReturnType<typeof makeTestApp>['app'], body: unknown, contentType = 'application/json') {
  return app.request('/api/issues', {
    method: 'POST',
    headers: { 'Content-Type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function collect(app: ReturnType<typeof makeTestApp>['app'], query: string): Promise<AnyFeature[]> {
  const features: AnyFeature[] = [];
  let cursor: string | null = null;
  do {
    const separator = query ? '&' : '';
    const url: string = `/api/issues?${query}${cursor ? `${separator}cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await app.request(url);
    expect(response.status).toBe(200);
    const body = (await response.json()) as IssueCollection;
    expectFeatureCollection(body);
    features.push(...body.features);
    cursor = body.nextCursor;
  } while (cursor);
  return features;
}

describe('GET /api/issues', () => {
  const { app, dataset } = makeTestApp();

  it('returns points with all ledger properties and a null cursor at the end', async () => {
    const response = await app.request('/api/issues');
    expect(response.status).toBe(200);
    const body = (await response.json()) as IssueCollection;
    expectFeatureCollection(body);
    expect(body.nextCursor).toBeNull();
    expect(body.features.length).toBe(dataset.issues.length);
    const feature = body.features[0];
    expect(feature.geometry.type).toBe('Point');
    expect(Object.keys(feature.properties).sort()).toEqual(
      ['category', 'closedAt', 'currentGridCode', 'deadlineAt', 'gridCode', 'id', 'overdue', 'reportedAt', 'satisfaction', 'status',
        'synthetic', 'tier', 'title', 'townshipCode', 'villageCode',
        'stage', 'responsibleUnit', 'longTerm', 'reworkCount', 'extensionCount'].sort(),
    );
    const reported = body.features.map((f) => String(f.properties.reportedAt));
    expect(reported).toEqual([...reported].sort().reverse());
  });

  it('pages with limit and cursor, each issue once', async () => {
    const first = (await (await app.request('/api/issues?limit=3')).json()) as IssueCollection;
    expect(first.features.length).toBe(3);
    expect(first.nextCursor).toEqual(expect.any(String));
    const all = await collect(app, 'limit=3');
    expect(all.length).toBe(dataset.issues.length);
    expect(new Set(all.map((f) => f.id)).size).toBe(all.length);
  });

  it('filters by township, grid, tier, status and bbox', async () => {
    const count = (predicate: (i: (typeof dataset.issues)[number]) => boolean) => dataset.issues.filter(predicate).length;
    expect((await collect(app, 'township=360121100')).length).toBe(count((i) => i.townshipCode === '360121100'));
    expect((await collect(app, 'grid=360121101001002')).length).toBe(count((i) => i.gridCode === '360121101001002'));
    expect((await collect(app, 'tier=red&status=closed')).length).toBe(count((i) => i.tier === 'red' && i.status === 'closed'));
    const overdue = await collect(app, 'status=overdue');
    expect(overdue.length).toBe(count((i) => i.status === 'open' && Date.parse(i.deadlineAt) < FIXTURE_NOW.getTime()));
    expect(overdue.every((f) => f.properties.overdue === true)).toBe(true);
    const boxed = await collect(app, 'bbox=115.95,28.52,115.97,28.56');
    expect(boxed.length).toBe(count((i) => i.lon >= 115.95 && i.lat <= 28.56));
  });

  it('rejects malformed filters with the offending field', async () => {
    await expectError(await app.request('/api/issues?limit=0'), 400, 'limit');
    await expectError(await app.request('/api/issues?limit=5001'), 400, 'limit');
    await expectError(await app.request('/api/issues?limit=ten'), 400, 'limit');
    await expectError(await app.request('/api/issues?tier=purple'), 400, 'tier');
    await expectError(await app.request('/api/issues?status=lost'), 400, 'status');
    await expectError(await app.request('/api/issues?bbox=1,2,3'), 400, 'bbox');
    await expectError(await app.request('/api/issues?bbox=116,28,115,29'), 400, 'bbox');
    await expectError(await app.request('/api/issues?grid=123'), 400, 'grid');
    await expectError(await app.request('/api/issues?township=1'), 400, 'township');
    await expectError(await app.request('/api/issues?cursor=not-a-cursor'), 400, 'cursor');
    await expectError(await app.request('/api/issues?tier=red&tier=orange'), 400, 'tier');
  });

  it('accepts the maximum page size', async () => {
    expect((await app.request('/api/issues?limit=5000')).status).toBe(200);
  });

  it('compresses larger responses when the client accepts gzip', async () => {
    const response = await app.request('/api/issues', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(response.headers.get('content-encoding')).toBe('gzip');
  });
});

describe('POST /api/issues', () => {
  it('locates, stores and returns the issue; GET and stats see it', async () => {
    const { app, store } = makeTestApp();
    const before = (await (await app.request('/api/stats?level=grid&code=360121100002001')).json()) as Record<string, number>;
    const versionBefore = store.dataVersion();
    const response = await post(app, inside);
    expect(response.status).toBe(201);
    const feature = (await response.json()) as AnyFeature;
    expectFeature(feature);
    expect(feature.geometry.coordinates).toEqual([inside.lon, inside.lat]);
    expect(feature.properties).toMatchObject({
      title: inside.title, category: inside.category, tier: 'orange', status: 'open', gridCode: '360121100002001',
      villageCode: '360121100002', townshipCode: '360121100', reportedAt: FIXTURE_NOW.toISOString(),
      deadlineAt: new Date(FIXTURE_NOW.getTime() + 7 * 86_400_000).toISOString(), synthetic: false, overdue: false,
    });
    expect(response.headers.get('location')).toBe(`/api/issues/${feature.id}`);
    expect(store.dataVersion()).toBeGreaterThan(versionBefore);

    const fetched = await app.request(response.headers.get('location') ?? '');
    expect(fetched.status).toBe(200);
    expect(await fetched.json()).toEqual(feature);
    const listed = (await (await app.request('/api/issues?grid=360121100002001')).json()) as IssueCollection;
    expect(listed.features.map((f) => f.id)).toContain(feature.id);
    const after = (await (await app.request('/api/stats?level=grid&code=360121100002001')).json()) as Record<string, number>;
    expect(after.collected).toBe(before.collected + 1);
    expect(after.open).toBe(before.open + 1);
    const grid = (await (await app.request('/api/grids/360121100002001')).json()) as AnyFeature;
    expect((grid.properties.openIssues as Record<string, number>).orange).toBe(1);
  });

  it('keeps a given report time and computes its deadline', async () => {
    const { app } = makeTestApp();
    const response = await post(app, { ...inside, tier: 'yellow', reportedAt: '2015-04-29T20:00:00+08:00' });
    expect(response.status).toBe(201);
    const feature = (await response.json()) as AnyFeature;
    expect(feature.properties.reportedAt).toBe('2015-04-29T12:00:00.000Z');
    expect(feature.properties.deadlineAt).toBe('2015-05-29T12:00:00.000Z');
  });

  it('answers 422 for a point outside the county and stores nothing', async () => {
    const { app, store } = makeTestApp();
    const version = store.dataVersion();
    const count = store.stats({ level: 'county' })?.collected;
    await expectError(await post(app, { ...inside, lon: 116.5 }), 422, 'lon');
    await expectError(await post(app, { ...inside, lat: 28.7 }), 422, 'lat');
    expect(store.dataVersion()).toBe(version);
    expect(store.stats({ level: 'county' })?.collected).toBe(count);
  });

  it('rejects malformed bodies with 400/413/415 and the offending field', async () => {
    const { app, store } = makeTestApp();
    const version = store.dataVersion();
    expect((await expectError(await post(app, '{"title": '), 400)).code).toBe('malformed_json');
    await expectError(await post(app, inside, 'text/plain'), 415);
    await expectError(await post(app, { ...inside, title: 'x'.repeat(20_000) }), 413);
    await expectError(await post(app, { ...inside, title: '  ' }), 400, 'title');
    await expectError(await post(app, { ...inside, tier: 'blue' }), 400, 'tier');
    await expectError(await post(app, { ...inside, lon: '115.96' }), 400, 'lon');
    await expectError(await post(app, { ...inside, lat: 91 }), 400, 'lat');
    await expectError(await post(app, { ...inside, category: undefined }), 400, 'category');
    await expectError(await post(app, { ...inside, reportedAt: 'last week' }), 400, 'reportedAt');
    await expectError(await post(app, { ...inside, reportedAt: '2016-01-01T00:00:00Z' }), 400, 'reportedAt');
    await expectError(await post(app, { ...inside, gridCode: '360121100002001' }), 400, 'gridCode');
    await expectError(await post(app, [inside]), 400);
    expect(store.dataVersion()).toBe(version);
  });

  it('GET /api/issues/:id: 400 for a bad id, 404 for an unknown one', async () => {
    const { app } = makeTestApp();
    await expectError(await app.request('/api/issues/abc'), 400, 'id');
    await expectError(await app.request('/api/issues/999999'), 404, 'id');
  });
});

describe('GET /api/stats', () => {
  const { app, dataset } = makeTestApp();

  it('gives county figures by default', async () => {
    const response = await app.request('/api/stats');
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    const closed = dataset.issues.filter((i) => i.status === 'closed');
    const evaluated = closed.filter((i) => i.satisfaction);
    expect(body).toMatchObject({
      level: 'county', code: '360121', collected: dataset.issues.length, closed: closed.length,
      evaluated: evaluated.length, asOf: FIXTURE_NOW.toISOString(),
    });
    expect(body.closeRate).toBeCloseTo(closed.length / dataset.issues.length, 10);
    expect(body.satisfactionRate).toBeCloseTo(evaluated.filter((i) => i.satisfaction !== 'dissatisfied').length / evaluated.length, 10);
    expect(body.openByTier).toEqual(expect.objectContaining({ red: expect.any(Number), orange: expect.any(Number), yellow: expect.any(Number) }));
    expect(body.overdue).toBe(dataset.issues.filter((i) => i.status === 'open' && Date.parse(i.deadlineAt) < FIXTURE_NOW.getTime()).length);
  });

  it('gives township and grid figures', async () => {
    const township = (await (await app.request('/api/stats?level=township&code=360121100')).json()) as Record<string, unknown>;
    expect(township).toMatchObject({ level: 'township', name: '莲塘镇', collected: dataset.issues.filter((i) => i.townshipCode === '360121100').length });
    const grid = (await (await app.request('/api/stats?level=grid&code=360121101001001')).json()) as Record<string, unknown>;
    expect(grid).toMatchObject({ level: 'grid', code: '360121101001001' });
  });

  it('requires a well-formed, known code below the county', async () => {
    await expectError(await app.request('/api/stats?level=township'), 400, 'code');
    await expectError(await app.request('/api/stats?level=grid&code=360121100'), 400, 'code');
    await expectError(await app.request('/api/stats?level=village&code=360121100001'), 400, 'level');
    await expectError(await app.request('/api/stats?level=township&code=360121199'), 404, 'code');
    await expectError(await app.request('/api/stats?level=grid&code=360121100001999'), 404, 'code');
  });
});
