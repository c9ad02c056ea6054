// Noding by iterated snap rounding: every segment endpoint and every crossing becomes a "hot pixel" (a grid
// cell); each segment is rerouted through the centres of all hot pixels it touches. Crossings left by the
// rerouting are searched again until none remain, so the result is a planar graph on the grid.
import Flatbush from 'flatbush';
import { orient2d } from 'robust-predicates';
import type { Position, Validation } from './types.ts';
import { createGridSnapper, uniqueEdges, uniquePoints, DEFAULT_GRID_SIZE } from './grid-snap.ts';

/** A planar graph: no two edges cross or overlap except at shared vertices, no zero-length edges. */
export interface NodedGraph {
  /** Vertex coordinates in degrees, interleaved [x0, y0, x1, y1, ...], exactly on the grid. */
  vertices: Float64Array;
  /** The same vertices as integer grid coordinates (exact for orientation tests). */
  gridVertices: Float64Array;
  /** Undirected edges as vertex index pairs, interleaved [a0, b0, a1, b1, ...], a < b, sorted. */
  edges: Uint32Array;
  gridSize: number;
  /** Number of snap-rounding (rerouting) passes run: 1 unless rerouting itself left crossings. */
  iterations: number;
  /** False only if crossings remained after the iteration limit (never observed; reported for callers). */
  converged: boolean;
}

export interface NodingOptions {
  gridSize?: number;
  maxIterations?: number;
}

interface GridGraph {
  x: Float64Array;
  y: Float64Array;
  edges: Uint32Array;
}

/** Node polylines into a planar graph on a fixed grid (snap rounding). */
export function nodeLines(lines: Position[][], options: NodingOptions = {}): NodedGraph {
  const snapper = createGridSnapper(options.gridSize ?? DEFAULT_GRID_SIZE);
  const maxIterations = options.maxIterations ?? 16;
  let pointCount = 0;
  for (const line of lines) pointCount += line.length;
  const xs = new Float64Array(pointCount), ys = new Float64Array(pointCount);
  const segmentEnds: number[] = [];
  let p = 0;
  for (const line of lines) {
    for (let i = 0; i < line.length; i++, p++) {
      xs[p] = snapper.toGrid(line[i][0]);
      ys[p] = snapper.toGrid(line[i][1]);
      if (!Number.isFinite(xs[p]) || !Number.isFinite(ys[p])) throw new RangeError('non-finite coordinate in line');
      if (i > 0) segmentEnds.push(p - 1, p);
    }
  }
  const points = uniquePoints(xs, ys, pointCount);
  const ends = new Uint32Array(segmentEnds.length);
  for (let i = 0; i < ends.length; i++) ends[i] = points.idOf[segmentEnds[i]];
  let graph: GridGraph = { x: points.x, y: points.y, edges: uniqueEdges(ends, ends.length / 2, points.x.length) };

  let iterations = 0;
  let converged = false;
  for (;;) {
    const scan = scanIntersections(graph);
    // One rerouting pass always runs, so segments passing a vertex within half a cell are nodes there even
    // when nothing crosses.
    if (iterations > 0 && scan.crossingX.length === 0 && scan.contacts === 0) {
      converged = true;
      break;
    }
    if (iterations >= maxIterations) break;
    graph = rerouteThroughHotPixels(graph, scan.crossingX, scan.crossingY);
    iterations++;
  }
  graph = dropUnusedVertices(graph);

  const vertexCount = graph.x.length;
  const vertices = new Float64Array(2 * vertexCount), gridVertices = new Float64Array(2 * vertexCount);
  for (let v = 0; v < vertexCount; v++) {
    gridVertices[2 * v] = graph.x[v];
    gridVertices[2 * v + 1] = graph.y[v];
    vertices[2 * v] = snapper.fromGrid(graph.x[v]);
    vertices[2 * v + 1] = snapper.fromGrid(graph.y[v]);
  }
  return { vertices, gridVertices, edges: graph.edges, gridSize: snapper.gridSize, iterations, converged };
}

/** Check that a graph is planar as promised: no zero-length edge, no crossing, touching or overlap off the shared vertices. */
export function validatePlanarGraph(graph: NodedGraph): Validation {
  const vertexCount = graph.gridVertices.length / 2;
  const x = new Float64Array(vertexCount), y = new Float64Array(vertexCount);
  for (let v = 0; v < vertexCount; v++) {
    x[v] = graph.gridVertices[2 * v];
    y[v] = graph.gridVertices[2 * v + 1];
  }
  const unique = uniquePoints(x, y, vertexCount);
  if (unique.x.length !== vertexCount) return { valid: false, reason: 'duplicate vertices' };
  for (let e = 0; e < graph.edges.length; e += 2) {
    if (graph.edges[e] === graph.edges[e + 1]) return { valid: false, reason: `zero-length edge ${e / 2}` };
    if (graph.edges[e] >= vertexCount || graph.edges[e + 1] >= vertexCount) return { valid: false, reason: `edge ${e / 2} refers to a missing vertex` };
  }
  if (uniqueEdges(graph.edges, graph.edges.length / 2, vertexCount).length !== graph.edges.length) return { valid: false, reason: 'duplicate edges' };
  const scan = scanIntersections({ x, y, edges: graph.edges });
  if (scan.crossingX.length > 0) return { valid: false, reason: `${scan.crossingX.length} edge crossings` };
  if (scan.contacts > 0) return { valid: false, reason: `${scan.contacts} vertices touching or overlapping other edges` };
  return { valid: true };
}

interface IntersectionScan {
  /** Rounded grid coordinates of proper crossings. */
  crossingX: number[];
  crossingY: number[];
  /** Count of vertex-on-edge contacts and collinear overlaps (their vertices are already hot pixels). */
  contacts: number;
}

/** Positive when c lies left of the directed line a→b (exact). */
function orientation(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return -orient2d(ax, ay, bx, by, cx, cy);
}

/** True when c lies strictly between a and b, given that the three are collinear. */
function strictlyBetween(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): boolean {
  return ax !== bx ? (cx - ax) * (cx - bx) < 0 : (cy - ay) * (cy - by) < 0;
}

function scanIntersections(graph: GridGraph): IntersectionScan {
  const { x, y, edges } = graph;
  const edgeCount = edges.length / 2;
  const result: IntersectionScan = { crossingX: [], crossingY: [], contacts: 0 };
  if (edgeCount < 2) return result;
  const index = new Flatbush(edgeCount);
  for (let e = 0; e < edgeCount; e++) {
    const a = edges[2 * e], b = edges[2 * e + 1];
    index.add(Math.min(x[a], x[b]), Math.min(y[a], y[b]), Math.max(x[a], x[b]), Math.max(y[a], y[b]));
  }
  index.finish();
  let current = 0, a = 0, b = 0, ax = 0, ay = 0, bx = 0, by = 0;
  // The filter sees every candidate pair once (j > current) and never collects results, so no arrays grow.
  const visit = (j: number): boolean => {
    if (j <= current) return false;
    const c = edges[2 * j], d = edges[2 * j + 1];
    const cx = x[c], cy = y[c], dx = x[d], dy = y[d];
    if (a === c || a === d || b === c || b === d) {
      // Sharing a vertex: only a collinear overlap in the same direction is a problem.
      const shared = a === c || a === d ? a : b;
      const mine = shared === a ? b : a, theirs = shared === c ? d : c;
      const sx = x[shared], sy = y[shared];
      if (orientation(sx, sy, x[mine], y[mine], x[theirs], y[theirs]) === 0 &&
          (x[mine] - sx) * (x[theirs] - sx) + (y[mine] - sy) * (y[theirs] - sy) > 0) result.contacts++;
      return false;
    }
    const o1 = orientation(ax, ay, bx, by, cx, cy), o2 = orientation(ax, ay, bx, by, dx, dy);
    if ((o1 > 0 && o2 > 0) || (o1 < 0 && o2 < 0)) return false;
    const o3 = orientation(cx, cy, dx, dy, ax, ay), o4 = orientation(cx, cy, dx, dy, bx, by);
    if ((o3 > 0 && o4 > 0) || (o3 < 0 && o4 < 0)) return false;
    if (o1 !== 0 && o2 !== 0 && o3 !== 0 && o4 !== 0) {
      const t = o1 / (o1 - o2);
      result.crossingX.push(Math.round(cx + t * (dx - cx)));
      result.crossingY.push(Math.round(cy + t * (dy - cy)));
    } else if (o1 === 0 && o2 === 0) {
      if (strictlyBetween(ax, ay, bx, by, cx, cy) || strictlyBetween(ax, ay, bx, by, dx, dy) ||
          strictlyBetween(cx, cy, dx, dy, ax, ay) || strictlyBetween(cx, cy, dx, dy, bx, by)) result.contacts++;
    } else {
      result.contacts++; // an endpoint of one lies inside the other
    }
    return false;
  };
  for (current = 0; current < edgeCount; current++) {
    a = edges[2 * current];
    b = edges[2 * current + 1];
    ax = x[a]; ay = y[a]; bx = x[b]; by = y[b];
    index.search(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by), visit);
  }
  return result;
}

/** Largest coordinate difference for which the plain double arithmetic below stays exact. */
const EXACT_SPAN = 2 ** 24;

/**
 * Does segment a→b pass through the half-open cell [px-½, px+½) × [py-½, py+½) of grid point p? Half-open
 * cells partition the plane, so a segment through a cell corner visits one cell there, not two: with closed
 * cells two crossing diagonals of a grid square would each be rerouted around the other, forever.
 * p is known to lie within the segment's bounding box ± ½.
 */
function passesThroughCell(ax: number, ay: number, bx: number, by: number, px: number, py: number): boolean {
  const dx = bx - ax, dy = by - ay;
  let cornerSide: number;
  if (Math.abs(dx) <= EXACT_SPAN && Math.abs(dy) <= EXACT_SPAN) {
    const side = dx * (py - ay) - dy * (px - ax);
    const reach = Math.abs(dx) + Math.abs(dy);
    if (2 * Math.abs(side) < reach) return true; // the line crosses the open cell, and the boxes overlap
    if (2 * Math.abs(side) > reach) return false;
    cornerSide = side - 0.5 * dx + 0.5 * dy;
  } else {
    let positive = 0, negative = 0;
    for (const [cx, cy] of [[px - 0.5, py - 0.5], [px + 0.5, py - 0.5], [px + 0.5, py + 0.5], [px - 0.5, py + 0.5]]) {
      const o = orientation(ax, ay, bx, by, cx, cy);
      if (o > 0) positive++;
      else if (o < 0) negative++;
    }
    if (positive > 0 && negative > 0) return true;
    if (positive === 4 || negative === 4) return false;
    cornerSide = orientation(ax, ay, bx, by, px - 0.5, py - 0.5);
  }
  // The line only touches one corner of the cell: it belongs to the cell only if that is the lower-left
  // corner and the segment reaches it.
  const cx = px - 0.5, cy = py - 0.5;
  return cornerSide === 0 && cx > Math.min(ax, bx) && cx < Math.max(ax, bx) && cy > Math.min(ay, by) && cy < Math.max(ay, by);
}

function rerouteThroughHotPixels(graph: GridGraph, crossingX: number[], crossingY: number[]): GridGraph {
  const oldCount = graph.x.length;
  const total = oldCount + crossingX.length;
  const xs = new Float64Array(total), ys = new Float64Array(total);
  xs.set(graph.x);
  ys.set(graph.y);
  for (let i = 0; i < crossingX.length; i++) {
    xs[oldCount + i] = crossingX[i];
    ys[oldCount + i] = crossingY[i];
  }
  const hot = uniquePoints(xs, ys, total);
  const hotCount = hot.x.length;
  if (hotCount === 0) return graph;
  const index = new Flatbush(hotCount);
  for (let i = 0; i < hotCount; i++) index.add(hot.x[i], hot.y[i], hot.x[i], hot.y[i]);
  index.finish();

  const out: number[] = [];
  const hits: number[] = [];
  const projections: number[] = [];
  const order: number[] = [];
  let ax = 0, ay = 0, bx = 0, by = 0, start = 0, end = 0;
  const collect = (i: number): boolean => {
    if (i !== start && i !== end && passesThroughCell(ax, ay, bx, by, hot.x[i], hot.y[i])) hits.push(i);
    return false;
  };
  for (let e = 0; e < graph.edges.length; e += 2) {
    start = hot.idOf[graph.edges[e]];
    end = hot.idOf[graph.edges[e + 1]];
    ax = hot.x[start]; ay = hot.y[start]; bx = hot.x[end]; by = hot.y[end];
    hits.length = 0;
    index.search(Math.min(ax, bx) - 0.5, Math.min(ay, by) - 0.5, Math.max(ax, bx) + 0.5, Math.max(ay, by) + 0.5, collect);
    if (hits.length === 0) {
      out.push(start, end);
      continue;
    }
    // Cells along a segment have strictly increasing centre projections; the tie-breaks only guard determinism.
    const dx = bx - ax, dy = by - ay;
    projections.length = 0;
    order.length = 0;
    for (let k = 0; k < hits.length; k++) {
      projections.push((hot.x[hits[k]] - ax) * dx + (hot.y[hits[k]] - ay) * dy);
      order.push(k);
    }
    order.sort((i, j) => projections[i] - projections[j] || hot.x[hits[i]] - hot.x[hits[j]] || hot.y[hits[i]] - hot.y[hits[j]]);
    let previous = start;
    for (const k of order) {
      out.push(previous, hits[k]);
      previous = hits[k];
    }
    out.push(previous, end);
  }
  return { x: hot.x, y: hot.y, edges: uniqueEdges(out, out.length / 2, hotCount) };
}

function dropUnusedVertices(graph: GridGraph): GridGraph {
  const used = new Uint8Array(graph.x.length);
  for (let i = 0; i < graph.edges.length; i++) used[graph.edges[i]] = 1;
  const newId = new Uint32Array(graph.x.length);
  let count = 0;
  for (let v = 0; v < used.length; v++) if (used[v]) newId[v] = count++;
  if (count === graph.x.length) return graph;
  const x = new Float64Array(count), y = new Float64Array(count);
  for (let v = 0; v < used.length; v++) {
    if (!used[v]) continue;
    x[newId[v]] = graph.x[v];
    y[newId[v]] = graph.y[v];
  }
  const edges = graph.edges.map((v) => newId[v]);
  return { x, y, edges };
}
