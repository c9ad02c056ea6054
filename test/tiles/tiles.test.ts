import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import Pbf from 'pbf';
import { VectorTile, type VectorTileLayer } from '@mapbox/vector-tile';
import { expectError, makeTestApp } from '../http/helpers.ts';
import { tileOf } from '../../server/tiles/coordinates.ts';
import { TILE_LAYER_IDS } from '../../server/tiles/layers.ts';

type App = ReturnType<typeof makeTestApp>['app'];

/** @mapbox/vector-tile is typed against pbf 5's reader; pbf 4's Pbf reads the same way. */
function decodeTile(bytes: ArrayBuffer): VectorTile {
  return new VectorTile(new Pbf(new Uint8Array(bytes)) as unknown as ConstructorParameters<typeof VectorTile>[0]);
}

async function tileLayer(app: App, path: string, layer: string): Promise<VectorTileLayer> {
  const response = await app.request(path);
  expect(response.status, path).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
  const tile = decodeTile(await response.arrayBuffer());
  expect(Object.keys(tile.layers)).toEqual([layer]);
  return tile.layers[layer];
}

function tileBounds(z: number, x: number, y: number): [number, number, number, number] {
  const n = 2 ** z;
  const lat = (row: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * row) / n))) * 180) / Math.PI;
  return [(x / n) * 360 - 180, lat(y + 1), ((x + 1) / n) * 360 - 180, lat(y)];
}

describe('vector tiles', () => {
  const { app, dataset } = makeTestApp();

  it('describes every layer in TileJSON 3.0.0 with tile URLs from the request origin', async () => {
    for (const layer of TILE_LAYER_IDS) {
      const response = await app.request(`http://maps.example.test:8787/tiles/${layer}.json`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as {
        tilejson: string;
        tiles: string[];
        minzoom: number;
        maxzoom: number;
        bounds: number[];
        vector_layers: Array<{ id: string; fields: Record<string, string> }>;
      };
      expect(body.tilejson).toBe('3.0.0');
      expect(body.tiles).toEqual([`http://maps.example.test:8787/tiles/${layer}/{z}/{x}/{y}.mvt`]);
      expect(body.minzoom).toBeLessThanOrEqual(body.maxzoom);
      expect(body.bounds[0]).toBeGreaterThanOrEqual(115.9);
      expect(body.bounds[2]).toBeLessThanOrEqual(116);
      expect(body.vector_layers[0].id).toBe(layer);
      expect(Object.keys(body.vector_layers[0].fields).length).toBeGreaterThan(0);
    }
    await expectError(await app.request('/tiles/roads.json'), 404, 'layer');
  });

  it('serves grids with their properties, geometry inside the tile and its buffer', async () => {
    const z = 13;
    const grid = dataset.grids[0];
    const [lon, lat] = grid.polygon[0][0];
    const { x, y } = tileOf(lon + 0.001, lat + 0.001, z);
    const layer = await tileLayer(app, `/tiles/grids/${z}/${x}/${y}.mvt`, 'grids');
    expect(layer.extent).toBe(4096);
    expect(layer.length).toBeGreaterThan(0);
    const codes: string[] = [];
    for (let index = 0; index < layer.length; index++) {
      const feature = layer.feature(index);
      expect(feature.type).toBe(3);
      expect(String(feature.properties.code)).toMatch(/^\d{15}$/);
      expect(typeof feature.properties.households).toBe('number');
      expect(typeof feature.properties.openRed).toBe('number');
      codes.push(String(feature.properties.code));
      for (const ring of feature.loadGeometry()) {
        for (const point of ring) {
          expect(point.x).toBeGreaterThanOrEqual(-64);
          expect(point.x).toBeLessThanOrEqual(4096 + 64);
          expect(point.y).toBeGreaterThanOrEqual(-64);
          expect(point.y).toBeLessThanOrEqual(4096 + 64);
        }
      }
    }
    expect(codes).toContain(grid.code);
    const feature = layer.feature(0);
    const api = (await (await app.request(`/api/grids/${codes[0]}`)).json()) as { properties: { name: string; households: number } };
    expect(feature.properties.name).toBe(api.properties.name);
    expect(feature.properties.households).toBe(api.properties.households);
  });

  it('serves exactly the problems inside a tile, each within the tile bounds', async () => {
    const z = 14;
    const first = dataset.issues[0];
    const { x, y } = tileOf(first.lon, first.lat, z);
    const expected = dataset.issues
      .map((issue, index) => ({ issue, id: index + 1 }))
      .filter(({ issue }) => {
        const tile = tileOf(issue.lon, issue.lat, z);
        return tile.x === x && tile.y === y;
      });
    const layer = await tileLayer(app, `/tiles/issues/${z}/${x}/${y}.mvt`, 'issues');
    const [west, south, east, north] = tileBounds(z, x, y);
    const ids: number[] = [];
    for (let index = 0; index < layer.length; index++) {
      const feature = layer.feature(index);
      const geometry = feature.toGeoJSON(x, y, z).geometry;
      if (geometry.type !== 'Point') throw new Error(`expected a point, got ${geometry.type}`);
      const [lon, lat] = geometry.coordinates;
      if (lon < west || lon > east || lat < south || lat > north) continue; // in the buffer only
      ids.push(Number(feature.properties.id));
      expect(['red', 'orange', 'yellow']).toContain(feature.properties.tier);
      expect(typeof feature.properties.overdue).toBe('boolean');
    }
    expect(ids.sort()).toEqual(expected.map(({ id }) => id).sort());
  });

  it('serves basemap streets and water with their classes', async () => {
    for (const layerName of ['streets', 'water'] as const) {
      const line = dataset.lines?.find((candidate) => (layerName === 'water' ? candidate.kind === 'water' : candidate.kind === 'street'));
      if (!line) throw new Error(`the fixture has no ${layerName} line`);
      const [lon, lat] = line.coordinates[Math.floor(line.coordinates.length / 2)];
      const { x, y } = tileOf(lon, lat, 12);
      const layer = await tileLayer(app, `/tiles/${layerName}/12/${x}/${y}.mvt`, layerName);
      expect(layer.length).toBeGreaterThan(0);
      expect(layer.feature(0).type).toBe(2);
      expect(typeof layer.feature(0).properties.class).toBe('string');
    }
  });

  it('keeps minor streets out of tiles below zoom 13', async () => {
    const residential = dataset.lines?.find((line) => line.class === 'residential');
    if (!residential) throw new Error('the fixture has no residential street');
    const [lon, lat] = residential.coordinates[0];
    const classesAt = async (z: number) => {
      const { x, y } = tileOf(lon + 0.002, lat + 0.001, z);
      const response = await app.request(`/tiles/streets/${z}/${x}/${y}.mvt`);
      if (response.status === 204) return [];
      const layer = decodeTile(await response.arrayBuffer()).layers.streets;
      return Array.from({ length: layer.length }, (_, index) => layer.feature(index).properties.class);
    };
    expect(await classesAt(12)).not.toContain('residential');
    expect(await classesAt(13)).toContain('residential');
    expect(await classesAt(16)).toContain('residential');
  });

  it('answers 204 for a tile no feature reaches', async () => {
    const { x, y } = tileOf(0, 0, 12);
    const response = await app.request(`/tiles/grids/12/${x}/${y}.mvt`);
    expect(response.status).toBe(204);
  });

  it('answers 400 naming z, x or y out of range, 404 for an unknown layer', async () => {
    await expectError(await app.request('/tiles/grids/17/0/0.mvt'), 400, 'z');
    await expectError(await app.request('/tiles/blocks/3/0/0.mvt'), 400, 'z');
    await expectError(await app.request('/tiles/grids/10/1024/0.mvt'), 400, 'x');
    await expectError(await app.request('/tiles/grids/10/0/1024.mvt'), 400, 'y');
    await expectError(await app.request('/tiles/grids/10/0/abc.mvt'), 400, 'y');
    await expectError(await app.request('/tiles/grids/ten/0/0.mvt'), 400, 'z');
    await expectError(await app.request('/tiles/roads/10/0/0.mvt'), 404, 'layer');
    await expectError(await app.request('/tiles/grids/10/0/0.png'), 404);
  });

  it('gzips on request, tags with ETags and answers 304 to a matching If-None-Match', async () => {
    const grid = dataset.grids[0];
    const [lon, lat] = grid.polygon[0][0];
    const { x, y } = tileOf(lon + 0.001, lat + 0.001, 12);
    const path = `/tiles/grids/12/${x}/${y}.mvt`;
    const plain = await app.request(path);
    const zipped = await app.request(path, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    const plainBytes = Buffer.from(await plain.arrayBuffer());
    expect(gunzipSync(Buffer.from(await zipped.arrayBuffer())).equals(plainBytes)).toBe(true);
    const tag = zipped.headers.get('etag');
    expect(tag).toMatch(/^"/);
    expect(tag).not.toBe(plain.headers.get('etag'));
    const again = await app.request(path, { headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': tag ?? '' } });
    expect(again.status).toBe(304);
  });

  it('shows a new problem in its tile right after it is written', async () => {
    const point = { lon: 115.9612, lat: 28.5955 };
    const { x, y } = tileOf(point.lon, point.lat, 15);
    const path = `/tiles/issues/15/${x}/${y}.mvt`;
    const before = await app.request(path);
    const countBefore = before.status === 204 ? 0 : decodeTile(await before.arrayBuffer()).layers.issues.length;
    const created = await app.request('/api/issues', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: '楼道堆放杂物', category: '治安隐患', tier: 'orange', ...point }),
    });
    expect(created.status).toBe(201);
    const layer = await tileLayer(app, path, 'issues');
    expect(layer.length).toBe(countBefore + 1);
  });
});
