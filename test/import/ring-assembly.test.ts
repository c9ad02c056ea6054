import { describe, expect, it } from 'vitest';
import { assembleRings, closeGaps, nestRings, type RingPiece } from '../../server/import/ring-assembly.ts';
import { interiorPoint } from '../../server/geo/interior-point.ts';
import { pointInPolygon, signedArea } from '../../server/geo/ring.ts';
import type { Position } from '../../server/geo/types.ts';

// Node ids double as positions on a small integer grid: id = x * 10 + y.
const at = (id: number): Position => [Math.floor(id / 10), id % 10];
const piece = (...ids: number[]): RingPiece => ({ nodeIds: ids, coordinates: ids.map(at) });

describe('assembleRings', () => {
  it('joins ways end to end, reversing those that point the wrong way', () => {
    const { rings, unclosed } = assembleRings([piece(0, 20), piece(22, 20), piece(22, 2), piece(0, 2)]);
    expect(unclosed).toEqual([]);
    expect(rings).toHaveLength(1);
    expect(rings[0]).toHaveLength(5);
    expect(Math.abs(signedArea(rings[0]))).toBe(4);
  });

  it('splits rings that touch at one node', () => {
    // Two squares sharing node 11, walked as one figure of eight.
    const { rings, unclosed } = assembleRings([piece(0, 10, 11), piece(11, 1, 0), piece(11, 21, 22), piece(22, 12, 11)]);
    expect(unclosed).toEqual([]);
    expect(rings.map((ring) => Math.abs(signedArea(ring))).sort()).toEqual([1, 1]);
  });

  it('reports a chain that cannot close as one chain with both loose ends', () => {
    const { rings, unclosed } = assembleRings([piece(10, 20), piece(0, 10), piece(20, 22)]);
    expect(rings).toEqual([]);
    expect(unclosed).toHaveLength(1);
    expect([unclosed[0].nodeIds[0], unclosed[0].nodeIds.at(-1)].sort()).toEqual([0, 22]);
  });
});

describe('closeGaps', () => {
  const lon = 0.001; // about 111 m at the equator
  it('bridges a small gap and reports its length', () => {
    const chain: Position[] = [[0, 0], [10 * lon, 0], [10 * lon, 10 * lon], [0, 10 * lon], [0, lon]];
    const result = closeGaps([chain], 200);
    expect(result.rings).toHaveLength(1);
    expect(result.bridgedGapsM).toHaveLength(1);
    expect(result.bridgedGapsM[0]).toBeCloseTo(111.2, 0);
    expect(closeGaps([chain], 100).unclosed).toHaveLength(1);
  });

  it('refuses to close a fragment whose bridge would be a large share of the ring', () => {
    const fragment: Position[] = [[0, 0], [lon, 0], [lon, lon]];
    expect(closeGaps([fragment], 1000).rings).toEqual([]);
  });
});

describe('nestRings', () => {
  it('makes holes of rings inside rings, and islands inside holes separate polygons, RFC 7946 wound', () => {
    const square = (x: number, y: number, size: number): Position[] => [
      [x, y], [x, y + size], [x + size, y + size], [x + size, y], [x, y],
    ];
    const polygons = nestRings([square(2, 2, 2), square(0, 0, 6), square(2.5, 2.5, 1)]);
    expect(polygons).toHaveLength(2);
    const [outer, island] = polygons;
    expect(outer).toHaveLength(2);
    expect(signedArea(outer[0])).toBe(36);
    expect(signedArea(outer[1])).toBe(-4);
    expect(island).toHaveLength(1);
    expect(signedArea(island[0])).toBe(1);
  });
});

describe('interiorPoint', () => {
  it('lies inside a C-shaped polygon whose centroid does not', () => {
    const shape: Position[] = [[0, 0], [3, 0], [3, 1], [1, 1], [1, 2], [3, 2], [3, 3], [0, 3], [0, 0]];
    const [x, y] = interiorPoint([shape])!;
    expect(pointInPolygon(x, y, [shape])).toBe(true);
  });

  it('avoids a hole', () => {
    const outer: Position[] = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]];
    const hole: Position[] = [[1, 1], [1, 3], [3, 3], [3, 1], [1, 1]];
    const [x, y] = interiorPoint([outer, hole])!;
    expect(pointInPolygon(x, y, [outer, hole])).toBe(true);
  });
});
