// /api/export/{layer}.gpkg: a GeoPackage 1.3 file GDAL opens without a warning, with the API's
// counts, Chinese names and geometry; the temporary file is gone once the answer is written.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { expectError, makeTestApp, type AnyFeature } from '../http/helpers.ts';
import { pointBlob, polygonBlob } from '../../server/export/gpkg/geometry.ts';
import { writeGeoPackage } from '../../server/export/gpkg/writer.ts';

const run = promisify(execFile);

interface OgrFeature {
  properties: Record<string, unknown>;
  geometry: { type: string; coordinates: number[][][] | number[] };
}

const temporaryGeoPackages = () => readdirSync(tmpdir()).filter((name) => name.startsWith('gridmap-gpkg-'));

describe('GET /api/export/{layer}.gpkg', () => {
  const { app, dataset } = makeTestApp();
  const directory = mkdtempSync(join(tmpdir(), 'gridmap-export-gpkg-test-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  const township = dataset.townships[0].code;

  async function download(path: string): Promise<{ file: string; response: Response; bytes: Uint8Array }> {
    const response = await app.request(path);
    expect(response.status).toBe(200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const file = join(directory, `${Math.random().toString(36).slice(2)}.gpkg`);
    writeFileSync(file, bytes);
    return { file, response, bytes };
  }

  /** ogrinfo's summary (stderr must stay empty: no error, no warning) and the features as GeoJSON. */
  async function readWithGdal(file: string): Promise<{ summary: string; features: OgrFeature[] }> {
    const info = await run('ogrinfo', ['-ro', '-so', '-al', file]);
    expect(info.stderr).toBe('');
    const full = await run('ogrinfo', ['-ro', '-al', '-q', file]);
    expect(full.stderr).toBe('');
    const { stdout, stderr } = await run('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', file]);
    expect(stderr).toBe('');
    return { summary: info.stdout, features: (JSON.parse(stdout) as { features: OgrFeature[] }).features };
  }

  it('exports a township\u2019s grids: GDAL reads the count, WGS 84, Chinese names and the exact polygons', async () => {
    const before = temporaryGeoPackages().length;
    const { file, response, bytes } = await download(`/api/export/grids.gpkg?township=${township}`);
    expect(response.headers.get('content-type')).toBe('application/geopackage+sqlite3');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="grids-${township}.gpkg"`);
    expect(Number(response.headers.get('content-length'))).toBe(bytes.byteLength);
    expect(temporaryGeoPackages().length).toBe(before);

    // SQLite header: application id "GPKG" at byte 68, user version 10300 at byte 60 (big-endian).
    const header = new DataView(bytes.buffer, bytes.byteOffset, 100);
    expect(new TextDecoder().decode(bytes.subarray(0, 15))).toBe('SQLite format 3');
    expect(new TextDecoder().decode(bytes.subarray(68, 72))).toBe('GPKG');
    expect(header.getUint32(60, false)).toBe(10300);

    const api = (await (await app.request(`/api/grids?township=${township}`)).json()) as { features: AnyFeature[] };
    const { summary, features } = await readWithGdal(file);
    expect(summary).toMatch(/using driver `GPKG'/);
    expect(summary).toMatch(new RegExp(`Feature Count: ${api.features.length}\\b`));
    expect(summary).toMatch(/Geometry: Polygon/);
    expect(summary).toMatch(/WGS 84/);
    expect(summary).toMatch(/townshipCode: String/);
    expect(summary).toMatch(/households: Integer/);
    expect(features).toHaveLength(api.features.length);
    for (const feature of api.features) {
      const read = features.find((candidate) => candidate.properties.code === feature.properties.code);
      expect(read?.properties.name).toBe(feature.properties.name);
      expect(read?.properties.name).toMatch(/[\u4e00-\u9fff]/);
      expect(read?.properties.households).toBe(feature.properties.households);
      expect(read?.properties.townshipCode).toBe(township);
      expect(read?.geometry).toEqual(feature.geometry);
    }
  });

  it('registers the table in gpkg_contents with its extent and in gpkg_geometry_columns', async () => {
    const { file } = await download(`/api/export/blocks.gpkg?township=${township}`);
    const database = new Database(file, { readonly: true });
    try {
      const contents = database.prepare('SELECT * FROM gpkg_contents').all() as Array<Record<string, unknown>>;
      expect(contents).toHaveLength(1);
      expect(contents[0]).toMatchObject({ table_name: 'blocks', data_type: 'features', identifier: 'blocks', srs_id: 4326 });
      const blocks = dataset.blocks.filter((block) => block.townshipCode === township);
      const xs = blocks.flatMap((block) => block.polygon.flatMap((ring) => ring.map((position) => position[0])));
      expect(contents[0].min_x).toBe(Math.min(...xs));
      expect(contents[0].max_x).toBe(Math.max(...xs));
      expect(database.prepare('SELECT * FROM gpkg_geometry_columns').all()).toEqual([
        { table_name: 'blocks', column_name: 'geom', geometry_type_name: 'POLYGON', srs_id: 4326, z: 0, m: 0 },
      ]);
      expect(database.prepare('SELECT srs_id FROM gpkg_spatial_ref_sys ORDER BY srs_id').all()).toEqual([{ srs_id: -1 }, { srs_id: 0 }, { srs_id: 4326 }]);
      expect((database.prepare('SELECT count(*) AS n FROM blocks').get() as { n: number }).n).toBe(blocks.length);
      expect(database.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      database.close();
    }
  });

  it('exports problems as points with their Chinese titles', async () => {
    const { file } = await download('/api/export/problems.gpkg');
    const { summary, features } = await readWithGdal(file);
    expect(summary).toMatch(/Geometry: Point/);
    expect(summary).toMatch(new RegExp(`Feature Count: ${dataset.issues.length}\\b`));
    const first = features.find((feature) => feature.properties.id === 1);
    expect(first?.properties.title).toBe(dataset.issues[0].title);
    expect(first?.geometry).toEqual({ type: 'Point', coordinates: [dataset.issues[0].lon, dataset.issues[0].lat] });
    // Booleans come back as GDAL's boolean subtype, not as text.
    expect(typeof first?.properties.overdue).toBe('boolean');
  });

  it('exports one grid\u2019s problems', async () => {
    const grid = dataset.grids[0].code;
    const { file } = await download(`/api/export/problems.gpkg?grid=${grid}`);
    const expected = dataset.issues.filter((issue) => issue.gridCode === grid);
    const { summary, features } = await readWithGdal(file);
    expect(summary).toMatch(new RegExp(`Feature Count: ${expected.length}\\b`));
    expect(features.map((feature) => feature.properties.title).sort()).toEqual(expected.map((issue) => issue.title).sort());
  });

  it('refuses an unknown area before writing anything', async () => {
    const before = temporaryGeoPackages().length;
    await expectError(await app.request('/api/export/grids.gpkg?township=999999999'), 404, 'township');
    expect(temporaryGeoPackages().length).toBe(before);
  });
});

describe('GeoPackage writer', () => {
  it('writes an empty layer GDAL opens, with no extent', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'gridmap-gpkg-empty-test-'));
    try {
      const file = join(directory, 'empty.gpkg');
      writeGeoPackage(file, { name: 'problems', kind: 'point', columns: [{ name: '名称', type: 'TEXT' }], rows: [], points: [] });
      const { stdout, stderr } = await run('ogrinfo', ['-ro', '-so', '-al', file]);
      expect(stderr).toBe('');
      expect(stdout).toMatch(/Feature Count: 0\b/);
      expect(stdout).toMatch(/名称: String/);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('refuses a table name that is not letters, digits and _', () => {
    expect(() => writeGeoPackage(':memory:', { name: 'grids; DROP', kind: 'point', columns: [], rows: [], points: [] })).toThrow(/table name/);
  });
});

describe('GeoPackage geometry blobs', () => {
  it('writes the GP header, little-endian flags, SRS id and envelope before the WKB', () => {
    const blob = polygonBlob([[[1, 2], [3, 2], [3, 5], [1, 2]]], 4326);
    const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
    expect([blob[0], blob[1], blob[2], blob[3]]).toEqual([0x47, 0x50, 0, 0b011]);
    expect(view.getInt32(4, true)).toBe(4326);
    expect([8, 16, 24, 32].map((at) => view.getFloat64(at, true))).toEqual([1, 3, 2, 5]);
    expect(blob[40]).toBe(1); // WKB little-endian
    expect(view.getUint32(41, true)).toBe(3); // Polygon
    expect(view.getUint32(45, true)).toBe(1); // one ring
    expect(view.getUint32(49, true)).toBe(4); // four positions
    expect(blob.byteLength).toBe(40 + 9 + 4 + 4 * 16);

    const point = pointBlob([115.9, 28.5], 4326);
    expect(point[3]).toBe(0b001); // no envelope
    expect(new DataView(point.buffer).getFloat64(8 + 5, true)).toBe(115.9);
  });
});
