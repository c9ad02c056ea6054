import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateCoverage, type CoverageInput, type CoverageReport, type PolygonalGeometry } from '../../server/geo/coverage.ts';
import { polygonProblems } from '../../server/geo/ring-validity.ts';
import { tilesExactly } from '../../server/geo/coverage-edges.ts';
import { mergeBlockGroups, mergeBlocksByUnit } from '../../server/geo/merge.ts';
import { partitionAll } from '../../server/geo/partition.ts';
import { pointInPolygon, polygonAreaM2 } from '../../server/geo/ring.ts';
import type { PolygonCoords, Position } from '../../server/geo/types.ts';
import { syntheticCounty } from '../fixtures/partition/synthetic-blocks.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/coverage');

interface RegionEntry {
  region: PolygonCoords;
  [key: string]: unknown;
}

interface Expected {
  valid: boolean;
  exactlyTiledAreas?: number;
  clippedAreas?: number;
  gaps?: Array<RegionEntry & { areaCode: string }>;
  overlaps?: Array<RegionEntry & { a: string; b: string }>;
  invalidRings?: Array<{ code: string; reasonIncludes: string; near: Position }>;
  nonContiguous?: Array<RegionEntry & { code: string; parts: number }>;
  outsideParent?: Array<RegionEntry & { code: string }>;
}

function readCase(name: string): { input: CoverageInput; expected: Expected } {
  const collection = JSON.parse(readFileSync(join(FIXTURES, name, 'in.geojson'), 'utf8'));
  const input: CoverageInput = { areas: [], grids: [] };
  for (const feature of collection.features) {
    const geometry = feature.geometry as PolygonalGeometry;
    if (feature.properties.kind === 'area') input.areas.push({ code: feature.properties.code, geometry });
    else input.grids.push({ code: feature.properties.code, parentCode: feature.properties.parentCode, geometry });
  }
  return { input, expected: JSON.parse(readFileSync(join(FIXTURES, name, 'expected.json'), 'utf8')) };
}

function expectInRegion(entry: { areaM2?: number; location: Position }, region: PolygonCoords) {
  expect(pointInPolygon(entry.location[0], entry.location[1], region)).toBe(true);
  if (entry.areaM2 !== undefined) expect(entry.areaM2 / polygonAreaM2(region)).toBeCloseTo(1, 6);
}

function compareWithExpected(report: CoverageReport, expected: Expected) {
  expect(report.valid).toBe(expected.valid);
  if (expected.exactlyTiledAreas !== undefined) expect(report.exactlyTiledAreas).toBe(expected.exactlyTiledAreas);
  if (expected.clippedAreas !== undefined) expect(report.clippedAreas).toBe(expected.clippedAreas);
  if (expected.gaps) {
    expect(report.gaps).toHaveLength(expected.gaps.length);
    expected.gaps.forEach((gap, index) => {
      expect(report.gaps[index].areaCode).toBe(gap.areaCode);
      expectInRegion(report.gaps[index], gap.region);
    });
  }
  if (expected.overlaps) {
    expect(report.overlaps).toHaveLength(expected.overlaps.length);
    expected.overlaps.forEach((overlap, index) => {
      expect([report.overlaps[index].a, report.overlaps[index].b]).toEqual([overlap.a, overlap.b]);
      expectInRegion(report.overlaps[index], overlap.region);
    });
  }
  if (expected.invalidRings) {
    expect(report.invalidRings).toHaveLength(expected.invalidRings.length);
    expected.invalidRings.forEach((ring, index) => {
      expect(report.invalidRings[index].code).toBe(ring.code);
      expect(report.invalidRings[index].reason).toContain(ring.reasonIncludes);
      expect(report.invalidRings[index].location[0]).toBeCloseTo(ring.near[0], 9);
      expect(report.invalidRings[index].location[1]).toBeCloseTo(ring.near[1], 9);
    });
  }
  if (expected.nonContiguous) {
    expect(report.nonContiguous).toHaveLength(expected.nonContiguous.length);
    expected.nonContiguous.forEach((entry, index) => {
      expect(report.nonContiguous[index].code).toBe(entry.code);
      expect(report.nonContiguous[index].parts).toBe(entry.parts);
      expectInRegion(report.nonContiguous[index], entry.region);
    });
  }
  if (expected.outsideParent) {
    expect(report.outsideParent).toHaveLength(expected.outsideParent.length);
    expected.outsideParent.forEach((entry, index) => {
      expect(report.outsideParent[index].code).toBe(entry.code);
      expectInRegion(report.outsideParent[index], entry.region);
    });
  }
}

describe('validateCoverage fixtures', () => {
  for (const name of readdirSync(FIXTURES).filter((entry) => !entry.includes('.')).sort()) {
    it(name, () => {
      const { input, expected } = readCase(name);
      compareWithExpected(validateCoverage(input), expected);
    });
  }
});

describe('validateCoverage tolerance and unknown parents', () => {
  it('ignores an overlap smaller than the tolerance and reports it when the tolerance is lowered', () => {
    const { input } = readCase('overlap');
    // The fixture overlap is 0.5 × 0.001° × 0.001° ≈ 5 400 m².
    expect(validateCoverage(input, { toleranceM2: 10_000 }).overlaps).toHaveLength(0);
    expect(validateCoverage(input, { toleranceM2: 1 }).overlaps).toHaveLength(1);
  });

  it('reports a grid whose parent is unknown as lying outside it', () => {
    const { input } = readCase('clean');
    input.grids[0] = { ...input.grids[0], parentCode: '360121199999' };
    const report = validateCoverage(input);
    expect(report.outsideParent.map((entry) => entry.code)).toEqual([input.grids[0].code]);
    // Its township lost a grid, so a gap appears where that grid was.
    expect(report.gaps).toHaveLength(1);
    expect(report.valid).toBe(false);
  });
});

describe('validateCoverage of an area without grids', () => {
  it('reports the whole area as one gap', () => {
    const { input } = readCase('gap');
    const area = input.areas[0];
    const report = validateCoverage({ areas: [area], grids: [] });
    expect(report.gaps).toHaveLength(1);
    expect(area.geometry.type).toBe('Polygon');
    expectInRegion(report.gaps[0], area.geometry.coordinates as PolygonCoords);
  });
});

describe('polygonProblems', () => {
  const square: PolygonCoords = [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]];

  it('accepts a counter-clockwise square with a clockwise hole', () => {
    const hole: Position[] = [[0.2, 0.2], [0.2, 0.8], [0.8, 0.8], [0.8, 0.2], [0.2, 0.2]];
    expect(polygonProblems([square[0], hole])).toEqual([]);
  });

  it('flags wrong winding of the exterior and of a hole', () => {
    expect(polygonProblems([[...square[0]].reverse()])[0].reason).toContain('wrong winding');
    const ccwHole: Position[] = [[0.2, 0.2], [0.8, 0.2], [0.8, 0.8], [0.2, 0.8], [0.2, 0.2]];
    expect(polygonProblems([square[0], ccwHole])[0].reason).toContain('hole 1: wrong winding');
  });

  it('flags short rings, non-finite and out-of-range coordinates', () => {
    expect(polygonProblems([[[0, 0], [1, 0], [0, 0]]])[0].reason).toContain('at least 4');
    expect(polygonProblems([[[0, 0], [1, NaN], [1, 1], [0, 0]]])[0].reason).toContain('non-finite');
    expect(polygonProblems([[[0, 0], [181, 0], [1, 1], [0, 0]]])[0].reason).toContain('out of range');
  });

  it('flags a spike and a hole crossing the exterior, with the place', () => {
    const spike = polygonProblems([[[0, 0], [1, 0], [2, 0], [1, 0], [1, 1], [0, 0]]]);
    expect(spike.some((problem) => problem.reason.includes('self-intersection'))).toBe(true);
    const crossingHole: Position[] = [[0.5, 0.5], [0.5, 0.8], [1.5, 0.8], [1.5, 0.5], [0.5, 0.5]];
    const problems = polygonProblems([square[0], crossingHole]);
    expect(problems).toHaveLength(1);
    expect(problems[0].reason).toContain('rings cross');
    expect(problems[0].location[0]).toBeCloseTo(1, 12);
  });

  it('accepts rings that touch at a single point', () => {
    const touchingHole: Position[] = [[0, 0.5], [0.5, 0.8], [0.5, 0.2], [0, 0.5]];
    expect(polygonProblems([square[0], touchingHole])).toEqual([]);
  });
});

describe('tilesExactly', () => {
  it('accepts a tiling on shared edges and rejects one with a vertex on one side only', () => {
    const area: PolygonCoords[] = [[[[0, 0], [1, 0], [2, 0], [2, 1], [1, 1], [0, 1], [0, 0]]]];
    const left: PolygonCoords = [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]];
    const right: PolygonCoords = [[[1, 0], [2, 0], [2, 1], [1, 1], [1, 0]]];
    expect(tilesExactly([left, right], area)).toBe(true);
    expect(tilesExactly([left], area)).toBe(false);
    expect(tilesExactly([left, right, left], area)).toBe(false);
    expect(tilesExactly([left, right], [[[[0, 0], [2, 0], [2, 1], [0, 1], [0, 0]]]])).toBe(false);
  });
});

describe('validateCoverage on a synthetic county of about a thousand grids', () => {
  const county = syntheticCounty({
    blockCount: 12_000, townshipColumns: 6, townshipRows: 4, villageColumns: 4, villageRows: 3, seed: 11,
  });
  const groups = [...partitionAll(county.blocks, county.adjacency, { targetHouseholds: 280 }).values()].flat();
  const shapes = mergeBlockGroups(county.blocks, groups);
  const townshipById = new Map(county.blocks.map((block) => [block.id, block.townshipCode]));
  const input: CoverageInput = {
    areas: [...mergeBlocksByUnit(county.blocks, 'townshipCode')].map(([code, parts]) => ({
      code, geometry: { type: 'MultiPolygon', coordinates: parts },
    })),
    grids: groups.map((group, index) => ({
      code: `g${index}`, parentCode: townshipById.get(group[0])!, geometry: { type: 'MultiPolygon', coordinates: shapes[index] },
    })),
  };

  it('proves the clean tessellation exact without clipping, in well under a few seconds', () => {
    expect(input.areas).toHaveLength(24);
    expect(input.grids.length).toBeGreaterThan(900);
    const started = performance.now();
    const report = validateCoverage(input);
    const elapsed = performance.now() - started;
    console.log(`coverage: ${input.grids.length} grids, ${input.areas.length} townships, ${elapsed.toFixed(0)} ms`);
    expect(report.valid).toBe(true);
    expect(report.exactlyTiledAreas).toBe(24);
    expect(report.clippedAreas).toBe(0);
    expect(elapsed).toBeLessThan(3000);
  });

  it('locates a removed grid as a gap, clipping only its township', () => {
    const removed = 500;
    const damaged: CoverageInput = { areas: input.areas, grids: input.grids.filter((_, index) => index !== removed) };
    const report = validateCoverage(damaged);
    expect(report.clippedAreas).toBe(1);
    expect(report.gaps).toHaveLength(1);
    expect(report.gaps[0].areaCode).toBe(input.grids[removed].parentCode);
    const removedShape = shapes[removed][0];
    expect(pointInPolygon(report.gaps[0].location[0], report.gaps[0].location[1], removedShape)).toBe(true);
    expect(report.gaps[0].areaM2 / polygonAreaM2(removedShape)).toBeCloseTo(1, 6);
  });
});
