// Coordinate systems on import: --crs names, EPSG codes, .prj and GeoJSON crs detection, CGCS2000
// Gauss–Krüger zones unprojected (checked against GDAL/PROJ), GCJ-02 offsets, refusals.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { readBoundaries } from '../../server/import/boundaries.ts';
import { readMapData } from '../../server/import/read-map-data.ts';
import { crsFromEpsg, crsFromPrj, parseCrsOption } from '../../server/import/crs-option.ts';
import { transverseMercator } from '../../server/import/transverse-mercator.ts';
import type { PolygonCoords } from '../../server/geo/types.ts';
import { CGCS2000_PRJ, VILLAGES, WEB_MERCATOR_PRJ, WGS84_PRJ, XIAN1980_PRJ, writeVillageFiles } from '../fixtures/shapefile/make-fixtures.ts';

const run = promisify(execFile);
const directory = mkdtempSync(join(tmpdir(), 'gridmap-crs-test-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const FIELDS = { nameField: 'XZQMC', codeField: 'XZQDM' };

function maxDifference(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b);
  const left = a as unknown[], right = b as unknown[];
  expect(left.length).toBe(right.length);
  return Math.max(0, ...left.map((value, index) => maxDifference(value, right[index])));
}

function villagesGeoJson(): string {
  return JSON.stringify({
    type: 'FeatureCollection',
    features: VILLAGES.map((village) => ({ type: 'Feature', properties: { XZQDM: village.code, XZQMC: village.name }, geometry: { type: 'MultiPolygon', coordinates: village.polygons } })),
  });
}

describe('--crs values', () => {
  it('accepts the four names and EPSG codes of supported systems, and says why otherwise', () => {
    for (const name of ['wgs84', 'cgcs2000', 'gcj02', 'bd09', 'GCJ02']) expect(parseCrsOption(name).valid).toBe(true);
    const zone39 = parseCrsOption('epsg:4527');
    expect(zone39.valid && zone39.crs.kind === 'projected' && zone39.crs.projection).toMatchObject({ centralMeridian: 117, falseEasting: 39_500_000, scaleFactor: 1 });
    expect(crsFromEpsg(4547)).toMatchObject({ projection: { centralMeridian: 114, falseEasting: 500_000 } });
    expect(crsFromEpsg(4498)).toMatchObject({ projection: { centralMeridian: 117, falseEasting: 20_500_000 } });
    expect(crsFromEpsg(32650)).toMatchObject({ datum: 'wgs84', projection: { centralMeridian: 117, scaleFactor: 0.9996 } });
    expect(crsFromEpsg(4490)).toEqual({ kind: 'geographic', datum: 'cgcs2000', name: 'CGCS2000' });
    const unknown = parseCrsOption('epsg:2435');
    expect(unknown.valid || unknown.reason).toMatch(/EPSG:2435 is not supported/);
    expect(parseCrsOption('mars').valid).toBe(false);
  });
});

describe('.prj detection', () => {
  it('recognises WGS 84, CGCS2000 and Gauss–Krüger zones, and refuses other datums and projections', () => {
    expect(crsFromPrj(WGS84_PRJ)).toMatchObject({ valid: true, crs: { kind: 'geographic', datum: 'wgs84' } });
    expect(crsFromPrj(CGCS2000_PRJ)).toMatchObject({ valid: true, crs: { kind: 'geographic', datum: 'cgcs2000' } });
    const xian = crsFromPrj(XIAN1980_PRJ);
    expect(xian.valid || xian.reason).toMatch(/datum D_Xian_1980 is neither WGS 84 nor CGCS2000/);
    const mercator = crsFromPrj(WEB_MERCATOR_PRJ);
    expect(mercator.valid || mercator.reason).toMatch(/projected with Mercator_Auxiliary_Sphere/);
    expect(crsFromPrj('nonsense').valid).toBe(false);
  });

  it('refuses a shapefile whose .prj it cannot convert, naming the .prj, unless --crs overrides it', async () => {
    const path = writeVillageFiles(join(directory, 'xian'), 'villages', { encoding: 'utf-8', prj: XIAN1980_PRJ });
    await expect(readBoundaries(path, FIELDS)).rejects.toThrow(/xian\/villages\.prj: datum D_Xian_1980 .* ogr2ogr -t_srs EPSG:4490/);
    expect(await readBoundaries(path, { ...FIELDS, crs: 'wgs84' })).toHaveLength(2);
    const mercator = writeVillageFiles(join(directory, 'mercator'), 'villages', { encoding: 'utf-8', prj: WEB_MERCATOR_PRJ });
    await expect(readBoundaries(mercator, FIELDS)).rejects.toThrow(/mercator\/villages\.prj: it is projected with Mercator_Auxiliary_Sphere/);
  });
});

describe('CGCS2000 3° Gauss–Krüger zone 39 (EPSG:4527), projected by GDAL/PROJ', () => {
  const source = join(directory, 'gk', 'villages.geojson');
  const projectedShapefile = join(directory, 'gk', 'shp', 'villages.shp');
  const projectedGeoJson = join(directory, 'gk', 'villages-4527.geojson');

  it('unprojects a shapefile by its .prj to within 1e-9° of the original outlines', async () => {
    mkdirSync(join(directory, 'gk', 'shp'), { recursive: true });
    writeFileSync(source, villagesGeoJson());
    await run('ogr2ogr', ['-f', 'ESRI Shapefile', '-lco', 'ENCODING=UTF-8', '-s_srs', 'EPSG:4490', '-t_srs', 'EPSG:4527', projectedShapefile, source]);
    const units = await readBoundaries(projectedShapefile, FIELDS);
    expect(units.map((unit) => unit.name)).toEqual(VILLAGES.map((village) => village.name));
    expect(maxDifference((units[0].geometry.coordinates as PolygonCoords), VILLAGES[0].polygons[0])).toBeLessThan(1e-9);
    expect(maxDifference(units[1].geometry.coordinates, VILLAGES[1].polygons)).toBeLessThan(1e-9);
  });

  it('reads the zone from a GeoJSON crs member too, and from --crs epsg:4527 when there is no .prj', async () => {
    await run('ogr2ogr', ['-f', 'GeoJSON', '-s_srs', 'EPSG:4490', '-t_srs', 'EPSG:4527', projectedGeoJson, source]);
    const units = await readBoundaries(projectedGeoJson, FIELDS);
    expect(units.map((unit) => [unit.code, unit.name])).toEqual(VILLAGES.map((village) => [village.code, village.name]));
    expect(maxDifference(units[1].geometry.coordinates, VILLAGES[1].polygons)).toBeLessThan(1e-9);

    rmSync(projectedShapefile.replace(/\.shp$/, '.prj'));
    await expect(readBoundaries(projectedShapefile, FIELDS)).rejects.toThrow(/is not longitude\/latitude in WGS 84; projected data needs its \.prj or --crs epsg:CODE/);
    const option = parseCrsOption('epsg:4527');
    if (!option.valid) throw new Error(option.reason);
    const withOption = await readBoundaries(projectedShapefile, { ...FIELDS, crs: option.crs });
    expect(maxDifference(withOption[0].geometry.coordinates, VILLAGES[0].polygons[0])).toBeLessThan(1e-9);
    // The central-meridian variant without the zone number is refused for these eastings.
    await expect(readBoundaries(projectedShapefile, { ...FIELDS, crs: crsFromEpsg(4548) })).rejects.toThrow(/wrong zone, or a zone number missing/);
  });
});

describe('Transverse Mercator in another unit', () => {
  it('scales coordinates and false easting by the .prj unit (US survey feet, GRS 1980)', async () => {
    const source = join(directory, 'feet', 'villages.geojson');
    mkdirSync(join(directory, 'feet'), { recursive: true });
    writeFileSync(source, villagesGeoJson());
    const shapefile = join(directory, 'feet', 'villages-ft.shp');
    const feet = '+proj=tmerc +lat_0=0 +lon_0=117 +k=1 +x_0=39500000 +y_0=0 +ellps=GRS80 +units=us-ft';
    await run('ogr2ogr', ['-f', 'ESRI Shapefile', '-lco', 'ENCODING=UTF-8', '-s_srs', 'EPSG:4490', '-t_srs', feet, shapefile, source]);
    const units = await readBoundaries(shapefile, FIELDS);
    expect(maxDifference(units[0].geometry.coordinates, VILLAGES[0].polygons[0])).toBeLessThan(1e-9);
  });
});

describe('Transverse Mercator', () => {
  it('inverts its own forward projection across a 6° zone to within 1e-10°', () => {
    const projection = transverseMercator({ semiMajorAxis: 6378137, inverseFlattening: 298.257222101, centralMeridian: 117, latitudeOfOrigin: 0, scaleFactor: 1, falseEasting: 500_000, falseNorthing: 0 });
    for (const lon of [114, 115.5, 117, 119.9]) {
      for (const lat of [18, 28.5, 41, 53]) {
        const back = projection.inverse(projection.forward([lon, lat]));
        expect(Math.abs(back[0] - lon)).toBeLessThan(1e-10);
        expect(Math.abs(back[1] - lat)).toBeLessThan(1e-10);
      }
    }
  });
});

describe('GCJ-02 shapefiles', () => {
  it('moves GCJ-02 outlines by the known offset near the Nanchang County seat', async () => {
    // The fixture's coordinates taken as GCJ-02 (as from a Chinese web map), with a WGS 84 .prj.
    const path = writeVillageFiles(join(directory, 'gcj02'), 'villages', { encoding: 'utf-8', cpg: 'UTF-8', prj: WGS84_PRJ });
    const [lianTang] = await readBoundaries(path, { ...FIELDS, crs: 'gcj02' });
    const hole = (lianTang.geometry.coordinates as PolygonCoords)[1];
    // (115.94, 28.54) is a corner of the pond; in WGS84 it lies about 0.00485° west and 0.0034° north.
    const corner = hole.find(([lon, lat]) => Math.abs(lon - (115.94 - 0.00485)) < 2e-4 && Math.abs(lat - (28.54 + 0.0034)) < 2e-4);
    expect(corner).toBeDefined();
    expect(115.94 - corner![0]).toBeCloseTo(0.00485, 4);
    expect(28.54 - corner![1]).toBeCloseTo(-0.0034, 4);
    const unconverted = await readBoundaries(path, FIELDS);
    expect((unconverted[0].geometry.coordinates as PolygonCoords)[1]).toContainEqual([115.94, 28.54]);
  });

  it('converts map data read with --crs as well (streets of a GeoJSON file)', async () => {
    const path = join(directory, 'gcj02-streets.geojson');
    writeFileSync(path, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[115.94, 28.54], [115.95, 28.54]] } }] }));
    const data = await readMapData(path, { crs: 'gcj02' });
    expect(115.94 - data.streets[0].coordinates[0][0]).toBeCloseTo(0.00485, 4);
    const cgcs = await readMapData(path, { crs: 'cgcs2000' });
    expect(cgcs.streets[0].coordinates[0]).toEqual([115.94, 28.54]);
  });
});

describe('OpenStreetMap input and --crs', () => {
  it('never shifts OSM data, which is WGS84 by definition, even when --crs names another system', async () => {
    const path = new URL('../fixtures/osm/cut-extract.osm', import.meta.url).pathname;
    const plain = await readMapData(path);
    const asked = await readMapData(path, { crs: 'bd09' });
    expect(plain.streets.length).toBeGreaterThan(0);
    expect(asked.streets.map((street) => street.coordinates)).toEqual(plain.streets.map((street) => street.coordinates));
  });
});
