import { describe, expect, it } from 'vitest';
import { TIERS } from '../../server/model.ts';
import { createApp } from '../../server/http/app.ts';
import { openSqliteStore } from '../../server/store/sqlite/sqliteStore.ts';
import { ATTRIBUTION, expectError, expectFeature, expectFeatureCollection, fixtureLocator, makeTestApp, type AnyFeature } from './helpers.ts';
import { loadFixtureDataset } from '../fixtures/dataset/load.ts';

type Collection = { type: string; attribution: string; features: AnyFeature[] };

describe('territory endpoints', () => {
  const { app, dataset, store } = makeTestApp();

  it('GET /api/health reports version and seeding', async () => {
    const response = await app.request('/api/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', dataVersion: store.dataVersion(), seeded: true });
    const empty = createApp({ store: openSqliteStore(':memory:'), locator: fixtureLocator(dataset) });
    expect(await (await empty.request('/api/health')).json()).toMatchObject({ status: 'ok', seeded: false });
    expect(((await (await empty.request('/api/townships')).json()) as Collection).features).toEqual([]);
    await expectError(await empty.request('/api/stats'), 503);
  });

  it('GET /api/townships: features with aggregates', async () => {
    const response = await app.request('/api/townships');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/geo+json; charset=utf-8');
    const body = (await response.json()) as Collection;
    expectFeatureCollection(body);
    expect(body.features.map((f) => f.id)).toEqual(dataset.townships.map((t) => t.code).sort());
    for (const feature of body.features) {
      const grids = dataset.grids.filter((g) => g.townshipCode === feature.properties.code);
      expect(feature.properties.gridCount).toBe(grids.length);
      expect(feature.properties.households).toBe(grids.reduce((sum, g) => sum + g.households, 0));
      const open = feature.properties.openIssues as Record<string, number>;
      for (const tier of TIERS) {
        expect(open[tier]).toBe(dataset.issues.filter((i) => i.townshipCode === feature.properties.code && i.status === 'open' && i.tier === tier).length);
      }
      expect(typeof feature.properties.name).toBe('string');
    }
  });

  it('GET /api/villages, optionally filtered by township', async () => {
    const all = (await (await app.request('/api/villages')).json()) as Collection;
    expectFeatureCollection(all);
    expect(all.features.length).toBe(dataset.villages.length);
    const some = (await (await app.request('/api/villages?township=360121101')).json()) as Collection;
    expect(some.features.map((f) => f.properties.code)).toEqual(['360121101001']);
    expect(some.features[0].properties).toMatchObject({ townshipCode: '360121101', gridCount: 2 });
    await expectError(await app.request('/api/villages?township=36012110'), 400, 'township');
    await expectError(await app.request('/api/villages?township=360121199'), 404, 'township');
  });

  it('GET /api/grids: every current grid with its properties', async () => {
    const body = (await (await app.request('/api/grids')).json()) as Collection;
    expectFeatureCollection(body);
    expect(body.features.length).toBe(dataset.grids.length);
    for (const feature of body.features) {
      const source = dataset.grids.find((g) => g.code === feature.id);
      expect(feature.properties.code).toMatch(/^\d{15}$/);
      expect(feature.properties).toMatchObject({
        code: source?.code,
        townshipCode: source?.townshipCode,
        villageCode: source?.villageCode,
        households: source?.households,
        version: 1,
      });
      expect(feature.properties.areaM2).toBeCloseTo(source?.areaM2 ?? NaN, 0);
      expect(Object.keys(feature.properties.openIssues as object).sort()).toEqual([...TIERS].sort());
      expect(String(feature.properties.name)).toMatch(/网格$/);
    }
  });

  it('GET /api/grids?township= filters; bad and unknown codes fail', async () => {
    const body = (await (await app.request('/api/grids?township=360121100')).json()) as Collection;
    expect(body.features.map((f) => f.id)).toEqual(['360121100001001', '360121100002001', '360121100002002']);
    await expectError(await app.request('/api/grids?township=abc'), 400, 'township');
    await expectError(await app.request('/api/grids?township=360121999'), 404, 'township');
  });

  it('GET /api/grids/:code returns one Feature; 400 when not 15 digits, 404 when unknown', async () => {
    const response = await app.request('/api/grids/360121101001002');
    expect(response.status).toBe(200);
    const feature = (await response.json()) as AnyFeature;
    expectFeature(feature);
    expect(feature.id).toBe('360121101001002');
    const open = dataset.issues.filter((i) => i.gridCode === '360121101001002' && i.status === 'open' && i.tier === 'orange');
    expect((feature.properties.openIssues as Record<string, number>).orange).toBe(open.length);
    await expectError(await app.request('/api/grids/12345'), 400, 'code');
    await expectError(await app.request('/api/grids/36012110100100x'), 400, 'code');
    await expectError(await app.request('/api/grids/360121101001999'), 404, 'code');
  });

  it('GET /api/blocks?township= lists blocks with their grid; township is required', async () => {
    const body = (await (await app.request('/api/blocks?township=360121101')).json()) as Collection;
    expectFeatureCollection(body);
    expect(body.features.length).toBe(dataset.blocks.filter((b) => b.townshipCode === '360121101').length);
    for (const feature of body.features) {
      const owner = dataset.grids.find((g) => g.blockIds.includes(String(feature.id)));
      expect(feature.properties).toMatchObject({ id: feature.id, gridCode: owner?.code });
      expect(feature.properties.households).toBeTypeOf('number');
      expect(feature.properties.areaM2).toBeGreaterThan(0);
    }
    await expectError(await app.request('/api/blocks'), 400, 'township');
    await expectError(await app.request('/api/blocks?township=360121999'), 404, 'township');
  });

  it('rewinds clockwise input so every polygon leaves counter-clockwise', async () => {
    const clockwise = loadFixtureDataset();
    for (const grid of clockwise.grids) grid.polygon = grid.polygon.map((ring) => ring.slice().reverse());
    for (const block of clockwise.blocks) block.polygon = block.polygon.map((ring) => ring.slice().reverse());
    const store = openSqliteStore(':memory:');
    store.seedDataset(clockwise);
    const rewound = createApp({ store, locator: fixtureLocator(clockwise), attribution: ATTRIBUTION });
    expectFeatureCollection((await (await rewound.request('/api/grids')).json()) as Collection);
    expectFeatureCollection((await (await rewound.request('/api/blocks?township=360121100')).json()) as Collection);
  });

  it('falls back to the dataset attribution when none is configured', async () => {
    const plain = createApp({ store, locator: fixtureLocator(dataset) });
    const body = (await (await plain.request('/api/townships')).json()) as Collection;
    expect(body.attribution).toBe(dataset.attribution);
  });

  it('answers unknown routes and methods with JSON, never HTML', async () => {
    const unknown = await expectError(await app.request('/api/nothing'), 404);
    expect(unknown.code).toBe('not_found');
    await expectError(await app.request('/nothing-here'), 404);
    const refused = await app.request('/api/grids', { method: 'DELETE' });
    await expectError(refused, 405);
    expect(refused.headers.get('allow')).toBe('GET, HEAD');
    await expectError(await app.request('/api/grids/360121101001002', { method: 'PUT' }), 405);
    await expectError(await app.request('/api/townships', { method: 'POST' }), 405);
    await expectError(await app.request('/api/stats', { method: 'PATCH' }), 405);
    const issues = await app.request('/api/issues', { method: 'DELETE' });
    await expectError(issues, 405);
    expect(issues.headers.get('allow')).toBe('GET, POST, HEAD');
  });

  it('turns an unexpected failure into a bare 500 JSON and logs it', async () => {
    const failing = makeTestApp();
    failing.store.listTownships = () => {
      throw new Error('disk on fire');
    };
    const body = await expectError(await failing.app.request('/api/townships'), 500);
    expect(body).toEqual({ code: 'internal', message: 'internal error' });
    expect(failing.errors.length).toBe(1);
  });
});
