// Face extraction from a planar graph: drop dangles and cut edges, sort half-edges by angle around each
// vertex, trace faces, and attach components that float inside a face of another component as holes.
import Flatbush from 'flatbush';
import { orient2d } from 'robust-predicates';
import type { PolygonCoords, Position } from './types.ts';
import { distanceM } from './ring.ts';
import { nodeLines, type NodedGraph, type NodingOptions } from './noding.ts';
import { loopSignedArea, pointInLoops, traceRegions, type HalfEdgeStructure } from './region-trace.ts';

export interface FaceAdjacency {
  /** Face indices, a < b. */
  a: number;
  b: number;
  sharedLengthM: number;
}

export interface PolygonizeResult {
  /** Bounded faces, RFC 7946 winding, coordinates taken verbatim from the graph's vertices. */
  faces: PolygonCoords[];
  /** Pairs of faces sharing at least one edge, sorted by (a, b). */
  adjacency: FaceAdjacency[];
  graph: NodedGraph;
  /** Half-edge view of the faces, for tracing unions of faces later. */
  structure: HalfEdgeStructure;
  stats: { vertices: number; edges: number; danglesRemoved: number; cutEdgesRemoved: number; holesAttached: number };
}

function isNodedGraph(input: NodedGraph | Position[][]): input is NodedGraph {
  return !Array.isArray(input);
}

export function polygonize(input: NodedGraph | Position[][], options: NodingOptions = {}): PolygonizeResult {
  const graph = isNodedGraph(input) ? input : nodeLines(input, options);
  const { edges } = graph;
  const vertexCount = graph.vertices.length / 2, edgeCount = edges.length / 2;
  // Lines given directly in degrees carry no grid copy; their degree coordinates serve for predicates.
  const predicate = graph.gridVertices && graph.gridVertices.length === graph.vertices.length ? graph.gridVertices : graph.vertices;
  const alive = new Uint8Array(edgeCount).fill(1);
  const rotation = sortedRotation(predicate, edges, vertexCount);

  let danglesRemoved = removeDangles(edges, alive, rotation, vertexCount);
  let cutEdgesRemoved = 0;
  let next: Int32Array, walks: Walks;
  for (;;) {
    next = nextHalfEdges(edges, alive, rotation);
    walks = traceWalks(next);
    let cut = 0;
    for (let e = 0; e < edgeCount; e++) {
      // Same walk on both sides: a bridge or a leftover spur that bounds nothing.
      if (alive[e] && walks.walkOf[2 * e] === walks.walkOf[2 * e + 1]) {
        alive[e] = 0;
        cut++;
      }
    }
    if (cut === 0) break;
    cutEdgesRemoved += cut;
    danglesRemoved += removeDangles(edges, alive, rotation, vertexCount);
  }

  const walkCount = walks.offsets.length - 1;
  const walkVertices = (w: number): Int32Array => walks.halfEdges.subarray(walks.offsets[w], walks.offsets[w + 1]).map((h) => edges[h]);
  const faceOfWalk = new Int32Array(walkCount).fill(-1);
  const faceWalks: number[] = [];
  const faceArea: number[] = [];
  const outerWalks: number[] = [];
  for (let w = 0; w < walkCount; w++) {
    const area = loopSignedArea(predicate, walkVertices(w));
    if (area > 0) {
      faceOfWalk[w] = faceWalks.length;
      faceWalks.push(w);
      faceArea.push(area);
    } else outerWalks.push(w);
  }
  const faceCount = faceWalks.length;
  const faceOf = new Int32Array(2 * edgeCount).fill(-1);
  for (let w = 0; w < walkCount; w++) {
    for (let k = walks.offsets[w]; k < walks.offsets[w + 1]; k++) faceOf[walks.halfEdges[k]] = faceOfWalk[w];
  }

  const holesAttached = outerWalks.length > 1
    ? attachFloatingComponents({ predicate, edges, alive, walks, walkVertices, faceWalks, faceArea, outerWalks, faceOf, vertexCount })
    : 0;

  const structure: HalfEdgeStructure = { vertices: graph.vertices, predicateVertices: predicate, edges, next, faceOf, faceCount };
  const identity = new Int32Array(faceCount);
  for (let f = 0; f < faceCount; f++) identity[f] = f;
  const faces = traceRegions(structure, identity, faceCount).map((polygons) => polygons[0]);
  return {
    faces,
    adjacency: faceAdjacency(structure, alive),
    graph,
    structure,
    stats: { vertices: vertexCount, edges: edgeCount, danglesRemoved, cutEdgesRemoved, holesAttached },
  };
}

/** Shared boundary length in metres for every pair of faces that meet along an edge. */
export function faceAdjacency(structure: HalfEdgeStructure, alive?: Uint8Array): FaceAdjacency[] {
  const { edges, faceOf, faceCount, vertices } = structure;
  const lengths = new Map<number, number>();
  for (let e = 0; e < edges.length / 2; e++) {
    if (alive && !alive[e]) continue;
    const f = faceOf[2 * e], g = faceOf[2 * e + 1];
    if (f < 0 || g < 0 || f === g) continue;
    const key = f < g ? f * faceCount + g : g * faceCount + f;
    const a = edges[2 * e], b = edges[2 * e + 1];
    const length = distanceM([vertices[2 * a], vertices[2 * a + 1]], [vertices[2 * b], vertices[2 * b + 1]]);
    lengths.set(key, (lengths.get(key) ?? 0) + length);
  }
  return [...lengths.keys()].sort((x, y) => x - y).map((key) => {
    const a = Math.floor(key / faceCount);
    return { a, b: key - a * faceCount, sharedLengthM: lengths.get(key)! };
  });
}

interface Rotation {
  /** Outgoing half-edges of vertex v, counter-clockwise by angle: halfEdges[offsets[v] .. offsets[v+1]). */
  offsets: Int32Array;
  halfEdges: Int32Array;
  /** Position of each half-edge inside halfEdges. */
  position: Int32Array;
}

function sortedRotation(coordinates: Float64Array, edges: Uint32Array, vertexCount: number): Rotation {
  const offsets = new Int32Array(vertexCount + 1);
  for (let h = 0; h < edges.length; h++) offsets[edges[h] + 1]++;
  for (let v = 0; v < vertexCount; v++) offsets[v + 1] += offsets[v];
  const fill = offsets.slice(0, vertexCount);
  const halfEdges = new Int32Array(edges.length);
  for (let h = 0; h < edges.length; h++) halfEdges[fill[edges[h]]++] = h;
  const position = new Int32Array(edges.length);
  let ox = 0, oy = 0;
  // Direction angle in [0, π): above the origin vertex, or level with it and to the east.
  const upper = (h: number): boolean => {
    const dy = coordinates[2 * edges[h ^ 1] + 1] - oy;
    return dy > 0 || (dy === 0 && coordinates[2 * edges[h ^ 1]] - ox > 0);
  };
  for (let v = 0; v < vertexCount; v++) {
    const start = offsets[v], end = offsets[v + 1];
    ox = coordinates[2 * v];
    oy = coordinates[2 * v + 1];
    // Insertion sort: degrees are small, and the comparison is exact (half-plane, then orientation).
    for (let i = start + 1; i < end; i++) {
      const h = halfEdges[i];
      const hUpper = upper(h);
      const hx = coordinates[2 * edges[h ^ 1]], hy = coordinates[2 * edges[h ^ 1] + 1];
      let j = i - 1;
      while (j >= start) {
        const g = halfEdges[j];
        const gUpper = upper(g);
        const gBeforeH = gUpper !== hUpper ? gUpper : -orient2d(ox, oy, coordinates[2 * edges[g ^ 1]], coordinates[2 * edges[g ^ 1] + 1], hx, hy) > 0;
        if (gBeforeH) break;
        halfEdges[j + 1] = g;
        j--;
      }
      halfEdges[j + 1] = h;
    }
    for (let i = start; i < end; i++) position[halfEdges[i]] = i;
  }
  return { offsets, halfEdges, position };
}

/** Remove dead-end edges repeatedly; returns how many were removed. */
function removeDangles(edges: Uint32Array, alive: Uint8Array, rotation: Rotation, vertexCount: number): number {
  const degree = new Int32Array(vertexCount);
  for (let e = 0; e < alive.length; e++) {
    if (!alive[e]) continue;
    degree[edges[2 * e]]++;
    degree[edges[2 * e + 1]]++;
  }
  const queue: number[] = [];
  for (let v = 0; v < vertexCount; v++) if (degree[v] === 1) queue.push(v);
  let removed = 0;
  while (queue.length > 0) {
    const v = queue.pop()!;
    if (degree[v] !== 1) continue;
    for (let i = rotation.offsets[v]; i < rotation.offsets[v + 1]; i++) {
      const h = rotation.halfEdges[i];
      if (!alive[h >> 1]) continue;
      alive[h >> 1] = 0;
      removed++;
      degree[v] = 0;
      const other = edges[h ^ 1];
      if (--degree[other] === 1) queue.push(other);
      break;
    }
  }
  return removed;
}

/** next(h) = the half-edge leaving h's end vertex just clockwise of h's twin, so the face stays on the left. */
function nextHalfEdges(edges: Uint32Array, alive: Uint8Array, rotation: Rotation): Int32Array {
  const next = new Int32Array(edges.length).fill(-1);
  const { offsets, halfEdges, position } = rotation;
  for (let h = 0; h < edges.length; h++) {
    if (!alive[h >> 1]) continue;
    const twin = h ^ 1, v = edges[twin];
    const start = offsets[v], end = offsets[v + 1];
    let i = position[twin];
    do {
      i = i === start ? end - 1 : i - 1;
    } while (!alive[halfEdges[i] >> 1]);
    next[h] = halfEdges[i];
  }
  return next;
}

interface Walks {
  /** Half-edges in traversal order, walk after walk. */
  halfEdges: Int32Array;
  offsets: number[];
  walkOf: Int32Array;
}

function traceWalks(next: Int32Array): Walks {
  const walkOf = new Int32Array(next.length).fill(-1);
  const halfEdges = new Int32Array(next.length);
  const offsets = [0];
  let count = 0;
  for (let h = 0; h < next.length; h++) {
    if (next[h] < 0 || walkOf[h] >= 0) continue;
    const walk = offsets.length - 1;
    let current = h;
    do {
      walkOf[current] = walk;
      halfEdges[count++] = current;
      current = next[current];
    } while (current !== h);
    offsets.push(count);
  }
  return { halfEdges: halfEdges.subarray(0, count), offsets, walkOf };
}

interface FloatingInput {
  predicate: Float64Array;
  edges: Uint32Array;
  alive: Uint8Array;
  walks: Walks;
  walkVertices: (walk: number) => Int32Array;
  faceWalks: number[];
  faceArea: number[];
  outerWalks: number[];
  faceOf: Int32Array;
  vertexCount: number;
}

/** Give each component's outer walk to the smallest face of another component containing it; returns the count. */
function attachFloatingComponents(input: FloatingInput): number {
  const { predicate, edges, alive, walks, walkVertices, faceWalks, faceArea, outerWalks, faceOf } = input;
  const parent = new Int32Array(input.vertexCount);
  for (let v = 0; v < parent.length; v++) parent[v] = v;
  const find = (v: number): number => {
    while (parent[v] !== v) v = parent[v] = parent[parent[v]];
    return v;
  };
  for (let e = 0; e < alive.length; e++) {
    if (!alive[e]) continue;
    const a = find(edges[2 * e]), b = find(edges[2 * e + 1]);
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  }
  const componentOfWalk = (w: number): number => find(edges[walks.halfEdges[walks.offsets[w]]]);
  const index = new Flatbush(Math.max(faceWalks.length, 1));
  const faceLoops: Int32Array[] = [];
  for (const w of faceWalks) {
    const loop = walkVertices(w);
    faceLoops.push(loop);
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (const v of loop) {
      minX = Math.min(minX, predicate[2 * v]);
      maxX = Math.max(maxX, predicate[2 * v]);
      minY = Math.min(minY, predicate[2 * v + 1]);
      maxY = Math.max(maxY, predicate[2 * v + 1]);
    }
    index.add(minX, minY, maxX, maxY);
  }
  if (faceWalks.length === 0) index.add(0, 0, 0, 0);
  index.finish();
  let attached = 0;
  for (const w of outerWalks) {
    const component = componentOfWalk(w);
    const v = edges[walks.halfEdges[walks.offsets[w]]];
    const px = predicate[2 * v], py = predicate[2 * v + 1];
    let best = -1;
    for (const f of index.search(px, py, px, py)) {
      if (f >= faceWalks.length || componentOfWalk(faceWalks[f]) === component) continue;
      if (best >= 0 && faceArea[f] >= faceArea[best]) continue;
      if (pointInLoops(predicate, [faceLoops[f]], px, py)) best = f;
    }
    if (best < 0) continue;
    attached++;
    for (let k = walks.offsets[w]; k < walks.offsets[w + 1]; k++) faceOf[walks.halfEdges[k]] = best;
  }
  return attached;
}
