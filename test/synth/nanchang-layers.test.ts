// The synthetic Nanchang layers: real codes and names, polygons that partition the real outline,
// streets in every village, rivers, and a plausible household total.
import { beforeAll, describe, expect, it } from 'vitest';
import type { PolygonCoords, Position } from '../../server/geo/types.ts';
import { pointInPolygon, polygonAreaM2, ringBBox, signedArea } from '../../server/geo/ring.ts';
import { generateLayersFromSource, type NanchangLayers } from '../../server/synth/nanchang.ts';
import { loadNanchangSource, type NanchangSource } from '../../server/synth/nanchang-source.ts';
import { interiorPoint } from '../../server/synth/interior-point.ts';
import { clipPolygonByHalfPlanes } from '../../server/synth/half-plane-clip.ts';
import { clipLine } from '../../server/synth/line-clip.ts';
import { coverage, polygonProblem } from './geometry-checks.ts';

let source: NanchangSource;
let layers: NanchangLayers;

beforeAll(() => {
  source = loadNanchangSource();
  layers = generateLayersFromSource(source);
});

const polygonOf = (unit: { geometry: { type: string; coordinates: unknown } }): PolygonCoords => {
  expect(unit.geometry.type).toBe('Polygon');
  return unit.geometry.coordinates as PolygonCoords;
};

describe('units', () => {
  it('has the 24 real townships and 471 real villages with their codes, names and parents', () => {
    expect(layers.county.code).toBe('360121');
    expect(layers.townships.map((unit) => [unit.code, unit.name]).sort()).toEqual(source.townships.map((unit) => [unit.code, unit.name]).sort());
    expect(layers.townships).toHaveLength(24);
    expect(layers.villages).toHaveLength(471);
    const expected = source.villages.map((village) => [village.code, village.name, village.townshipCode]).sort();
    expect(layers.villages.map((village) => [village.code, village.name, village.parentCode]).sort()).toEqual(expected);
  });

  it('gives every township and village one valid polygon', () => {
    for (const unit of [layers.county, ...layers.townships, ...layers.villages]) {
      const problem = polygonProblem(polygonOf(unit));
      expect(problem, `${unit.code} ${unit.name}`).toBeNull();
    }
  });

  it('partitions the county into townships without overlap or gap', () => {
    const countyArea = polygonAreaM2(polygonOf(layers.county));
    expect(countyArea / 1e6).toBeGreaterThan(1790);
    expect(countyArea / 1e6).toBeLessThan(1830);
    const townships = layers.townships.map(polygonOf);
    const sum = townships.reduce((total, polygon) => total + polygonAreaM2(polygon), 0);
    expect(Math.abs(sum - countyArea) / countyArea).toBeLessThan(0.005);
    const figures = coverage(townships);
    expect(figures.overlapM2 / countyArea).toBeLessThan(1e-6);
    expect(figures.pieces).toBe(1);
    expect(figures.holeAreaM2).toBe(0);
  });

  it('partitions every township into its villages without overlap or gap', () => {
    for (const township of layers.townships) {
      const own = layers.villages.filter((village) => village.parentCode === township.code).map(polygonOf);
      const area = polygonAreaM2(polygonOf(township));
      const sum = own.reduce((total, polygon) => total + polygonAreaM2(polygon), 0);
      expect(Math.abs(sum - area) / area, township.name).toBeLessThan(0.005);
      const figures = coverage(own);
      expect(figures.overlapM2 / area, township.name).toBeLessThan(1e-6);
      expect(figures.pieces, township.name).toBe(1);
      expect(figures.holeAreaM2, township.name).toBe(0);
    }
  });

  it('puts every village inside its township', () => {
    const townships = new Map(layers.townships.map((township) => [township.code, polygonOf(township)]));
    for (const village of layers.villages) {
      const point = interiorPoint(polygonOf(village));
      expect(point, village.code).not.toBeNull();
      expect(pointInPolygon(point![0], point![1], townships.get(village.parentCode!)!), village.code).toBe(true);
    }
  });

  it('sizes units by their villages: urban units small, rural towns larger', () => {
    const area = (name: string): number => polygonAreaM2(polygonOf(layers.townships.find((unit) => unit.name === name)!)) / 1e6;
    expect(area('八月湖街道')).toBeLessThan(area('莲塘镇') / 2);
    expect(area('幽兰镇')).toBeGreaterThan(area('富山乡'));
    const communities = layers.villages.filter((village) => /社区/.test(village.name)).map((village) => polygonAreaM2(polygonOf(village)));
    const villages = layers.villages.filter((village) => /村委会/.test(village.name)).map((village) => polygonAreaM2(polygonOf(village)));
    const median = (values: number[]): number => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)];
    expect(median(communities) * 3).toBeLessThan(median(villages));
  });
});

describe('datum', () => {
  it('converts the GCJ-02 outline to WGS84 with the expected offset near the county seat', () => {
    const seat: Position = [115.94, 28.54];
    const published = source.outlineGcj02[0];
    let nearest = 0;
    for (let i = 1; i < published.length; i++) {
      if (Math.hypot(published[i][0] - seat[0], published[i][1] - seat[1]) < Math.hypot(published[nearest][0] - seat[0], published[nearest][1] - seat[1])) nearest = i;
    }
    const target = published[nearest];
    // Conversion keeps the vertex order unless the ring had to be rewound to counter-clockwise.
    const converted = polygonOf(layers.county)[0];
    const sameOrder = signedArea(published) > 0;
    const match = converted[sameOrder ? nearest : published.length - 1 - nearest];
    expect(Math.hypot(target[0] - seat[0], target[1] - seat[1])).toBeLessThan(0.1);
    expect(Math.abs(target[0] - match[0] - 0.00485)).toBeLessThan(2e-4);
    expect(Math.abs(target[1] - match[1] + 0.0034)).toBeLessThan(2e-4);
  });
});

describe('lines', () => {
  it('has streets of the expected classes and stays within budget', () => {
    const classes = new Set(layers.streets.map((line) => line.class));
    for (const name of ['motorway', 'trunk', 'primary', 'secondary', 'residential', 'track', 'rail']) expect(classes.has(name), name).toBe(true);
    const segments = layers.streets.reduce((total, line) => total + line.coordinates.length - 1, 0);
    expect(segments).toBeLessThan(150_000);
    for (const line of [...layers.streets, ...layers.water]) {
      expect(line.coordinates.length).toBeGreaterThanOrEqual(2);
      for (const [x, y] of line.coordinates) expect(Number.isFinite(x) && Number.isFinite(y)).toBe(true);
    }
  });

  it('runs streets through every village', () => {
    const boxes = layers.streets.map((line) => ringBBox(line.coordinates));
    for (const village of layers.villages) {
      const polygon = polygonOf(village);
      const [minX, minY, maxX, maxY] = ringBBox(polygon[0]);
      const crossing = layers.streets.filter((line, i) => {
        const box = boxes[i];
        if (box[2] < minX || box[0] > maxX || box[3] < minY || box[1] > maxY) return false;
        return clipLine(line.coordinates, polygon, 'inside').length > 0;
      });
      expect(crossing.length, village.code).toBeGreaterThanOrEqual(3);
    }
  });

  it('has the Gan river near the western edge and the Fu river through the centre-east', () => {
    const gan = layers.water.filter((line) => line.name === '赣江');
    expect(gan.length).toBeGreaterThan(0);
    const countyBox = ringBBox(polygonOf(layers.county)[0]);
    const ganLongitudes = gan.flatMap((line) => line.coordinates.map(([x]) => x));
    expect(Math.min(...ganLongitudes) - countyBox[0]).toBeLessThan(0.03);
    const fu = layers.water.filter((line) => line.name === '抚河').flatMap((line) => line.coordinates);
    expect(fu.length).toBeGreaterThan(10);
    const latitudes = fu.map(([, y]) => y);
    expect(Math.max(...latitudes) - Math.min(...latitudes)).toBeGreaterThan(0.2);
    for (const line of layers.water) expect(['river', 'canal']).toContain(line.class);
  });
});

describe('households', () => {
  it('holds a plausible county total that the block estimates add up to', () => {
    expect(layers.totalHouseholdsEstimate).toBeGreaterThan(300_000);
    expect(layers.totalHouseholdsEstimate).toBeLessThan(380_000);
    // Tile the county with 2 km squares, each cut to the outline, and add up their estimates.
    const county = polygonOf(layers.county);
    const [west, south, east, north] = ringBBox(county[0]);
    const stepLon = 0.02, stepLat = 0.018;
    let sum = 0;
    for (let x = west; x < east; x += stepLon) {
      for (let y = south; y < north; y += stepLat) {
        const pieces = clipPolygonByHalfPlanes(county, [
          { a: 1, b: 0, c: -x }, { a: -1, b: 0, c: x + stepLon }, { a: 0, b: 1, c: -y }, { a: 0, b: -1, c: y + stepLat },
        ]);
        for (const piece of pieces) sum += layers.householdsForBlock(piece, polygonAreaM2(piece));
      }
    }
    expect(Math.abs(sum - layers.totalHouseholdsEstimate) / layers.totalHouseholdsEstimate).toBeLessThan(0.05);
  });

  it('is dense in the urban units and sparse in the farm units', () => {
    const density = (name: string): number => {
      const polygon = polygonOf(layers.townships.find((unit) => unit.name === name)!);
      const own = layers.villages.filter((village) => village.parentCode === layers.townships.find((unit) => unit.name === name)!.code);
      const households = own.reduce((total, village) => total + layers.householdsForBlock(polygonOf(village), polygonAreaM2(polygonOf(village))), 0);
      return households / (polygonAreaM2(polygon) / 1e6);
    };
    expect(density('八月湖街道')).toBeGreaterThan(1000);
    expect(density('鲤鱼洲管理处')).toBeLessThan(150);
    expect(layers.householdsForBlock(polygonOf(layers.villages[0]), 0)).toBe(0);
  });

  it('returns deterministic integers', () => {
    const polygon = polygonOf(layers.villages[10]);
    const area = polygonAreaM2(polygon);
    const first = layers.householdsForBlock(polygon, area);
    expect(Number.isInteger(first)).toBe(true);
    expect(layers.householdsForBlock(polygon, area)).toBe(first);
  });
});
