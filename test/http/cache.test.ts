import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { acceptsGzip, matchesEntityTag } from '../../server/http/cachedGeoJson.ts';
import { createApp } from '../../server/http/app.ts';
import { openSqliteStore } from '../../server/store/sqlite/sqliteStore.ts';
import { loadFixtureDataset } from '../fixtures/dataset/load.ts';
import { expectError, fixtureLocator, makeTestApp } from './helpers.ts';

const inside = { title: '路灯不亮', category: '道路交通', tier: 'red', lon: 115.9401, lat: 28.5712 };

describe('cached GeoJSON responses', () => {
  it('serve identical bytes gzip-encoded when accepted, with Vary and a strong ETag', async () => {
    const { app } = makeTestApp();
    const plain = await app.request('/api/grids');
    const zipped = await app.request('/api/grids', { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    for (const response of [plain, zipped]) {
      expect(response.headers.get('vary')).toBe('Accept-Encoding');
      expect(response.headers.get('etag')).toMatch(/^"[^"]+"$/);
      expect(response.headers.get('content-type')).toBe('application/geo+json; charset=utf-8');
    }
    expect(zipped.headers.get('etag')).not.toBe(plain.headers.get('etag'));
    const plainBytes = Buffer.from(await plain.arrayBuffer());
    const zippedBytes = Buffer.from(await zipped.arrayBuffer());
    expect(Number(zipped.headers.get('content-length'))).toBe(zippedBytes.byteLength);
    expect(Number(plain.headers.get('content-length'))).toBe(plainBytes.byteLength);
    expect(zippedBytes.byteLength).toBeLessThan(plainBytes.byteLength);
    expect(gunzipSync(zippedBytes).equals(plainBytes)).toBe(true);
  });

  it('answer If-None-Match with 304 and no body, for either encoding tag, weak or in a list', async () => {
    const { app } = makeTestApp();
    const first = await app.request('/api/grids?township=360121100', { headers: { 'Accept-Encoding': 'gzip' } });
    const tag = first.headers.get('etag') ?? '';
    const again = await app.request('/api/grids?township=360121100', { headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': tag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(tag);
    expect((await again.arrayBuffer()).byteLength).toBe(0);
    const weakList = await app.request('/api/grids?township=360121100', { headers: { 'If-None-Match': `"other", W/${tag}` } });
    expect(weakList.status).toBe(304);
    const otherRoute = await app.request('/api/grids', { headers: { 'If-None-Match': tag } });
    expect(otherRoute.status).toBe(200);
  });

  it('change their ETag after any write and never serve stale data', async () => {
    const { app } = makeTestApp();
    const before = await app.request('/api/grids');
    const tag = before.headers.get('etag') ?? '';
    const posted = await app.request('/api/issues', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(inside),
    });
    expect(posted.status).toBe(201);
    const after = await app.request('/api/grids', { headers: { 'If-None-Match': tag } });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(tag);
    const body = (await after.json()) as { features: Array<{ id: string; properties: { openIssues: { red: number } } }> };
    const previous = (await before.json()) as typeof body;
    const redBefore = previous.features.find((f) => f.id === '360121100001001')?.properties.openIssues.red ?? 0;
    expect(body.features.find((f) => f.id === '360121100001001')?.properties.openIssues.red).toBe(redBefore + 1);
  });

  it('build once per version, even for concurrent requests', async () => {
    const { app, store } = makeTestApp();
    let builds = 0;
    const original = store.listGrids.bind(store);
    store.listGrids = (query) => {
      builds++;
      return original(query);
    };
    const responses = await Promise.all(Array.from({ length: 5 }, () => app.request('/api/grids')));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    await app.request('/api/grids', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(builds).toBe(1);
    await app.request('/api/grids?township=360121101');
    expect(builds).toBe(2);
  });

  it('do not cache errors', async () => {
    const { app } = makeTestApp();
    await expectError(await app.request('/api/blocks?township=360121199'), 404, 'township');
    await expectError(await app.request('/api/blocks?township=360121199'), 404, 'township');
  });

  it('answer HEAD with headers only', async () => {
    const { app } = makeTestApp();
    const response = await app.request('/api/townships', { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toMatch(/^"/);
    expect((await response.arrayBuffer()).byteLength).toBe(0);
  });

  it('give different ETags to different databases at the same version', async () => {
    const one = makeTestApp();
    const dataset = loadFixtureDataset();
    dataset.attribution = 'another build';
    const other = openSqliteStore(':memory:');
    other.seedDataset(dataset);
    expect(other.dataVersion()).toBe(one.store.dataVersion());
    const otherApp = createApp({ store: other, locator: fixtureLocator(dataset) });
    const a = (await one.app.request('/api/grids')).headers.get('etag');
    const b = (await otherApp.request('/api/grids')).headers.get('etag');
    expect(a).not.toBe(b);
  });
});

describe('content negotiation helpers', () => {
  it('acceptsGzip reads Accept-Encoding with q-values and wildcards', () => {
    expect(acceptsGzip(undefined)).toBe(false);
    expect(acceptsGzip('')).toBe(false);
    expect(acceptsGzip('gzip')).toBe(true);
    expect(acceptsGzip('br, GZIP;q=0.5')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('gzip; q=0.0, *')).toBe(false);
    expect(acceptsGzip('identity, *;q=0.1')).toBe(true);
    expect(acceptsGzip('br, deflate')).toBe(false);
  });

  it('matchesEntityTag compares weakly, handles lists and *', () => {
    expect(matchesEntityTag('"a"', ['"a"'])).toBe(true);
    expect(matchesEntityTag('W/"a"', ['"a"'])).toBe(true);
    expect(matchesEntityTag('"x", "a"', ['"a"'])).toBe(true);
    expect(matchesEntityTag('*', ['"a"'])).toBe(true);
    expect(matchesEntityTag('"b"', ['"a"'])).toBe(false);
    expect(matchesEntityTag(undefined, ['"a"'])).toBe(false);
  });
});
