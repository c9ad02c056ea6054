// The Shapefile writer read back byte by byte: headers, records, ring order, dBASE fields.
import { describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { writeShapes } from '../../server/export/shapefile/shp.ts';
import { utf8Prefix, writeDbf } from '../../server/export/shapefile/dbf.ts';
import { shapefileZip, WGS84_PRJ } from '../../server/export/shapefile/zip.ts';

const decoder = new TextDecoder();

/** Twice the signed area; negative = clockwise. */
function signedArea2(ring: number[][]): number {
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++) sum += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return sum;
}

interface ReadPolygon {
  recordNumber: number;
  shapeType: number;
  bbox: number[];
  rings: number[][][];
}

function readPolygons(shp: Uint8Array): { header: { fileCode: number; words: number; version: number; shapeType: number; bbox: number[] }; records: ReadPolygon[] } {
  const view = new DataView(shp.buffer, shp.byteOffset, shp.byteLength);
  const header = {
    fileCode: view.getInt32(0, false),
    words: view.getInt32(24, false),
    version: view.getInt32(28, true),
    shapeType: view.getInt32(32, true),
    bbox: [0, 1, 2, 3].map((index) => view.getFloat64(36 + index * 8, true)),
  };
  const records: ReadPolygon[] = [];
  let offset = 100;
  while (offset < shp.byteLength) {
    const recordNumber = view.getInt32(offset, false);
    const words = view.getInt32(offset + 4, false);
    const at = offset + 8;
    const shapeType = view.getInt32(at, true);
    const bbox = [0, 1, 2, 3].map((index) => view.getFloat64(at + 4 + index * 8, true));
    const partCount = view.getInt32(at + 36, true);
    const pointCount = view.getInt32(at + 40, true);
    const starts = Array.from({ length: partCount }, (_, index) => view.getInt32(at + 44 + index * 4, true));
    const pointsAt = at + 44 + partCount * 4;
    const points = Array.from({ length: pointCount }, (_, index) => [view.getFloat64(pointsAt + index * 16, true), view.getFloat64(pointsAt + index * 16 + 8, true)]);
    const rings = starts.map((start, index) => points.slice(start, index + 1 < starts.length ? starts[index + 1] : pointCount));
    records.push({ recordNumber, shapeType, bbox, rings });
    expect(words * 2).toBe(44 + partCount * 4 + pointCount * 16);
    offset = at + words * 2;
  }
  return { header, records };
}

function readDbf(dbf: Uint8Array) {
  const view = new DataView(dbf.buffer, dbf.byteOffset, dbf.byteLength);
  const recordCount = view.getUint32(4, true);
  const headerLength = view.getUint16(8, true);
  const recordLength = view.getUint16(10, true);
  const fields: Array<{ name: string; type: string; length: number; decimals: number }> = [];
  for (let at = 32; dbf[at] !== 0x0d; at += 32) {
    const nameBytes = dbf.subarray(at, at + 11);
    const end = nameBytes.indexOf(0);
    fields.push({
      name: decoder.decode(nameBytes.subarray(0, end < 0 ? 11 : end)),
      type: String.fromCharCode(dbf[at + 11]),
      length: dbf[at + 16],
      decimals: dbf[at + 17],
    });
  }
  expect(headerLength).toBe(32 + 32 * fields.length + 1);
  expect(recordLength).toBe(1 + fields.reduce((sum, field) => sum + field.length, 0));
  const records: string[][] = [];
  for (let index = 0; index < recordCount; index++) {
    let at = headerLength + index * recordLength;
    expect(dbf[at]).toBe(0x20);
    at += 1;
    const values: string[] = [];
    for (const field of fields) {
      values.push(decoder.decode(dbf.subarray(at, at + field.length)).trim());
      at += field.length;
    }
    records.push(values);
  }
  expect(dbf[headerLength + recordCount * recordLength]).toBe(0x1a);
  expect(dbf.byteLength).toBe(headerLength + recordCount * recordLength + 1);
  return { recordCount, fields, records };
}

// GeoJSON order: exterior counter-clockwise, hole clockwise.
const square = [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [[2, 2], [2, 4], [4, 4], [4, 2], [2, 2]]];
const other = [[[20, 20], [30, 20], [30, 25], [20, 20]]];

describe('shapefile writer', () => {
  it('writes polygons with outer rings clockwise and holes counter-clockwise, and a matching index', () => {
    const { shp, shx, bbox } = writeShapes('polygon', [[square], [other]]);
    const { header, records } = readPolygons(shp);
    expect(header).toEqual({ fileCode: 9994, words: shp.byteLength / 2, version: 1000, shapeType: 5, bbox: [0, 0, 30, 25] });
    expect(bbox).toEqual([0, 0, 30, 25]);
    expect(records.map((record) => record.recordNumber)).toEqual([1, 2]);
    expect(records[0].bbox).toEqual([0, 0, 10, 10]);
    expect(records[0].rings).toHaveLength(2);
    expect(signedArea2(records[0].rings[0])).toBeLessThan(0);
    expect(signedArea2(records[0].rings[1])).toBeGreaterThan(0);
    expect(signedArea2(records[1].rings[0])).toBeLessThan(0);
    for (const ring of records.flatMap((record) => record.rings)) expect(ring.at(-1)).toEqual(ring[0]);

    const index = new DataView(shx.buffer);
    expect(index.getInt32(0, false)).toBe(9994);
    expect(index.getInt32(24, false) * 2).toBe(shx.byteLength);
    expect(shx.byteLength).toBe(100 + 2 * 8);
    expect(index.getInt32(100, false)).toBe(50); // first record right after the 100-byte header
    const secondOffset = index.getInt32(108, false) * 2;
    expect(new DataView(shp.buffer).getInt32(secondOffset, false)).toBe(2);
  });

  it('writes points', () => {
    const { shp } = writeShapes('point', [[115.9, 28.5], [116, 28.6]]);
    const view = new DataView(shp.buffer);
    expect(view.getInt32(32, true)).toBe(1);
    expect(shp.byteLength).toBe(100 + 2 * 28);
    expect(view.getInt32(104, false)).toBe(10); // 20 bytes of content
    expect(view.getFloat64(112, true)).toBe(115.9);
    expect(view.getFloat64(120, true)).toBe(28.5);
  });

  it('writes dBASE fields: UTF-8 text, right-aligned numbers, logicals, blanks for null', () => {
    const dbf = writeDbf(
      [
        { name: 'name', type: 'C' },
        { name: 'households', type: 'N' },
        { name: 'area_m2', type: 'N', decimals: 1 },
        { name: 'overdue', type: 'L' },
      ],
      [
        ['府前路社区第1网格', 800, 8705648.25, true],
        [null, 5, 0.04, false],
      ],
      new Date('2026-03-04T00:00:00Z'),
    );
    expect([dbf[0], dbf[1], dbf[2], dbf[3]]).toEqual([0x03, 126, 3, 4]);
    const { recordCount, fields, records } = readDbf(dbf);
    expect(recordCount).toBe(2);
    expect(fields).toEqual([
      { name: 'name', type: 'C', length: new TextEncoder().encode('府前路社区第1网格').length, decimals: 0 },
      { name: 'households', type: 'N', length: 3, decimals: 0 },
      { name: 'area_m2', type: 'N', length: 9, decimals: 1 },
      { name: 'overdue', type: 'L', length: 1, decimals: 0 },
    ]);
    expect(records).toEqual([
      ['府前路社区第1网格', '800', '8705648.3', 'T'],
      ['', '5', '0.0', 'F'],
    ]);
  });

  it('refuses field names longer than 10 characters, and cuts text on character boundaries', () => {
    expect(() => writeDbf([{ name: 'responsibleUnit', type: 'C' }], [])).toThrow(/responsibleUnit/);
    expect(decoder.decode(utf8Prefix('网格长', 7))).toBe('网格');
    expect(utf8Prefix('abc', 10)).toEqual(new TextEncoder().encode('abc'));
  });

  it('zips .shp, .shx, .dbf, .prj (WGS 84) and .cpg (UTF-8) under one name', () => {
    const zip = shapefileZip('grids', { kind: 'polygon', fields: [{ name: 'code', type: 'C' }], records: [['1']], shapes: [[square]] });
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(['grids.cpg', 'grids.dbf', 'grids.prj', 'grids.shp', 'grids.shx']);
    expect(decoder.decode(files['grids.cpg'])).toBe('UTF-8');
    expect(decoder.decode(files['grids.prj'])).toBe(WGS84_PRJ);
    expect(decoder.decode(files['grids.prj'])).toMatch(/^GEOGCS\["GCS_WGS_1984"/);
    expect(readDbf(files['grids.dbf']).records).toEqual([['1']]);
    expect(() => shapefileZip('x', { kind: 'point', fields: [], records: [], shapes: [[0, 0]] })).toThrow();
  });
});
