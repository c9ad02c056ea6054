// Flat typed-array layout of the grids' rings and the exact closed point-in-polygon test on it.
import { orient2d } from 'robust-predicates';
import type { PolygonCoords } from './types.ts';

/**
 * Every ring of every grid in one pair of coordinate arrays. Ring r spans vertices
 * ringStart[r] .. ringStart[r + 1] - 1 and repeats its first vertex at the end, so edge e joins
 * vertex e and e + 1 whenever edgeGrid[e] >= 0 (edgeGrid is -1 on each ring's closing vertex).
 */
export interface FlatRings {
  gridCount: number;
  xs: Float64Array;
  ys: Float64Array;
  ringStart: Int32Array;
  /** Grid g owns rings gridRingStart[g] .. gridRingStart[g + 1] - 1. */
  gridRingStart: Int32Array;
  edgeGrid: Int32Array;
  /** Union bounding box of all kept vertices; minX is Infinity when nothing was kept. */
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/**
 * Copies the polygons into flat arrays. Non-finite vertices and repeated consecutive vertices are
 * dropped (zero-length edges add nothing to a containment test); rings left with fewer than three
 * vertices are dropped, and a polygon whose exterior ring is dropped keeps no ring at all.
 */
export function flattenRings(polygons: PolygonCoords[]): FlatRings {
  const kept: number[][][] = polygons.map((polygon) => {
    const rings: number[][] = [];
    for (let ringIndex = 0; ringIndex < (polygon?.length ?? 0); ringIndex++) {
      const ring = cleanRing(polygon[ringIndex]);
      if (ring.length >= 6) rings.push(ring);
      else if (ringIndex === 0) break;
    }
    return rings;
  });
  let vertexCount = 0, ringCount = 0;
  for (const rings of kept) for (const ring of rings) { vertexCount += ring.length / 2 + 1; ringCount++; }

  const xs = new Float64Array(vertexCount), ys = new Float64Array(vertexCount);
  const edgeGrid = new Int32Array(vertexCount);
  const ringStart = new Int32Array(ringCount + 1);
  const gridRingStart = new Int32Array(polygons.length + 1);
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  let vertex = 0, ringId = 0;
  for (let grid = 0; grid < kept.length; grid++) {
    gridRingStart[grid] = ringId;
    for (const ring of kept[grid]) {
      ringStart[ringId++] = vertex;
      for (let i = 0; i <= ring.length; i += 2) {
        const x = ring[i % ring.length], y = ring[(i + 1) % ring.length];
        xs[vertex] = x;
        ys[vertex] = y;
        edgeGrid[vertex++] = i < ring.length ? grid : -1;
        if (x < minX) minX = x;
        if (y < minY) minY = y;
        if (x > maxX) maxX = x;
        if (y > maxY) maxY = y;
      }
    }
  }
  gridRingStart[polygons.length] = ringId;
  ringStart[ringCount] = vertex;
  return { gridCount: polygons.length, xs, ys, ringStart, gridRingStart, edgeGrid, minX, minY, maxX, maxY };
}

/** Ring vertices as x0,y0,x1,y1,... without the closing repeat, duplicates and non-finite values. */
function cleanRing(ring: ReadonlyArray<ReadonlyArray<number>> | undefined): number[] {
  const out: number[] = [];
  if (!ring) return out;
  for (const position of ring) {
    const x = position?.[0], y = position?.[1];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    const n = out.length;
    if (n > 0 && out[n - 2] === x && out[n - 1] === y) continue;
    out.push(x, y);
  }
  while (out.length >= 4 && out[0] === out[out.length - 2] && out[1] === out[out.length - 1]) out.length -= 2;
  return out;
}

/**
 * Exact test: does the CLOSED polygon of `grid` contain (x, y)? Even-odd ray casting to +x with the
 * half-open rule on vertices; every side decision uses the robust orientation predicate, so points
 * on an edge or vertex are detected exactly and count as inside.
 */
export function containsClosed(rings: FlatRings, grid: number, x: number, y: number): boolean {
  const { xs, ys, ringStart, gridRingStart } = rings;
  let inside = false;
  for (let ring = gridRingStart[grid], ringEnd = gridRingStart[grid + 1]; ring < ringEnd; ring++) {
    for (let i = ringStart[ring], last = ringStart[ring + 1] - 1; i < last; i++) {
      const ay = ys[i], by = ys[i + 1];
      if ((ay > y && by > y) || (ay < y && by < y)) continue;
      const ax = xs[i], bx = xs[i + 1];
      if (ax < x && bx < x) continue; // wholly left: neither crossed by the +x ray nor touched
      const side = orient2d(ax, ay, bx, by, x, y);
      if (side === 0) {
        if ((ax <= x || bx <= x) && (ax >= x || bx >= x)) return true;
        continue;
      }
      // Edge crosses the line y (half-open) and passes right of the point.
      if (ay > y !== by > y && (by > ay ? side < 0 : side > 0)) inside = !inside;
    }
  }
  return inside;
}

/**
 * Where segment p→q meets edge a→b: 0 no crossing, 1 a proper crossing (one interior point of
 * both), 2 a touching or collinear configuration that needs an exact test instead.
 */
export function segmentCrossing(
  ax: number, ay: number, bx: number, by: number,
  px: number, py: number, qx: number, qy: number,
): 0 | 1 | 2 {
  const sideP = orient2d(ax, ay, bx, by, px, py);
  const sideQ = orient2d(ax, ay, bx, by, qx, qy);
  if (sideP === 0 || sideQ === 0) return 2;
  if (sideP > 0 === sideQ > 0) return 0;
  const sideA = orient2d(px, py, qx, qy, ax, ay);
  const sideB = orient2d(px, py, qx, qy, bx, by);
  if (sideA === 0 || sideB === 0) return 2;
  return sideA > 0 === sideB > 0 ? 0 : 1;
}
