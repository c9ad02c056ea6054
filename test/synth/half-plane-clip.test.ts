// Cutting polygons by half-planes: concave shapes fall apart into separate pieces, holes are kept or
// opened, and both sides of one line share bit-identical crossing points.
import { describe, expect, it } from 'vitest';
import type { PolygonCoords } from '../../server/geo/types.ts';
import { signedArea } from '../../server/geo/ring.ts';
import { clipPolygonByHalfPlane, clipPolygonByHalfPlanes, type HalfPlane } from '../../server/synth/half-plane-clip.ts';
import { convexRegion } from '../../server/synth/convex-clip.ts';
import { polygonProblem } from './geometry-checks.ts';

const U_SHAPE: PolygonCoords = [[[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]]];
const FRAME: PolygonCoords = [
  [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]],
  [[1, 1], [1, 3], [3, 3], [3, 1], [1, 1]],
];
const area = (polygon: PolygonCoords): number => polygon.reduce((sum, ring) => sum + signedArea(ring), 0);
const keepAbove = (y: number): HalfPlane => ({ a: 0, b: 1, c: -y });
const keepLeftOf = (x: number): HalfPlane => ({ a: -1, b: 0, c: x });

describe('clipPolygonByHalfPlane', () => {
  it('splits the arms of a U into two valid pieces', () => {
    const pieces = clipPolygonByHalfPlane(U_SHAPE, keepAbove(2));
    expect(pieces).toHaveLength(2);
    for (const piece of pieces) {
      expect(polygonProblem(piece)).toBeNull();
      expect(area(piece)).toBeCloseTo(1, 12);
    }
  });

  it('keeps a concave remainder whole', () => {
    const pieces = clipPolygonByHalfPlane(U_SHAPE, { a: 0, b: -1, c: 2 });
    expect(pieces).toHaveLength(1);
    expect(area(pieces[0])).toBeCloseTo(5, 12);
  });

  it('keeps a hole that lies wholly on the kept side and opens one that is cut', () => {
    const kept = clipPolygonByHalfPlane(FRAME, keepLeftOf(3.5));
    expect(kept).toHaveLength(1);
    expect(kept[0]).toHaveLength(2);
    expect(area(kept[0])).toBeCloseTo(14 - 4, 12);
    const opened = clipPolygonByHalfPlane(FRAME, keepLeftOf(2));
    expect(opened).toHaveLength(1);
    expect(opened[0]).toHaveLength(1);
    expect(polygonProblem(opened[0])).toBeNull();
    expect(area(opened[0])).toBeCloseTo(6, 12);
  });

  it('returns nothing or everything when the line misses the polygon', () => {
    expect(clipPolygonByHalfPlane(U_SHAPE, keepAbove(5))).toEqual([]);
    expect(clipPolygonByHalfPlane(U_SHAPE, keepAbove(-1))).toEqual([U_SHAPE]);
  });

  it('gives both sides of a line the same crossing points', () => {
    const plane: HalfPlane = { a: 0.3, b: 1.1, c: -2.05 };
    const opposite: HalfPlane = { a: -plane.a, b: -plane.b, c: -plane.c };
    const one = clipPolygonByHalfPlane(U_SHAPE, plane), other = clipPolygonByHalfPlane(U_SHAPE, opposite);
    expect([...one, ...other].reduce((sum, piece) => sum + area(piece), 0)).toBeCloseTo(7, 12);
    const onLine = (pieces: PolygonCoords[]): string[] =>
      pieces.flatMap((piece) => piece[0]).filter(([x, y]) => Math.abs(plane.a * x + plane.b * y + plane.c) < 1e-12).map(([x, y]) => `${x},${y}`);
    expect(new Set(onLine(one))).toEqual(new Set(onLine(other)));
  });

  it('cuts a box down to the convex window', () => {
    const window = convexRegion([0, 0, 10, 10], [keepAbove(2), keepLeftOf(5), { a: 1, b: -1, c: 0 }]);
    const ring = [...window, window[0]];
    expect(signedArea(ring)).toBeCloseTo(4.5, 12);
    expect(convexRegion([0, 0, 10, 10], [keepAbove(20)])).toEqual([]);
  });
});

describe('clipPolygonByHalfPlanes and convexRegion', () => {
  it('agree on the area of a polygon cut by a convex window', () => {
    const window = (bottom: number): HalfPlane[] => [keepAbove(bottom), { a: 0, b: -1, c: 2.5 }, { a: 1, b: 0, c: -0.5 }, keepLeftOf(2.5)];
    const joined = clipPolygonByHalfPlanes(U_SHAPE, window(0.5));
    expect(joined).toHaveLength(1);
    expect(area(joined[0])).toBeCloseTo(2.5, 12);
    const apart = clipPolygonByHalfPlanes(U_SHAPE, window(1.5));
    expect(apart).toHaveLength(2);
    expect(apart.reduce((sum, piece) => sum + area(piece), 0)).toBeCloseTo(1, 12);
  });

  it('cuts a box down to the convex window', () => {
    const window = convexRegion([0, 0, 10, 10], [keepAbove(2), keepLeftOf(5), { a: 1, b: -1, c: 0 }]);
    const ring = [...window, window[0]];
    expect(signedArea(ring)).toBeCloseTo(4.5, 12);
    expect(convexRegion([0, 0, 10, 10], [keepAbove(20)])).toEqual([]);
  });
});
