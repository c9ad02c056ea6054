import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import turfUnion from '@turf/union';
import { featureCollection, polygon as turfPolygon } from '@turf/helpers';
import { mergeAll, mergeBlockGroups, mergeBlocksByUnit, mergeByKey, mergePolygons } from '../../server/geo/merge.ts';
import { tilesExactly } from '../../server/geo/coverage-edges.ts';
import { polygonAreaM2, signedArea } from '../../server/geo/ring.ts';
import type { MultiPolygonCoords, PolygonCoords } from '../../server/geo/types.ts';
import { latticeBlocks, voronoiBlocks } from '../fixtures/partition/synthetic-blocks.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/merge');

interface MergeCase {
  polygons: PolygonCoords[];
  groups: number[][];
  expected: { groups: Array<{ parts: Array<{ holes: number; exteriorPositions: number; cells: number }> }> };
}

function readCase(name: string): MergeCase {
  const collection = JSON.parse(readFileSync(join(FIXTURES, name, 'in.geojson'), 'utf8'));
  return {
    polygons: collection.features.map((feature: { geometry: { coordinates: PolygonCoords } }) => feature.geometry.coordinates),
    groups: collection.groups,
    expected: JSON.parse(readFileSync(join(FIXTURES, name, 'expected.json'), 'utf8')),
  };
}

function area(parts: MultiPolygonCoords): number {
  return parts.reduce((sum, part) => sum + polygonAreaM2(part), 0);
}

function expectRfc7946Winding(parts: MultiPolygonCoords) {
  for (const part of parts) part.forEach((ring, index) => expect(signedArea(ring) > 0).toBe(index === 0));
}

describe('mergePolygons fixtures', () => {
  for (const name of readdirSync(FIXTURES).filter((entry) => !entry.includes('.')).sort()) {
    it(name, () => {
      const { polygons, groups, expected } = readCase(name);
      const merged = mergePolygons(polygons, groups);
      expect(merged).toHaveLength(expected.groups.length);
      merged.forEach((parts, groupIndex) => {
        const expectedParts = expected.groups[groupIndex].parts;
        expect(parts).toHaveLength(expectedParts.length);
        expectRfc7946Winding(parts);
        const cellArea = polygonAreaM2(polygons[groups[groupIndex][0]]);
        parts.forEach((part, partIndex) => {
          expect(part.length - 1).toBe(expectedParts[partIndex].holes);
          expect(part[0]).toHaveLength(expectedParts[partIndex].exteriorPositions);
          // Cells of one lattice row have (nearly) equal area; the part is as big as its cells.
          expect(polygonAreaM2(part) / (cellArea * expectedParts[partIndex].cells)).toBeCloseTo(1, 3);
        });
        expect(area(parts) / groups[groupIndex].reduce((sum, index) => sum + polygonAreaM2(polygons[index]), 0)).toBeCloseTo(1, 9);
      });
      // Together the groups tile the union of all cells edge for edge: borders are shared exactly.
      const allGroups = groups.flat();
      if (new Set(allGroups).size === polygons.length) {
        expect(tilesExactly(merged.flat(), mergeAll(polygons))).toBe(true);
      }
    });
  }
});

describe('mergePolygons on Voronoi blocks', () => {
  const set = voronoiBlocks({
    count: 400, bbox: [115.85, 28.45, 115.95, 28.55], seed: 3,
    villageOf: (site) => (site[0] < 115.9 ? '360121100001' : '360121100002'),
    townshipOf: () => '360121100000',
    households: () => 1,
  });
  const polygons = set.blocks.map((block) => block.polygon);
  // Vertical strips of blocks by site order: groups of neighbouring cells.
  const order = polygons.map((_, index) => index).sort((a, b) => polygons[a][0][0][0] - polygons[b][0][0][0]);
  const groups: number[][] = [];
  for (let start = 0; start < order.length; start += 40) groups.push(order.slice(start, start + 40));

  it('has the same area as @turf/union of the same blocks (relative 1e-9)', () => {
    const merged = mergePolygons(polygons, groups.slice(0, 4));
    merged.forEach((parts, groupIndex) => {
      const turf = turfUnion(featureCollection(groups[groupIndex].map((index) => turfPolygon(polygons[index]))));
      expect(turf).not.toBeNull();
      const geometry = turf!.geometry;
      const turfParts = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
      expect(parts).toHaveLength(turfParts.length);
      expect(Math.abs(area(parts) - area(turfParts as MultiPolygonCoords)) / area(parts)).toBeLessThan(1e-9);
    });
  });

  it('gives neighbouring unions identical borders (exact edge tiling of the whole)', () => {
    const merged = mergePolygons(polygons, groups);
    expect(tilesExactly(merged.flat(), mergeAll(polygons))).toBe(true);
    const total = area(mergeAll(polygons));
    expect(Math.abs(merged.reduce((sum, parts) => sum + area(parts), 0) - total) / total).toBeLessThan(1e-12);
  });

  it('unions blocks per village and per township', () => {
    const villages = mergeBlocksByUnit(set.blocks, 'villageCode');
    expect([...villages.keys()]).toEqual(['360121100001', '360121100002']);
    const township = mergeBlocksByUnit(set.blocks, 'townshipCode').get('360121100000')!;
    expect(township).toHaveLength(1);
    expect(township[0]).toHaveLength(1);
    expect(tilesExactly([...villages.values()].flat(), township)).toBe(true);
  });

  it('does not change its input', () => {
    const before = JSON.stringify(polygons);
    mergePolygons(polygons, groups);
    expect(JSON.stringify(polygons)).toBe(before);
  });
});

describe('merge helpers', () => {
  const lattice = latticeBlocks({ columns: 4, rows: 2 });

  it('merges groups given by block id and rejects unknown ids or indices', () => {
    const ids = lattice.blocks.map((block) => block.id);
    const merged = mergeBlockGroups(lattice.blocks, [ids.slice(0, 4), ids.slice(4)]);
    expect(merged.map((parts) => parts.length)).toEqual([1, 1]);
    expect(() => mergeBlockGroups(lattice.blocks, [['nope']])).toThrow(RangeError);
    expect(() => mergePolygons([lattice.blocks[0].polygon], [[1]])).toThrow(RangeError);
  });

  it('returns no parts for an empty group and keys in order', () => {
    expect(mergePolygons(lattice.blocks.map((block) => block.polygon), [[]])).toEqual([[]]);
    const byKey = mergeByKey(lattice.blocks.map((block) => block.polygon), lattice.blocks.map((_, i) => (i % 2 ? 'b' : 'a')));
    expect([...byKey.keys()]).toEqual(['a', 'b']);
    // Alternating columns touch only at corners across rows, and not at all within a row.
    expect(byKey.get('a')!.length).toBeGreaterThan(1);
  });
});
