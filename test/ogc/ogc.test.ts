import { describe, expect, it } from 'vitest';
import { expectError, expectFeature, makeTestApp, type AnyFeature } from '../http/helpers.ts';
import { FIXTURE_NOW } from '../fixtures/dataset/load.ts';

interface Link {
  href: string;
  rel: string;
  type: string;
}
interface ItemsPage {
  type: string;
  timeStamp: string;
  numberMatched: number;
  numberReturned: number;
  links: Link[];
  features: AnyFeature[];
}
interface CollectionDocument {
  id: string;
  crs: string[];
  extent: { spatial: { bbox: number[][]; crs: string }; temporal?: { interval: Array<Array<string | null>> } };
  links: Link[];
}

const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';

async function json<T>(app: ReturnType<typeof makeTestApp>['app'], path: string, headers: Record<string, string> = {}): Promise<T> {
  const response = await app.request(path, { headers });
  expect(response.status, `${path} answered ${response.status}`).toBe(200);
  return (await response.json()) as T;
}

/** Follows `next` links from a first page, as a client would. */
async function allPages(app: ReturnType<typeof makeTestApp>['app'], path: string): Promise<{ features: AnyFeature[]; pages: ItemsPage[] }> {
  const pages: ItemsPage[] = [];
  let next: string | undefined = path;
  while (next) {
    const page: ItemsPage = await json<ItemsPage>(app, next);
    pages.push(page);
    const link = page.links.find((candidate) => candidate.rel === 'next');
    next = link ? new URL(link.href).pathname + new URL(link.href).search : undefined;
    expect(pages.length).toBeLessThan(100);
  }
  return { features: pages.flatMap((page) => page.features), pages };
}

describe('OGC API – Features: landing page, conformance, collections', () => {
  const { app } = makeTestApp();

  it('links the landing page to conformance and data with JSON types', async () => {
    const response = await app.request('http://example.test/ogc');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as { links: Link[] };
    const rels = Object.fromEntries(body.links.map((link) => [link.rel, link]));
    expect(rels.self.href).toMatch(/^http:\/\/example\.test\/ogc/);
    expect(rels.conformance.href).toMatch(/^http:\/\/example\.test\/ogc\/conformance/);
    expect(rels.data.href).toMatch(/^http:\/\/example\.test\/ogc\/collections/);
    expect(rels['service-desc'].type).toBe('application/vnd.oai.openapi+json;version=3.0');
    for (const link of body.links.filter((candidate) => candidate.rel !== 'service-desc')) expect(link.type).toBe('application/json');
  });

  it('serves its OpenAPI 3.0 definition with the paging limits', async () => {
    const response = await app.request('http://example.test/ogc/api');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.oai.openapi+json;version=3.0');
    const body = (await response.json()) as {
      openapi: string;
      servers: Array<{ url: string }>;
      paths: Record<string, { get: { parameters: Array<{ name: string; schema: { maximum?: number; default?: number } }> } }>;
    };
    expect(body.openapi).toMatch(/^3\.0\./);
    expect(body.servers[0].url).toBe('http://example.test/ogc');
    const limit = body.paths['/collections/{collectionId}/items'].get.parameters.find((parameter) => parameter.name === 'limit');
    expect(limit?.schema).toMatchObject({ maximum: 10000, default: 10 });
  });

  it('declares the core and GeoJSON conformance classes', async () => {
    const body = await json<{ conformsTo: string[] }>(app, '/ogc/conformance');
    expect(body.conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core');
    expect(body.conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson');
    expect(body.conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30');
  });

  it('lists the five collections with CRS84 extents and item links', async () => {
    const body = await json<{ collections: CollectionDocument[] }>(app, '/ogc/collections');
    expect(body.collections.map((collection) => collection.id).sort()).toEqual(['blocks', 'grids', 'issues', 'townships', 'villages']);
    for (const collection of body.collections) {
      expect(collection.crs).toContain(CRS84);
      expect(collection.extent.spatial.crs).toBe(CRS84);
      const [minLon, minLat, maxLon, maxLat] = collection.extent.spatial.bbox[0];
      // The fixture's squares lie within 115.93–115.97 E, 28.52–28.60 N.
      expect(minLon).toBeGreaterThanOrEqual(115.93);
      expect(maxLon).toBeLessThanOrEqual(115.97);
      expect(minLat).toBeGreaterThanOrEqual(28.52);
      expect(maxLat).toBeLessThanOrEqual(28.6);
      const items = collection.links.find((link) => link.rel === 'items');
      expect(items?.type).toBe('application/geo+json');
    }
    const grids = body.collections.find((collection) => collection.id === 'grids');
    expect(grids?.extent.spatial.bbox[0]).toEqual([115.93, 28.52, 115.97, 28.6]);
    const issues = body.collections.find((collection) => collection.id === 'issues');
    expect(issues?.extent.temporal?.interval[0]).toEqual(['2015-04-08T11:00:00.000Z', '2015-04-29T12:00:00.000Z']);
  });

  it('answers one collection, and 404 JSON naming the collection otherwise', async () => {
    const grids = await json<CollectionDocument>(app, '/ogc/collections/grids');
    expect(grids.id).toBe('grids');
    await expectError(await app.request('/ogc/collections/roads'), 404, 'collectionId');
    await expectError(await app.request('/ogc/collections/roads/items'), 404, 'collectionId');
    await expectError(await app.request('/ogc/no/such/thing'), 404);
  });

  it('sends a base URL with a trailing slash to the resource meant', async () => {
    const slash = await app.request('/ogc/');
    expect(slash.status).toBe(301);
    expect(slash.headers.get('location')).toBe('/ogc');
    const doubled = await app.request('/ogc//collections/grids/items?limit=2');
    expect(doubled.status).toBe(301);
    expect(doubled.headers.get('location')).toBe('/ogc/collections/grids/items?limit=2');
  });

  it('answers JSON whatever the Accept header asks for, HTML not being offered', async () => {
    const landing = await app.request('/ogc', { headers: { Accept: 'text/html' } });
    expect(landing.status).toBe(200);
    expect(landing.headers.get('content-type')).toMatch(/^application\/json/);
    const items = await app.request('/ogc/collections/grids/items?f=json', { headers: { Accept: 'application/geo+json, application/json' } });
    expect(items.headers.get('content-type')).toMatch(/^application\/geo\+json/);
  });

  it('refuses other methods and unknown query parameters', async () => {
    expect((await app.request('/ogc/collections', { method: 'POST' })).status).toBe(405);
    await expectError(await app.request('/ogc/collections?lang=fr'), 400, 'lang');
    await expectError(await app.request('/ogc/conformance?f=html'), 400, 'f');
  });
});

describe('OGC API – Features: items', () => {
  const { app, dataset } = makeTestApp();

  it('pages with limit, numberMatched, numberReturned, timeStamp and typed links', async () => {
    const response = await app.request('http://example.test/ogc/collections/issues/items?limit=3');
    expect(response.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    const page = (await response.json()) as ItemsPage;
    expect(page.type).toBe('FeatureCollection');
    expect(page.numberMatched).toBe(8);
    expect(page.numberReturned).toBe(3);
    expect(page.features).toHaveLength(3);
    expect(page.timeStamp).toBe(FIXTURE_NOW.toISOString());
    const rels = Object.fromEntries(page.links.map((link) => [link.rel, link]));
    expect(rels.self.type).toBe('application/geo+json');
    expect(rels.next.type).toBe('application/geo+json');
    expect(rels.collection.type).toBe('application/json');
    expect(new URL(rels.next.href).searchParams.get('offset')).toBe('3');
    page.features.forEach(expectFeature);
  });

  it('follows next links through every feature exactly once, the last page without next', async () => {
    const { features, pages } = await allPages(app, '/ogc/collections/issues/items?limit=3');
    expect(pages.map((page) => page.numberReturned)).toEqual([3, 3, 2]);
    expect(features.map((feature) => feature.id).sort()).toEqual(dataset.issues.map((_, index) => index + 1).sort());
    expect(pages.at(-1)?.links.some((link) => link.rel === 'next')).toBe(false);
  });

  it('defaults to 10 and clamps a limit above 10000 instead of refusing it', async () => {
    const page = await json<ItemsPage>(app, '/ogc/collections/issues/items?limit=50000');
    expect(page.numberReturned).toBe(8);
    const defaults = await json<ItemsPage>(app, '/ogc/collections/grids/items');
    expect(defaults.numberReturned).toBe(5);
  });

  it('serves the same features and properties as the /api GeoJSON', async () => {
    const api = await json<{ features: AnyFeature[] }>(app, '/api/grids');
    const ogc = await json<ItemsPage>(app, '/ogc/collections/grids/items?limit=100');
    expect(ogc.features).toEqual(api.features);
    const township = dataset.townships[0].code;
    const blocks = await json<{ features: AnyFeature[] }>(app, `/api/blocks?township=${township}`);
    const allBlocks = await json<ItemsPage>(app, '/ogc/collections/blocks/items?limit=100');
    for (const block of blocks.features) expect(allBlocks.features).toContainEqual(block);
    expect(allBlocks.numberMatched).toBe(dataset.blocks.length);
  });

  it('filters by bbox on the geometry itself', async () => {
    // Around the issue at 115.9602, 28.5903 only.
    const page = await json<ItemsPage>(app, '/ogc/collections/issues/items?bbox=115.96,28.59,115.961,28.591');
    expect(page.features.map((feature) => feature.properties.title)).toEqual(['小区垃圾清运不及时']);
    // The north-east grid 360121100002001 spans 115.95–115.97 × 28.58–28.60; a box inside it finds it alone.
    const grids = await json<ItemsPage>(app, '/ogc/collections/grids/items?bbox=115.96,28.59,115.965,28.595');
    expect(grids.features.map((feature) => feature.id)).toEqual(['360121100002001']);
    const outside = await json<ItemsPage>(app, '/ogc/collections/grids/items?bbox=100,20,101,21');
    expect(outside.numberMatched).toBe(0);
    expect(outside.features).toEqual([]);
    // Six numbers carry heights, which are ignored.
    const withHeights = await json<ItemsPage>(app, '/ogc/collections/grids/items?bbox=115.96,28.59,0,115.965,28.595,10');
    expect(withHeights.numberMatched).toBe(1);
  });

  it('filters problems by report time: instants, dates and intervals', async () => {
    const count = async (datetime: string) =>
      (await json<ItemsPage>(app, `/ogc/collections/issues/items?datetime=${encodeURIComponent(datetime)}`)).numberMatched;
    const times = dataset.issues.map((issue) => Date.parse(issue.reportedAt));
    const between = (from: number, to: number) => times.filter((time) => time >= from && time <= to).length;
    expect(await count('2015-04-29T12:00:00Z')).toBe(1);
    expect(await count('2015-04-15T00:00:00Z/2015-04-22T23:59:59Z')).toBe(between(Date.parse('2015-04-15T00:00:00Z'), Date.parse('2015-04-22T23:59:59Z')));
    expect(await count('../2015-04-15T12:15:00Z')).toBe(between(0, Date.parse('2015-04-15T12:15:00Z')));
    expect(await count('2015-04-22T12:00:00+08:00/..')).toBe(between(Date.parse('2015-04-22T04:00:00Z'), Infinity));
    // A date is a whole day in Asia/Shanghai: 2015-04-15 is 04-14T16:00Z to 04-15T16:00Z.
    expect(await count('2015-04-15')).toBe(between(Date.parse('2015-04-14T16:00:00Z'), Date.parse('2015-04-15T16:00:00Z') - 1));
    expect(await count('../..')).toBe(8);
  });

  it('answers 400 naming the parameter for bad values and unknown parameters', async () => {
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=ten', 'limit'],
      ['offset=-1', 'offset'],
      ['bbox=1,2,3', 'bbox'],
      ['bbox=116,28.6,115,28.5x', 'bbox'],
      ['bbox=115,29,116,28', 'bbox'],
      ['datetime=yesterday', 'datetime'],
      ['datetime=2015-04-22T00:00:00Z/2015-04-01T00:00:00Z', 'datetime'],
      ['datetime=2015-02-30', 'datetime'],
      ['f=html', 'f'],
      ['tier=red', 'tier'],
    ]) {
      await expectError(await app.request(`/ogc/collections/issues/items?${query}`), 400, field);
    }
  });

  it('answers one feature with links, and 404 JSON for an unknown one', async () => {
    const response = await app.request('/ogc/collections/grids/items/360121100001001');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    const feature = (await response.json()) as AnyFeature & { links: Link[] };
    expectFeature(feature);
    expect(feature.id).toBe('360121100001001');
    expect(feature.links.map((link) => link.rel).sort()).toEqual(['collection', 'self']);
    const issue = await json<AnyFeature>(app, '/ogc/collections/issues/items/3');
    expect(issue.properties.title).toBe(dataset.issues[2].title);
    await expectError(await app.request('/ogc/collections/grids/items/999999999999999'), 404, 'featureId');
    await expectError(await app.request('/ogc/collections/issues/items/0'), 404, 'featureId');
  });

  it('sees a new problem right after it is written', async () => {
    const before = await json<ItemsPage>(app, '/ogc/collections/issues/items');
    const created = await app.request('/api/issues', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: '楼道堆放杂物', category: '治安隐患', tier: 'orange', lon: 115.9612, lat: 28.5955 }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };
    const after = await json<ItemsPage>(app, '/ogc/collections/issues/items');
    expect(after.numberMatched).toBe(before.numberMatched + 1);
    const feature = await json<AnyFeature>(app, `/ogc/collections/issues/items/${id}`);
    expect(feature.properties.title).toBe('楼道堆放杂物');
  });
});
