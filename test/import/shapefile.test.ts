// The shapefile reader: polygons with holes and parts, polylines, GBK and UTF-8 attribute tables
// (.cpg, language driver id, or neither), zipped or loose files, and files GDAL wrote.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { readShapefile } from '../../server/import/shapefile/read.ts';
import { assemblePolygons } from '../../server/import/shapefile/shp.ts';
import { encodingFromCpg } from '../../server/import/shapefile/dbf.ts';
import { readBoundaries } from '../../server/import/boundaries.ts';
import { readMapData } from '../../server/import/read-map-data.ts';
import { signedArea } from '../../server/geo/ring.ts';
import { CGCS2000_PRJ, STREETS, VILLAGES, writeStreetFiles, writeVillageFiles } from '../fixtures/shapefile/make-fixtures.ts';

const run = promisify(execFile);
const directory = mkdtempSync(join(tmpdir(), 'gridmap-shapefile-test-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const FIELDS = { nameField: 'XZQMC', codeField: 'XZQDM' };

function expectVillages(units: Awaited<ReturnType<typeof readBoundaries>>) {
  expect(units.map((unit) => [unit.code, unit.name])).toEqual(VILLAGES.map((village) => [village.code, village.name]));
  const [lianTang, dongXin] = units;
  expect(lianTang.geometry).toEqual({ type: 'Polygon', coordinates: VILLAGES[0].polygons[0] });
  expect(dongXin.geometry).toEqual({ type: 'MultiPolygon', coordinates: VILLAGES[1].polygons });
}

describe('shapefile polygons and attributes', () => {
  it('reads a GBK table named by its .cpg: names, codes, a hole and a two-part village in RFC 7946 order', async () => {
    const path = writeVillageFiles(join(directory, 'cpg'), 'villages', { encoding: 'gbk', cpg: 'GBK', prj: CGCS2000_PRJ });
    const units = await readBoundaries(path, FIELDS);
    expectVillages(units);
    expect(signedArea((units[0].geometry.coordinates as number[][][])[0] as [number, number][])).toBeGreaterThan(0);
    expect(signedArea((units[0].geometry.coordinates as number[][][])[1] as [number, number][])).toBeLessThan(0);
    const read = readShapefile(path);
    expect(read.valid && read.shapefile.encoding).toBe('gbk');
    expect(read.valid && read.shapefile.features.map((feature) => feature.properties['户数'])).toEqual([812, 1304]);
  });

  it('takes the encoding from the dBASE language driver id when there is no .cpg', async () => {
    const path = writeVillageFiles(join(directory, 'ldid'), 'villages', { encoding: 'gbk', languageDriver: 0x4d });
    expectVillages(await readBoundaries(path, FIELDS));
  });

  it('tells GBK from UTF-8 by the bytes when nothing declares the encoding', async () => {
    const gbk = writeVillageFiles(join(directory, 'guess-gbk'), 'villages', { encoding: 'gbk' });
    const utf8 = writeVillageFiles(join(directory, 'guess-utf8'), 'villages', { encoding: 'utf-8' });
    expectVillages(await readBoundaries(gbk, FIELDS));
    expectVillages(await readBoundaries(utf8, FIELDS));
    // A wrong .cpg is overridden by an explicit encoding.
    const mislabelled = writeVillageFiles(join(directory, 'mislabelled'), 'villages', { encoding: 'gbk', cpg: 'UTF-8' });
    expect((await readBoundaries(mislabelled, FIELDS))[0].name).not.toBe('莲塘村');
    expectVillages(await readBoundaries(mislabelled, { ...FIELDS, encoding: 'gbk' }));
  });

  it('picks XZQMC / XZQDM (行政区名称 / 代码) by default and refuses a field the file lacks', async () => {
    const path = writeVillageFiles(join(directory, 'defaults'), 'villages', { encoding: 'gbk', cpg: '936' });
    expectVillages(await readBoundaries(path));
    await expect(readBoundaries(path, { nameField: 'CJMC' })).rejects.toThrow(/--name-field CJMC: no such attribute in .*villages\.shp \(attributes: XZQDM, XZQMC, 户数\)/);
  });

  it('reads the same from a .zip, whatever the case of the names', async () => {
    const loose = join(directory, 'zip-source');
    writeVillageFiles(loose, 'villages', { encoding: 'gbk', cpg: 'GBK', prj: CGCS2000_PRJ });
    const entries = Object.fromEntries(['shp', 'shx', 'dbf', 'prj', 'cpg'].map((extension) => [`data/VILLAGES.${extension.toUpperCase()}`, readFileSync(join(loose, `villages.${extension}`))]));
    const zip = join(directory, 'villages.zip');
    writeFileSync(zip, zipSync(entries));
    expectVillages(await readBoundaries(zip, FIELDS));

    const two = join(directory, 'two.zip');
    writeFileSync(two, zipSync({ ...entries, 'other.shp': readFileSync(join(loose, 'villages.shp')) }));
    await expect(readBoundaries(two, FIELDS)).rejects.toThrow(/holds 2 shapefiles \(data\/VILLAGES\.SHP, other\.shp\)/);
  });

  it('reads polylines as streets, a two-part line as two', async () => {
    const data = await readMapData(writeStreetFiles(join(directory, 'streets')));
    expect(data.streets).toHaveLength(STREETS.reduce((sum, street) => sum + street.parts.length, 0));
    expect(data.streets[0]).toEqual({ kind: 'street', name: '纬1路', coordinates: STREETS[0].parts[0] });
    expect(data.streets.filter((line) => line.name === '环湖路').map((line) => line.coordinates)).toEqual(STREETS.at(-1)!.parts);
    expect(data.boundaries).toEqual([]);
  });

  it('drops a shape whose attribute record is marked deleted', async () => {
    const path = writeVillageFiles(join(directory, 'deleted'), 'villages', { encoding: 'gbk', cpg: 'GBK' });
    const dbfPath = path.replace(/\.shp$/, '.dbf');
    const dbf = readFileSync(dbfPath);
    dbf[dbf.readUInt16LE(8)] = 0x2a; // first record: '*'
    writeFileSync(dbfPath, dbf);
    const units = await readBoundaries(path, FIELDS);
    expect(units.map((unit) => unit.name)).toEqual(['东新社区']);
    expect(units[0].geometry.type).toBe('MultiPolygon');
  });

  it('refuses what is not a shapefile, naming the file', async () => {
    const path = join(directory, 'broken.shp');
    writeFileSync(path, new Uint8Array(120));
    await expect(readMapData(path)).rejects.toThrow(/broken\.shp: not a shapefile/);
    await expect(readMapData(join(directory, 'missing.shp'))).rejects.toThrow(/missing\.shp: no such file/);
  });
});

describe('ring assembly', () => {
  const square = (x0: number, y0: number, size: number, clockwise: boolean): [number, number][] => {
    const ring: [number, number][] = [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]];
    return clockwise ? ring.reverse() : ring;
  };

  it('gives each hole to the smallest outer ring around it: an island in a lake stays a polygon of its own', () => {
    const polygons = assemblePolygons([square(0, 0, 10, true), square(2, 2, 6, false), square(4, 4, 2, true)]);
    expect(polygons).toHaveLength(2);
    expect(polygons[0]).toHaveLength(2); // the outer square with the lake
    expect(polygons[1]).toHaveLength(1); // the island
    expect(signedArea(polygons[0][0])).toBeGreaterThan(0);
    expect(signedArea(polygons[0][1])).toBeLessThan(0);
  });

  it('takes a counter-clockwise ring inside nothing as an outer ring, and closes open rings', () => {
    const open = square(20, 0, 1, true).slice(0, 4);
    const polygons = assemblePolygons([square(0, 0, 1, false), open]);
    expect(polygons).toHaveLength(2);
    expect(polygons.every((polygon) => polygon.length === 1 && signedArea(polygon[0]) > 0)).toBe(true);
    expect(polygons[0][0][0]).toEqual(polygons[0][0].at(-1));
  });
});

describe('code pages', () => {
  it('knows the .cpg spellings Chinese data comes with', () => {
    expect(['GBK', '936', 'CP936', 'ANSI 936', 'gb2312'].map(encodingFromCpg)).toEqual(['gbk', 'gbk', 'gbk', 'gbk', 'gbk']);
    expect(['UTF-8', 'utf8', '65001', 'GB18030', '1252', 'nonsense'].map(encodingFromCpg)).toEqual(['utf-8', 'utf-8', 'utf-8', 'gb18030', 'windows-1252', undefined]);
  });
});

describe('shapefiles GDAL wrote', () => {
  it('reads a CP936 table and PolygonZ shapes (x and y kept) written by ogr2ogr', async () => {
    const geojson = join(directory, 'villages.geojson');
    writeFileSync(geojson, JSON.stringify({
      type: 'FeatureCollection',
      features: VILLAGES.map((village) => ({
        type: 'Feature',
        properties: { XZQDM: village.code, XZQMC: village.name },
        geometry: { type: 'MultiPolygon', coordinates: village.polygons.map((polygon) => polygon.map((ring) => ring.map(([x, y]) => [x, y, 25]))) },
      })),
    }));
    mkdirSync(join(directory, 'gdal'));
    const shapefile = join(directory, 'gdal', 'villages.shp');
    await run('ogr2ogr', ['-f', 'ESRI Shapefile', '-lco', 'ENCODING=CP936', '-nlt', 'MULTIPOLYGON25D', shapefile, geojson]);
    expect(readFileSync(join(directory, 'gdal', 'villages.cpg'), 'latin1')).toMatch(/936/);
    expect(readFileSync(shapefile).readInt32LE(32)).toBe(15); // PolygonZ
    const read = readShapefile(shapefile);
    expect(read.valid).toBe(true);
    expectVillages(await readBoundaries(shapefile, FIELDS));
  });
});
