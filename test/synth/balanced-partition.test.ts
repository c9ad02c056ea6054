// Balanced power-diagram partitions: cells near their target areas, one piece each, tiling the region.
import { describe, expect, it } from 'vitest';
import type { PolygonCoords, Position } from '../../server/geo/types.ts';
import { pointInPolygon, signedArea } from '../../server/geo/ring.ts';
import { partitionRegion } from '../../server/synth/balanced-partition.ts';
import { makeContiguous } from '../../server/synth/contiguity.ts';
import { polygonProblem } from './geometry-checks.ts';

const area = (polygon: PolygonCoords): number => polygon.reduce((sum, ring) => sum + signedArea(ring), 0);
// A C-shaped region (metres), concave enough that plain cells fall apart.
const C_SHAPE: PolygonCoords = [[[0, 0], [9000, 0], [9000, 3000], [3000, 3000], [3000, 6000], [9000, 6000], [9000, 9000], [0, 9000], [0, 0]]];

describe('partitionRegion', () => {
  it('meets target areas with one valid polygon per site that together tile the region', () => {
    const anchors: Position[] = [[1500, 1500], [6000, 1500], [1500, 7500], [6000, 7500], [1500, 4500], [8000, 8000]];
    const targets = [10e6, 8e6, 12e6, 9e6, 6e6, 9e6];
    const total = area(C_SHAPE);
    const scale = total / targets.reduce((a, b) => a + b, 0);
    const result = partitionRegion(C_SHAPE, anchors.map((anchor, i) => ({ anchor, targetArea: targets[i] * scale, anchorPull: 0.5 })), { tolerance: 0.01 });
    expect(result.worstAreaError).toBeLessThan(0.03);
    expect(result.polygons).toHaveLength(6);
    let sum = 0;
    result.polygons.forEach((polygon, i) => {
      expect(polygonProblem(polygon)).toBeNull();
      expect(Math.abs(area(polygon) - targets[i] * scale) / (targets[i] * scale)).toBeLessThan(0.05);
      sum += area(polygon);
    });
    expect(sum).toBeCloseTo(total, 3);
    // Points of the region belong to exactly one cell.
    for (let x = 150; x < 9000; x += 700) for (let y = 150; y < 9000; y += 700) {
      if (!pointInPolygon(x, y, C_SHAPE)) continue;
      expect(result.polygons.filter((polygon) => pointInPolygon(x, y, polygon))).toHaveLength(1);
    }
  });

  it('returns the region itself for a single site', () => {
    const result = partitionRegion(C_SHAPE, [{ anchor: [100, 100], targetArea: area(C_SHAPE), anchorPull: 1 }]);
    expect(result.polygons).toEqual([C_SHAPE]);
  });
});

describe('makeContiguous', () => {
  it('hands a stray piece to the neighbour sharing the longest border', () => {
    const main: PolygonCoords = [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]];
    const stray: PolygonCoords = [[[20, 0], [22, 0], [22, 10], [20, 10], [20, 0]]];
    const neighbour: PolygonCoords = [[[10, 0], [20, 0], [20, 10], [10, 10], [10, 0]]];
    const [first, second] = makeContiguous([[main, stray], [neighbour]]);
    expect(first).toEqual(main);
    expect(second).toHaveLength(1);
    expect(polygonProblem(second)).toBeNull();
    expect(Math.abs(area(second))).toBeCloseTo(120, 9);
  });
});
