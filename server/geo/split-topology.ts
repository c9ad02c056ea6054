// Keeping a block arrangement exact when blocks change: the vertices a cut adds on a block's border
// are added to the neighbours sharing that border, so shared edges stay bit-identical and unions and
// coverage checks stay exact. Pure; runs in the browser as well.
import type { PolygonCoords, Position } from './types.ts';

/** Vertices inserted strictly inside the border edge from → to (in that order). */
export interface EdgeInsertion {
  from: Position;
  to: Position;
  points: Position[];
}

/** 7 decimals ≈ 1 cm, the precision blocks are stored with. */
export const COORDINATE_SCALE = 1e7;

/**
 * How far (degrees) a vertex may lie from a shared edge and still be taken as lying on it: a
 * rounded intersection moves off the exact line by at most half a step per axis.
 */
const ON_EDGE_TOLERANCE = 2 / COORDINATE_SCALE;

export function roundPosition(position: Position): Position {
  return [Math.round(position[0] * COORDINATE_SCALE) / COORDINATE_SCALE, Math.round(position[1] * COORDINATE_SCALE) / COORDINATE_SCALE];
}

/** Exact key of a position (number-to-string is exact for doubles). */
export function positionKey(position: Position): string {
  return `${position[0]},${position[1]}`;
}

export type BoundingBox = [number, number, number, number];

export function polygonBBox(polygon: PolygonCoords): BoundingBox {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const position of polygon[0] ?? []) {
    if (position[0] < minX) minX = position[0];
    if (position[1] < minY) minY = position[1];
    if (position[0] > maxX) maxX = position[0];
    if (position[1] > maxY) maxY = position[1];
  }
  return [minX, minY, maxX, maxY];
}

export function boxesTouch(a: BoundingBox, b: BoundingBox, margin = ON_EDGE_TOLERANCE): boolean {
  return a[0] <= b[2] + margin && b[0] <= a[2] + margin && a[1] <= b[3] + margin && b[1] <= a[3] + margin;
}

/** Inserts the given points into every ring edge from → to (or to → from, reversed). Returns null when nothing changed. */
export function insertEdgePoints(polygon: PolygonCoords, insertions: EdgeInsertion[]): PolygonCoords | null {
  if (insertions.length === 0) return null;
  const byEdge = new Map<string, Position[]>();
  for (const insertion of insertions) {
    if (insertion.points.length === 0) continue;
    const from = positionKey(insertion.from), to = positionKey(insertion.to);
    byEdge.set(`${from}|${to}`, insertion.points);
    byEdge.set(`${to}|${from}`, [...insertion.points].reverse());
  }
  let changed = false;
  const rings = polygon.map((ring) => {
    const result: Position[] = [];
    for (let i = 0; i < ring.length; i++) {
      result.push(ring[i]);
      if (i + 1 >= ring.length) break;
      const points = byEdge.get(`${positionKey(ring[i])}|${positionKey(ring[i + 1])}`);
      if (points) {
        result.push(...points.map((p): Position => [p[0], p[1]]));
        changed = true;
      }
    }
    return result;
  });
  return changed ? rings : null;
}

/** The distinct vertices of a set of polygons, for matching shared edges. */
export interface VertexIndex {
  positions: Position[];
}

export function buildVertexIndex(polygons: PolygonCoords[]): VertexIndex {
  const seen = new Map<string, Position>();
  for (const polygon of polygons) {
    for (const ring of polygon) for (const position of ring) seen.set(positionKey(position), position);
  }
  return { positions: [...seen.values()] };
}

/**
 * The target polygon with the vertices other polygons hold on its edges: in a planar arrangement a
 * vertex lying on an edge of a neighbour must be a vertex of that neighbour too (one neighbour may
 * cover an edge in several pieces, each adding its ends). Returns null when nothing was added.
 */
export function insertSharedVertices(target: PolygonCoords, sources: VertexIndex): PolygonCoords | null {
  let changed = false;
  const rings = target.map((ring) => {
    const result: Position[] = [];
    for (let i = 0; i < ring.length; i++) {
      result.push(ring[i]);
      if (i + 1 >= ring.length) break;
      const a = ring[i], b = ring[i + 1];
      const keyA = positionKey(a), keyB = positionKey(b);
      const between = sources.positions
        .filter((p) => onSegment(p, a, b) && positionKey(p) !== keyA && positionKey(p) !== keyB)
        .map((p) => ({ p, t: (p[0] - a[0]) * (b[0] - a[0]) + (p[1] - a[1]) * (b[1] - a[1]) }))
        .sort((x, y) => x.t - y.t);
      if (between.length > 0) {
        result.push(...between.map(({ p }): Position => [p[0], p[1]]));
        changed = true;
      }
    }
    return result;
  });
  return changed ? rings : null;
}

function onSegment(p: Position, a: Position, b: Position): boolean {
  const dx = b[0] - a[0], dy = b[1] - a[1];
  const lengthSquared = dx * dx + dy * dy;
  if (lengthSquared === 0) return false;
  const t = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / lengthSquared;
  if (!(t > 0 && t < 1)) return false;
  const x = a[0] + t * dx - p[0], y = a[1] + t * dy - p[1];
  return x * x + y * y <= ON_EDGE_TOLERANCE * ON_EDGE_TOLERANCE;
}
