// /api/export: GeoJSON, CSV and zipped Shapefile of an area, the Shapefile read back by GDAL.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { expectError, makeTestApp, type AnyFeature } from '../http/helpers.ts';

const run = promisify(execFile);

interface OgrFeature {
  properties: Record<string, unknown>;
  geometry: { type: string; coordinates: number[][][] | number[] };
}

describe('GET /api/export', () => {
  const { app, dataset } = makeTestApp();
  const directory = mkdtempSync(join(tmpdir(), 'gridmap-export-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  const township = dataset.townships[0].code;

  /** Saves a zipped Shapefile answer and reads it with ogr2ogr as GeoJSON. */
  async function readShapefile(path: string): Promise<{ features: OgrFeature[]; summary: string }> {
    const response = await app.request(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    const file = join(directory, `${Math.random().toString(36).slice(2)}.shp.zip`);
    writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    const summary = (await run('ogrinfo', ['-ro', '-so', '-al', `/vsizip/${file}`])).stdout;
    const { stdout } = await run('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', `/vsizip/${file}`]);
    return { features: (JSON.parse(stdout) as { features: OgrFeature[] }).features, summary };
  }

  it('exports a township\u2019s grids as a Shapefile GDAL reads: count, WGS 84, Chinese names, numbers', async () => {
    const api = (await (await app.request(`/api/grids?township=${township}`)).json()) as { features: AnyFeature[] };
    const { features, summary } = await readShapefile(`/api/export/grids.shp.zip?township=${township}`);
    expect(summary).toMatch(new RegExp(`Feature Count: ${api.features.length}\\b`));
    expect(summary).toMatch(/Geometry: Polygon/);
    expect(summary).toMatch(/WGS.?84/);
    expect(features).toHaveLength(api.features.length);
    for (const feature of api.features) {
      const read = features.find((candidate) => candidate.properties.code === feature.properties.code);
      expect(read?.properties.name).toBe(feature.properties.name);
      expect(read?.properties.households).toBe(feature.properties.households);
      expect(read?.properties.area_m2).toBeCloseTo(Number(feature.properties.areaM2), 1);
      expect(read?.properties.twp_code).toBe(township);
      expect(read?.geometry.type).toBe('Polygon');
    }
  });

  it('exports problems as points with their Chinese titles and lon/lat', async () => {
    const { features } = await readShapefile('/api/export/problems.shp.zip');
    expect(features).toHaveLength(dataset.issues.length);
    const first = features.find((feature) => feature.properties.id === 1);
    expect(first?.properties.title).toBe(dataset.issues[0].title);
    expect(first?.geometry).toEqual({ type: 'Point', coordinates: [dataset.issues[0].lon, dataset.issues[0].lat] });
    expect(typeof first?.properties.overdue).not.toBe('undefined');
  });

  it('exports a grid\u2019s blocks', async () => {
    const grid = dataset.grids[0];
    const { features } = await readShapefile(`/api/export/blocks.shp.zip?grid=${grid.code}`);
    expect(features.map((feature) => feature.properties.id).sort()).toEqual([...grid.blockIds].sort());
    for (const feature of features) expect(feature.properties.grid_code).toBe(grid.code);
  });

  it('writes CSV with a byte-order mark, a header, WKT for areas and lon/lat for points', async () => {
    const response = await app.request(`/api/export/grids.csv?township=${township}`);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="grids-${township}.csv"`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.subarray(3));
    const lines = text.split('\r\n').filter((line) => line !== '');
    expect(lines[0].split(',')).toEqual(expect.arrayContaining(['code', 'name', 'households', 'wkt']));
    const grids = dataset.grids.filter((grid) => grid.townshipCode === township);
    expect(lines).toHaveLength(1 + grids.length);
    expect(text).toMatch(/"POLYGON \(\(115\.93 28\.56, 115\.95 28\.56, /);

    const problems = new TextDecoder().decode(new Uint8Array(await (await app.request('/api/export/problems.csv')).arrayBuffer()));
    const header = problems.replace(/^\uFEFF/, '').split('\r\n')[0].split(',');
    expect(header).toEqual(expect.arrayContaining(['id', 'title', 'lon', 'lat']));
    expect(problems).toContain(dataset.issues[0].title);
  });

  it('guards CSV cells against formula injection', async () => {
    const created = await app.request('/api/issues', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: '=HYPERLINK("x")', category: '治安隐患', tier: 'orange', lon: 115.9612, lat: 28.5955 }),
    });
    expect(created.status).toBe(201);
    const text = await (await app.request('/api/export/problems.csv')).text();
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it('exports GeoJSON as the API serves it', async () => {
    const response = await app.request(`/api/export/grids.geojson?township=${township}`);
    expect(response.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="grids-${township}.geojson"`);
    const body = (await response.json()) as { features: AnyFeature[] };
    const api = (await (await app.request(`/api/grids?township=${township}`)).json()) as { features: AnyFeature[] };
    expect(body.features).toEqual(api.features);
  });

  it('names the offending part of a bad request', async () => {
    await expectError(await app.request('/api/export/roads.csv'), 404, 'layer');
    await expectError(await app.request('/api/export/grids.kml'), 404, 'format');
    await expectError(await app.request('/api/export/grids.csv?township=12'), 400, 'township');
    await expectError(await app.request('/api/export/grids.csv?township=999999999'), 404, 'township');
    await expectError(await app.request('/api/export/grids.csv?grid=999999999999999'), 404, 'grid');
    const otherTownship = dataset.townships[1].code;
    await expectError(await app.request(`/api/export/blocks.csv?township=${otherTownship}&grid=${dataset.grids[0].code}`), 404, 'grid');
    await expectError(await app.request('/api/export/grids.csv?format=x'), 400, 'format');
  });
});
