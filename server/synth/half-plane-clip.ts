// Cut a polygon (with holes) by a half-plane, returning every resulting piece as its own polygon.
// Unlike Sutherland–Hodgman this splits a concave polygon into separate parts instead of joining
// them with zero-width bridges, so the output is valid and piece counts are meaningful.
import type { Position, PolygonCoords, Ring } from '../geo/types.ts';
import { pointInRing, signedArea } from '../geo/ring.ts';

/** The closed half-plane a·x + b·y + c ≥ 0. */
export interface HalfPlane {
  a: number;
  b: number;
  c: number;
}

/** Rings with less area than this (in squared coordinate units) are floating-point debris. */
const MINIMUM_RING_AREA = 1e-6;

interface Crossing {
  point: Position;
  /** Position along the cutting line, in the direction that keeps the kept side on the left. */
  along: number;
  chain: number;
}

export function sideOf(plane: HalfPlane, point: Position): number {
  return plane.a * point[0] + plane.b * point[1] + plane.c;
}

/** Crossing point of edge p–q with the line; computed from a canonical endpoint order so both
 * traversal directions of a shared edge give the bit-identical point. */
function crossingPoint(p: Position, q: Position, sideP: number, sideQ: number): Position {
  const swap = p[0] > q[0] || (p[0] === q[0] && p[1] > q[1]);
  const [u, v, su, sv] = swap ? [q, p, sideQ, sideP] : [p, q, sideP, sideQ];
  const t = su / (su - sv);
  return [u[0] + (v[0] - u[0]) * t, u[1] + (v[1] - u[1]) * t];
}

export function clipPolygonByHalfPlane(polygon: PolygonCoords, plane: HalfPlane): PolygonCoords[] {
  const along = (point: Position): number => point[0] * plane.b - point[1] * plane.a;
  const wholeRings: Ring[] = [];
  const chains: Position[][] = [];
  const entries: Crossing[] = [];
  const exits: Crossing[] = [];

  for (const ring of polygon) {
    const count = ring.length - 1;
    if (count < 3) continue;
    const sides = new Float64Array(count);
    let insideCount = 0;
    for (let i = 0; i < count; i++) {
      sides[i] = sideOf(plane, ring[i]);
      if (sides[i] >= 0) insideCount++;
    }
    if (insideCount === count) { wholeRings.push(ring); continue; }
    if (insideCount === 0) continue;
    // Start the walk just after an entry so every chain is contiguous.
    let start = 0;
    while (!(sides[(start + count - 1) % count] < 0 && sides[start] >= 0)) start++;
    let current: Position[] | null = null;
    for (let step = 0; step < count; step++) {
      const i = (start + step) % count, j = (i + 1) % count;
      const previous = (i + count - 1) % count;
      if (sides[i] >= 0) {
        if (sides[previous] < 0) {
          const point = crossingPoint(ring[previous], ring[i], sides[previous], sides[i]);
          current = [point];
          entries.push({ point, along: along(point), chain: chains.length });
        }
        current!.push(ring[i]);
        if (sides[j] < 0) {
          const point = crossingPoint(ring[i], ring[j], sides[i], sides[j]);
          current!.push(point);
          exits.push({ point, along: along(point), chain: chains.length });
          chains.push(current!);
          current = null;
        }
      }
    }
  }

  const outers: Ring[] = [];
  const holes: Ring[] = [];
  for (const ring of wholeRings) (signedArea(ring) > 0 ? outers : holes).push(ring);

  if (chains.length > 0) {
    // Along the cutting line, each exit is joined to the next entry in the line's direction.
    entries.sort((x, y) => x.along - y.along);
    const usedEntry = new Uint8Array(entries.length);
    const nextChain = new Int32Array(chains.length).fill(-1);
    for (const exit of exits) {
      let best = -1;
      for (let k = 0; k < entries.length; k++) {
        if (usedEntry[k] || entries[k].along < exit.along) continue;
        best = k;
        break;
      }
      if (best < 0) for (let k = 0; k < entries.length; k++) if (!usedEntry[k]) { best = k; break; }
      usedEntry[best] = 1;
      nextChain[exit.chain] = entries[best].chain;
    }
    const visited = new Uint8Array(chains.length);
    for (let first = 0; first < chains.length; first++) {
      if (visited[first]) continue;
      const ring: Position[] = [];
      let chain = first;
      while (chain >= 0 && !visited[chain]) {
        visited[chain] = 1;
        for (const point of chains[chain]) {
          const last = ring[ring.length - 1];
          if (!last || last[0] !== point[0] || last[1] !== point[1]) ring.push(point);
        }
        chain = nextChain[chain];
      }
      if (ring.length < 3) continue;
      ring.push(ring[0]);
      const area = signedArea(ring);
      if (Math.abs(area) < MINIMUM_RING_AREA) continue;
      (area > 0 ? outers : holes).push(ring);
    }
  }

  const pieces: PolygonCoords[] = outers.map((outer) => [outer]);
  for (const hole of holes) {
    const owner = pieces.find((piece) => pointInRing(hole[0][0], hole[0][1], piece[0]));
    if (owner) owner.push(hole);
  }
  return pieces;
}

/** Intersection of a polygon with the intersection of several half-planes (a convex region). */
export function clipPolygonByHalfPlanes(polygon: PolygonCoords, planes: readonly HalfPlane[]): PolygonCoords[] {
  let pieces: PolygonCoords[] = [polygon];
  for (const plane of planes) {
    const next: PolygonCoords[] = [];
    for (const piece of pieces) next.push(...clipPolygonByHalfPlane(piece, plane));
    pieces = next;
    if (pieces.length === 0) break;
  }
  return pieces;
}
