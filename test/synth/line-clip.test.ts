// Cutting polylines by polygons, with a small overshoot past the boundary.
import { describe, expect, it } from 'vitest';
import type { PolygonCoords } from '../../server/geo/types.ts';
import { clipLine } from '../../server/synth/line-clip.ts';

const SQUARE: PolygonCoords = [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]];
const U_SHAPE: PolygonCoords = [[[0, 0], [30, 0], [30, 30], [20, 30], [20, 10], [10, 10], [10, 30], [0, 30], [0, 0]]];

describe('clipLine', () => {
  it('keeps the inside stretch and lengthens it past the boundary', () => {
    const pieces = clipLine([[-5, 5], [15, 5]], SQUARE, 'inside', 1);
    expect(pieces).toEqual([[[-1, 5], [11, 5]]]);
  });

  it('keeps inside vertices of a polyline', () => {
    const pieces = clipLine([[-5, 5], [5, 6], [15, 5]], SQUARE, 'inside');
    expect(pieces).toHaveLength(1);
    expect(pieces[0][1]).toEqual([5, 6]);
    expect(pieces[0][0][0]).toBeCloseTo(0, 12);
    expect(pieces[0][2][0]).toBeCloseTo(10, 12);
  });

  it('gives one piece per arm of a concave polygon, and the rest outside', () => {
    const inside = clipLine([[-5, 20], [35, 20]], U_SHAPE, 'inside');
    expect(inside.map((piece) => [piece[0][0], piece[piece.length - 1][0]])).toEqual([[0, 10], [20, 30]]);
    const outside = clipLine([[-5, 20], [35, 20]], U_SHAPE, 'outside');
    expect(outside.map((piece) => [piece[0][0], piece[piece.length - 1][0]])).toEqual([[-5, 0], [10, 20], [30, 35]]);
  });

  it('returns the whole line when it misses the polygon and is kept outside', () => {
    expect(clipLine([[50, 50], [60, 60]], SQUARE, 'outside')).toEqual([[[50, 50], [60, 60]]]);
    expect(clipLine([[50, 50], [60, 60]], SQUARE, 'inside')).toEqual([]);
  });
});
