import { describe, expect, it } from 'vitest';
import { shareByWeight, splitPolygon } from '../../server/geo/split-block.ts';
import { buildVertexIndex, insertEdgePoints, insertSharedVertices } from '../../server/geo/split-topology.ts';
import { mergeAll } from '../../server/geo/merge.ts';
import { polygonAreaM2, signedArea } from '../../server/geo/ring.ts';
import { tilesExactly } from '../../server/geo/coverage-edges.ts';
import type { PolygonCoords } from '../../server/geo/types.ts';

const square: PolygonCoords = [[[0, 0], [0.01, 0], [0.01, 0.01], [0, 0.01], [0, 0]]];

describe('splitPolygon', () => {
  it('cuts a square in two along a straight line, pieces ordered west to east', () => {
    const result = splitPolygon(square, [[0.004, -0.001], [0.006, 0.011]]);
    expect(result.valid).toBe(true);
    if (!result.valid) return;
    expect(result.pieces).toHaveLength(2);
    const total = result.pieces.reduce((sum, piece) => sum + polygonAreaM2(piece), 0);
    expect(total).toBeCloseTo(polygonAreaM2(square), 0);
    for (const piece of result.pieces) expect(signedArea(piece[0])).toBeGreaterThan(0);
    // West piece first.
    expect(Math.min(...result.pieces[0][0].map((p) => p[0]))).toBe(0);
    expect(result.borderInsertions).toHaveLength(2);
    // The pieces tile the square exactly once the cut points are on its border.
    const border = insertEdgePoints(square, result.borderInsertions)!;
    expect(tilesExactly(result.pieces, [border])).toBe(true);
    expect(mergeAll(result.pieces)).toHaveLength(1);
  });

  it('cuts along a bent line into three pieces when it crosses twice', () => {
    const result = splitPolygon(square, [[-0.001, 0.003], [0.012, 0.003], [0.012, 0.007], [-0.001, 0.007]]);
    expect(result.valid && result.pieces.length).toBe(3);
  });

  it('ignores a dangling end and keeps the crossing part', () => {
    const result = splitPolygon(square, [[-0.001, 0.005], [0.005, 0.005], [0.005, 0.002]]);
    expect(result.valid).toBe(false);
    const crossing = splitPolygon(square, [[-0.001, 0.005], [0.011, 0.005], [0.005, 0.002]]);
    expect(crossing.valid && crossing.pieces.length).toBe(2);
  });

  it('refuses a line that does not cross the block', () => {
    const inside = splitPolygon(square, [[0.002, 0.002], [0.008, 0.008]]);
    expect(inside).toEqual({ valid: false, reason: 'the line does not cross the block from border to border' });
    const outside = splitPolygon(square, [[0.02, 0.02], [0.03, 0.03]]);
    expect(outside.valid).toBe(false);
    const alongBorder = splitPolygon(square, [[-0.001, 0], [0.011, 0]]);
    expect(alongBorder.valid).toBe(false);
    expect(splitPolygon(square, [[0, 0]]).valid).toBe(false);
  });

  it('cuts through existing vertices without adding any', () => {
    const result = splitPolygon(square, [[-0.001, -0.001], [0.011, 0.011]]);
    expect(result.valid && result.pieces.length).toBe(2);
    if (result.valid) expect(result.borderInsertions).toEqual([]);
  });

  it('keeps a hole in the piece that surrounds it', () => {
    const holed: PolygonCoords = [square[0], [[0.001, 0.001], [0.001, 0.003], [0.003, 0.003], [0.003, 0.001], [0.001, 0.001]]];
    const result = splitPolygon(holed, [[0.006, -0.001], [0.006, 0.011]]);
    expect(result.valid).toBe(true);
    if (!result.valid) return;
    expect(result.pieces.map((piece) => piece.length)).toEqual([2, 1]);
    const total = result.pieces.reduce((sum, piece) => sum + polygonAreaM2(piece), 0);
    expect(total).toBeCloseTo(polygonAreaM2(holed), 0);
  });
});

describe('shared vertices', () => {
  it('adds a neighbour\'s extra vertices to a restored block', () => {
    const left: PolygonCoords = [[[0, 0], [0.01, 0], [0.01, 0.01], [0, 0.01], [0, 0]]];
    const right: PolygonCoords = [[[0.01, 0], [0.02, 0], [0.02, 0.01], [0.01, 0.01], [0.01, 0.005], [0.01, 0]]];
    const restored = insertSharedVertices(left, buildVertexIndex([right]))!;
    expect(restored[0]).toContainEqual([0.01, 0.005]);
    expect(tilesExactly([restored, right], [[[[0, 0], [0.01, 0], [0.02, 0], [0.02, 0.01], [0.01, 0.01], [0, 0.01], [0, 0]]]])).toBe(true);
  });
});

describe('shareByWeight', () => {
  it('shares a whole number by weight, summing exactly', () => {
    expect(shareByWeight(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(shareByWeight(7, [3, 1])).toEqual([5, 2]);
    expect(shareByWeight(5, [0, 0])).toEqual([5, 0]);
  });
});
