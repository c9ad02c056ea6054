// Boundary tracing of unions of faces ("regions") over a half-edge structure. Used for single faces and
// for merged blocks alike, so every output ring is built from the graph's own vertices and neighbouring
// polygons share bit-identical coordinates along their common edges.
import { orient2d } from 'robust-predicates';
import type { PolygonCoords, Position, Ring } from './types.ts';

/** Half-edge h belongs to edge h >> 1; even h runs a→b, odd h runs b→a. */
export interface HalfEdgeStructure {
  /** Degree coordinates, interleaved. */
  vertices: Float64Array;
  /** Coordinates used for exact predicates (grid integers when available), interleaved. */
  predicateVertices: Float64Array;
  /** Interleaved edge endpoints; edges[h] is therefore the origin vertex of half-edge h. */
  edges: Uint32Array;
  /** Next half-edge along the same face walk (face on the left); -1 for removed edges. */
  next: Int32Array;
  /** Bounded face on the left of each half-edge; -1 for the unbounded side and removed edges. */
  faceOf: Int32Array;
  faceCount: number;
}

/** Signed area of a closed vertex loop (positive counter-clockwise), relative to its first vertex to avoid cancellation. */
export function loopSignedArea(coordinates: Float64Array, loop: ArrayLike<number>): number {
  const n = loop.length;
  if (n < 3) return 0;
  const ox = coordinates[2 * loop[0]], oy = coordinates[2 * loop[0] + 1];
  let sum = 0;
  for (let i = 1; i < n - 1; i++) {
    const p = loop[i], q = loop[i + 1];
    sum += (coordinates[2 * p] - ox) * (coordinates[2 * q + 1] - oy) - (coordinates[2 * q] - ox) * (coordinates[2 * p + 1] - oy);
  }
  return sum / 2;
}

/** Even-odd test of a point against closed vertex loops, with exact side tests. Points on an edge count as outside. */
export function pointInLoops(coordinates: Float64Array, loops: ArrayLike<number>[], px: number, py: number): boolean {
  let inside = false;
  for (const loop of loops) {
    const n = loop.length;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const xi = coordinates[2 * loop[i]], yi = coordinates[2 * loop[i] + 1];
      const xj = coordinates[2 * loop[j]], yj = coordinates[2 * loop[j] + 1];
      if (yi > py === yj > py) continue;
      // Upward edge: crossing to the right of p when p is left of it; downward edge: the opposite.
      const side = -orient2d(xj, yj, xi, yi, px, py);
      if (side === 0) return false;
      if (yi > yj ? side > 0 : side < 0) inside = !inside;
    }
  }
  return inside;
}

/** Split a closed walk that may visit a vertex twice (pinch points) into simple loops. */
export function splitAtRepeatedVertices(walk: number[], seen: Int32Array): number[][] {
  const loops: number[][] = [];
  const stack: number[] = [];
  for (const v of walk) {
    const at = seen[v];
    if (at > 0) {
      const loop = stack.splice(at);
      loop.unshift(v);
      for (const u of loop) seen[u] = 0;
      seen[v] = at;
      if (loop.length >= 3) loops.push(loop);
    } else {
      stack.push(v);
      seen[v] = stack.length;
    }
  }
  for (const u of stack) seen[u] = 0;
  if (stack.length >= 3) loops.push(stack);
  return loops;
}

function loopToRing(vertices: Float64Array, loop: number[]): Ring {
  // Start at the lowest vertex id so the output does not depend on where tracing began.
  let start = 0;
  for (let i = 1; i < loop.length; i++) if (loop[i] < loop[start]) start = i;
  const ring: Position[] = [];
  for (let i = 0; i <= loop.length; i++) {
    const v = loop[(start + i) % loop.length];
    ring.push([vertices[2 * v], vertices[2 * v + 1]]);
  }
  return ring;
}

/**
 * Trace the outline of every region, a region being a set of faces (regionOfFace[f], -1 for none).
 * Each region yields its polygons (one for an edge-connected region), exterior CCW and holes CW.
 */
export function traceRegions(structure: HalfEdgeStructure, regionOfFace: Int32Array, regionCount: number): PolygonCoords[][] {
  const { next, faceOf, edges } = structure;
  const halfEdgeCount = next.length;
  const regionOf = (h: number): number => (faceOf[h] < 0 ? -1 : regionOfFace[faceOf[h]]);
  const loopsOfRegion: number[][][] = Array.from({ length: regionCount }, () => []);
  const visited = new Uint8Array(halfEdgeCount);
  const seen = new Int32Array(structure.vertices.length / 2);
  for (let h = 0; h < halfEdgeCount; h++) {
    if (next[h] < 0 || visited[h]) continue;
    const region = regionOf(h);
    if (region < 0 || regionOf(h ^ 1) === region) continue;
    const walk: number[] = [];
    let current = h;
    do {
      visited[current] = 1;
      walk.push(edges[current]);
      // Rotate around the end vertex through the region's inner edges to the next boundary half-edge.
      let candidate = next[current];
      while (regionOf(candidate ^ 1) === region) candidate = next[candidate ^ 1];
      current = candidate;
    } while (current !== h);
    for (const loop of splitAtRepeatedVertices(walk, seen)) loopsOfRegion[region].push(loop);
  }
  return loopsOfRegion.map((loops) => assembleRegion(structure, loops));
}

function assembleRegion(structure: HalfEdgeStructure, loops: number[][]): PolygonCoords[] {
  const shells: { loop: number[]; area: number }[] = [];
  const holes: number[][] = [];
  for (const loop of loops) {
    const area = loopSignedArea(structure.predicateVertices, loop);
    if (area > 0) shells.push({ loop, area });
    else if (area < 0) holes.push(loop);
  }
  const holesOfShell: number[][][] = shells.map(() => []);
  for (const hole of holes) {
    let best = -1;
    if (shells.length === 1) best = 0;
    else {
      // The midpoint of a hole edge is never on another loop of a planar graph, unlike a hole vertex.
      const p = structure.predicateVertices;
      const mx = (p[2 * hole[0]] + p[2 * hole[1]]) / 2, my = (p[2 * hole[0] + 1] + p[2 * hole[1] + 1]) / 2;
      for (let s = 0; s < shells.length; s++) {
        if ((best < 0 || shells[s].area < shells[best].area) && pointInLoops(p, [shells[s].loop], mx, my)) best = s;
      }
    }
    if (best >= 0) holesOfShell[best].push(hole);
  }
  const polygons = shells.map((shell, s) => ({
    first: smallest(shell.loop),
    rings: [shell.loop, ...holesOfShell[s].sort((a, b) => smallest(a) - smallest(b))],
  }));
  polygons.sort((a, b) => a.first - b.first);
  return polygons.map((polygon) => polygon.rings.map((loop) => loopToRing(structure.vertices, loop)));
}

function smallest(values: number[]): number {
  let result = Infinity;
  for (const value of values) if (value < result) result = value;
  return result;
}
