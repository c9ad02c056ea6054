// Boundaries from shapefiles end to end: exported grids read back as boundaries, build-grids on
// GBK village polygons with polyline streets, and the command line options.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTestApp, type AnyFeature } from '../http/helpers.ts';
import { readBoundaries } from '../../server/import/boundaries.ts';
import { readShapefile } from '../../server/import/shapefile/read.ts';
import { importGrids, joinUnitsByCode } from '../../server/build/import-grids.ts';
import type { ImportedAreaUnit } from '../../server/import/map-data-types.ts';
import { CGCS2000_PRJ, VILLAGES, writeStreetFiles, writeVillageFiles } from '../fixtures/shapefile/make-fixtures.ts';

const run = promisify(execFile);
const directory = mkdtempSync(join(tmpdir(), 'gridmap-shapefile-boundaries-test-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('round trip: exported grids as boundaries', () => {
  it('reads the grids of a shp.zip export back as the same polygons (within 1e-9°) and names', async () => {
    const { app, dataset } = makeTestApp();
    const township = dataset.townships[0].code;
    const zip = join(directory, 'grids.shp.zip');
    writeFileSync(zip, new Uint8Array(await (await app.request(`/api/export/grids.shp.zip?township=${township}`)).arrayBuffer()));
    const api = (await (await app.request(`/api/grids?township=${township}`)).json()) as { features: AnyFeature[] };

    const units = await readBoundaries(zip, { nameField: 'name', codeField: 'code' });
    expect(units.map((unit) => unit.code).sort()).toEqual(api.features.map((feature) => feature.properties.code).sort());
    for (const feature of api.features) {
      const unit = units.find((candidate) => candidate.code === feature.properties.code)!;
      expect(unit.name).toBe(feature.properties.name);
      expect(unit.geometry.type).toBe('Polygon');
      const expected = (feature.geometry as { coordinates: number[][][] }).coordinates;
      const actual = unit.geometry.coordinates as number[][][];
      expect(actual.map((ring) => ring.length)).toEqual(expected.map((ring) => ring.length));
      actual.forEach((ring, r) => ring.forEach((position, p) => {
        expect(Math.abs(position[0] - expected[r][p][0])).toBeLessThan(1e-9);
        expect(Math.abs(position[1] - expected[r][p][1])).toBeLessThan(1e-9);
      }));
    }
  });
});

describe('round trip: exported problems as points', () => {
  it('reads the points and Chinese titles of a problems shp.zip export', async () => {
    const { app, dataset } = makeTestApp();
    const zip = join(directory, 'problems.shp.zip');
    writeFileSync(zip, new Uint8Array(await (await app.request('/api/export/problems.shp.zip')).arrayBuffer()));
    const read = readShapefile(zip);
    if (!read.valid) throw new Error(read.reason);
    expect(read.shapefile.encoding).toBe('utf-8');
    expect(read.shapefile.features).toHaveLength(dataset.issues.length);
    const first = read.shapefile.features.find((feature) => feature.properties.id === 1)!;
    expect(first.properties.title).toBe(dataset.issues[0].title);
    expect(first.properties.overdue).toBeTypeOf('boolean');
    expect(first.geometry).toEqual({ type: 'Point', coordinates: [dataset.issues[0].lon, dataset.issues[0].lat] });
  });
});

describe('build-grids on shapefile boundaries', () => {
  const villages = writeVillageFiles(join(directory, 'villages'), 'villages', { encoding: 'gbk', cpg: 'GBK', prj: CGCS2000_PRJ });
  const streets = writeStreetFiles(join(directory, 'streets'));

  it('cuts GBK village polygons along polyline streets into grids that tile them', async () => {
    const result = await importGrids({ boundaries: villages, nameField: 'XZQMC', codeField: 'XZQDM', streets, householdsPerKm2: 800, targetHouseholds: 300 });
    expect(result.units.map((unit) => unit.name)).toEqual(VILLAGES.map((village) => village.name));
    expect(result.householdsSource).toBe('area');
    expect(result.build.coverage.valid).toBe(true);
    expect(result.areaCheck.relativeDifference).toBeLessThan(1e-4);
    const unitNames = new Set(result.featureCollection.features.map((feature) => feature.properties.unitName));
    expect(unitNames).toEqual(new Set(['莲塘村', '东新社区']));
    expect(result.build.grids.length).toBeGreaterThan(2);
  });

  it('runs from the command line with --name-field, --code-field and --crs, and refuses a bad --crs', async () => {
    const out = join(directory, 'cli', 'grids.geojson');
    const { stdout } = await run('node', ['--import', 'tsx', 'server/cli.ts', 'build-grids', '--boundaries', villages, '--name-field', 'XZQMC', '--code-field', 'XZQDM',
      '--streets', streets, '--crs', 'cgcs2000', '--households-per-km2', '800', '--target-households', '300', '--out', out]);
    expect(JSON.parse(stdout)).toMatchObject({ units: 2, coverage: { valid: true } });
    const written = JSON.parse(readFileSync(out, 'utf8')) as { features: Array<{ properties: { unitName: string } }> };
    expect(written.features.some((feature) => feature.properties.unitName === '莲塘村')).toBe(true);

    const refused = await run('node', ['--import', 'tsx', 'server/cli.ts', 'build-grids', '--boundaries', villages, '--streets', streets, '--crs', 'xian80', '--out', out]).catch((error) => error);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--crs must be wgs84, cgcs2000, gcj02, bd09 or epsg:CODE, got "xian80"/);
  });
});

describe('areas drawn in several records', () => {
  const part = (x: number): ImportedAreaUnit['geometry'] => ({ type: 'Polygon', coordinates: [[[x, 28.5], [x + 0.01, 28.5], [x + 0.01, 28.51], [x, 28.5]]] });

  it('joins records with the same code into one area, and refuses one code for two names', () => {
    const joined = joinUnitsByCode([
      { code: '360121100201', name: '莲塘村', geometry: part(115.9) },
      { code: '360121100202', name: '东新社区', geometry: part(115.95) },
      { code: '360121100201', name: '莲塘村', geometry: part(116) },
    ], 'villages.shp');
    expect(joined.map((unit) => [unit.code, unit.geometry.type, unit.geometry.coordinates.length])).toEqual([
      ['360121100201', 'MultiPolygon', 2],
      ['360121100202', 'Polygon', 1],
    ]);
    expect(() => joinUnitsByCode([
      { code: '3601', name: '莲塘村', geometry: part(115.9) },
      { code: '3601', name: '东新社区', geometry: part(116) },
    ], 'villages.shp')).toThrow(/villages\.shp: code 3601 names both 莲塘村 and 东新社区; give --code-field/);
  });
});
