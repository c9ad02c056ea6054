// Cutting one block along a polyline (a new street) into pieces. The block's own vertices are kept
// bit for bit; the points where the line meets the border are rounded to the stored precision and
// reported, so the caller can add them to the neighbours that share that border. Pure.
import { orient2d } from 'robust-predicates';
import type { PolygonCoords, Position } from './types.ts';
import { pointInPolygon, pointInRing, polygonAreaM2, signedArea } from './ring.ts';
import { interiorPoint } from './interior-point.ts';
import { polygonProblems } from './ring-validity.ts';
import { positionKey, roundPosition, type EdgeInsertion } from './split-topology.ts';

export type SplitResult =
  | { valid: true; pieces: PolygonCoords[]; borderInsertions: EdgeInsertion[] }
  | { valid: false; reason: string };

/** Pieces smaller than this are refused: a cut that close to the border is a slip of the pen. */
export const MIN_PIECE_AREA_M2 = 1;

/** A midpoint closer than this (degrees) to the border counts as lying on it. */
const ON_BORDER = 1e-9;

interface RingEdge {
  ring: number;
  a: Position;
  b: Position;
  /** Points strictly inside the edge, with their parameter along it. */
  cuts: Array<{ t: number; point: Position }>;
}

/**
 * Splits a polygon (RFC 7946, holes allowed) along a line. Parts of the line outside the polygon and
 * dangling ends inside it are ignored; at least one stretch must run from border to border. Pieces
 * come ordered by their interior point, west to east, then south to north.
 */
export function splitPolygon(polygon: PolygonCoords, line: Position[]): SplitResult {
  if (!Array.isArray(line) || line.length < 2) return { valid: false, reason: 'the line needs at least two positions' };
  if (!line.every((p) => Array.isArray(p) && Number.isFinite(p[0]) && Number.isFinite(p[1]))) {
    return { valid: false, reason: 'a position of the line is not a finite [lon, lat]' };
  }
  const path = line.map(roundPosition).filter((p, i, all) => i === 0 || positionKey(p) !== positionKey(all[i - 1]));
  if (path.length < 2) return { valid: false, reason: 'the line has no length' };

  const edges: RingEdge[] = [];
  polygon.forEach((ring, ringIndex) => {
    for (let i = 0; i + 1 < ring.length; i++) {
      if (positionKey(ring[i]) !== positionKey(ring[i + 1])) edges.push({ ring: ringIndex, a: ring[i], b: ring[i + 1], cuts: [] });
    }
  });

  // Points along each line segment, by parameter; intersections are added to the ring edges too.
  const segmentPoints: Array<Array<{ u: number; point: Position }>> = [];
  for (let s = 0; s + 1 < path.length; s++) {
    const p = path[s], q = path[s + 1];
    const points = [{ u: 0, point: p }, { u: 1, point: q }];
    for (const edge of edges) {
      const hit = intersect(p, q, edge.a, edge.b);
      if (!hit) continue;
      let point = hit.t === 0 ? edge.a : hit.t === 1 ? edge.b : roundPosition(hit.point);
      const key = positionKey(point);
      if (key === positionKey(edge.a)) point = edge.a;
      else if (key === positionKey(edge.b)) point = edge.b;
      else edge.cuts.push({ t: hit.t, point });
      points.push({ u: hit.u, point });
    }
    points.sort((x, y) => x.u - y.u);
    segmentPoints.push(points);
  }

  const borderInsertions: EdgeInsertion[] = [];
  const rings: Position[][] = polygon.map(() => []);
  for (const edge of edges) {
    const ring = rings[edge.ring];
    ring.push(edge.a);
    const cuts = dedupe(edge.cuts.sort((x, y) => x.t - y.t).map((cut) => cut.point));
    if (cuts.length > 0) {
      ring.push(...cuts);
      borderInsertions.push({ from: edge.a, to: edge.b, points: cuts });
    }
  }

  const graph = new PlanarGraph();
  rings.forEach((ring, index) => {
    for (let i = 0; i < ring.length; i++) graph.addEdge(ring[i], ring[(i + 1) % ring.length], index === 0 ? 'exterior' : 'hole');
  });
  for (const points of segmentPoints) {
    for (let i = 0; i + 1 < points.length; i++) {
      const from = points[i].point, to = points[i + 1].point;
      if (positionKey(from) === positionKey(to)) continue;
      const middle: Position = [(from[0] + to[0]) / 2, (from[1] + to[1]) / 2];
      if (distanceToBorder(middle, edges) <= ON_BORDER || !pointInPolygon(middle[0], middle[1], polygon)) continue;
      graph.addEdge(from, to, 'chord');
    }
  }
  graph.pruneDanglingChords();
  if (!graph.hasChord()) return { valid: false, reason: 'the line does not cross the block from border to border' };

  const pieces = graph.faces(polygon);
  if (pieces.length < 2) return { valid: false, reason: 'the line does not divide the block' };
  for (const piece of pieces) {
    const problems = polygonProblems(piece);
    if (problems.length > 0) return { valid: false, reason: `a piece would be invalid: ${problems[0].reason}` };
    if (polygonAreaM2(piece) < MIN_PIECE_AREA_M2) return { valid: false, reason: `a piece would be smaller than ${MIN_PIECE_AREA_M2} m²` };
  }
  const ordered = pieces
    .map((piece) => ({ piece, point: interiorPoint(piece) ?? piece[0][0] }))
    .sort((x, y) => x.point[0] - y.point[0] || x.point[1] - y.point[1])
    .map((entry) => entry.piece);
  return { valid: true, pieces: ordered, borderInsertions };
}

/** Shares a whole number out in proportion to weights (largest remainder; ties to the earlier). */
export function shareByWeight(total: number, weights: number[]): number[] {
  const sum = weights.reduce((s, w) => s + Math.max(0, w), 0);
  if (weights.length === 0) return [];
  if (!(sum > 0)) return weights.map((_, i) => (i === 0 ? total : 0));
  const exact = weights.map((w) => (total * Math.max(0, w)) / sum);
  const shares = exact.map(Math.floor);
  let rest = total - shares.reduce((s, v) => s + v, 0);
  const order = exact.map((value, index) => ({ index, fraction: value - Math.floor(value) })).sort((x, y) => y.fraction - x.fraction || x.index - y.index);
  for (const entry of order) {
    if (rest <= 0) break;
    shares[entry.index]++;
    rest--;
  }
  return shares;
}

function dedupe(points: Position[]): Position[] {
  const seen = new Set<string>();
  return points.filter((p) => {
    const key = positionKey(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Where segment p→q meets edge a→b: u along the segment, t along the edge; null when apart or collinear. */
function intersect(p: Position, q: Position, a: Position, b: Position): { u: number; t: number; point: Position } | null {
  const d1 = orient2d(a[0], a[1], b[0], b[1], p[0], p[1]);
  const d2 = orient2d(a[0], a[1], b[0], b[1], q[0], q[1]);
  const d3 = orient2d(p[0], p[1], q[0], q[1], a[0], a[1]);
  const d4 = orient2d(p[0], p[1], q[0], q[1], b[0], b[1]);
  if (d1 === 0 && d2 === 0) return null;
  if (d1 * d2 > 0 || d3 * d4 > 0) return null;
  if (d3 === 0 && d4 === 0) return null;
  const u = d1 === 0 ? 0 : d2 === 0 ? 1 : d1 / (d1 - d2);
  const t = d3 === 0 ? 0 : d4 === 0 ? 1 : d3 / (d3 - d4);
  const point: Position = t === 0 ? a : t === 1 ? b : u === 0 ? p : u === 1 ? q : [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
  return { u, t, point };
}

function distanceToBorder(point: Position, edges: RingEdge[]): number {
  let best = Infinity;
  for (const edge of edges) {
    const dx = edge.b[0] - edge.a[0], dy = edge.b[1] - edge.a[1];
    const lengthSquared = dx * dx + dy * dy;
    const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((point[0] - edge.a[0]) * dx + (point[1] - edge.a[1]) * dy) / lengthSquared));
    const x = edge.a[0] + t * dx - point[0], y = edge.a[1] + t * dy - point[1];
    best = Math.min(best, Math.sqrt(x * x + y * y));
  }
  return best;
}

type EdgeKind = 'exterior' | 'hole' | 'chord';

interface GraphEdge {
  from: number;
  to: number;
  kind: EdgeKind;
  alive: boolean;
}

/** A small planar graph of the border pieces and the cut, traced into faces. */
class PlanarGraph {
  readonly positions: Position[] = [];
  readonly #nodeByKey = new Map<string, number>();
  readonly edges: GraphEdge[] = [];
  readonly #edgeKeys = new Set<string>();

  #node(position: Position): number {
    const key = positionKey(position);
    let node = this.#nodeByKey.get(key);
    if (node === undefined) {
      node = this.positions.length;
      this.positions.push(position);
      this.#nodeByKey.set(key, node);
    }
    return node;
  }

  addEdge(from: Position, to: Position, kind: EdgeKind): void {
    const a = this.#node(from), b = this.#node(to);
    if (a === b) return;
    const key = a < b ? `${a}-${b}` : `${b}-${a}`;
    if (this.#edgeKeys.has(key)) return;
    this.#edgeKeys.add(key);
    this.edges.push({ from: a, to: b, kind, alive: true });
  }

  pruneDanglingChords(): void {
    for (let changed = true; changed; ) {
      changed = false;
      const degree = new Array<number>(this.positions.length).fill(0);
      for (const edge of this.edges) if (edge.alive) (degree[edge.from]++, degree[edge.to]++);
      for (const edge of this.edges) {
        if (edge.alive && edge.kind === 'chord' && (degree[edge.from] < 2 || degree[edge.to] < 2)) {
          edge.alive = false;
          changed = true;
        }
      }
    }
  }

  hasChord(): boolean {
    return this.edges.some((edge) => edge.alive && edge.kind === 'chord');
  }

  /** Faces of the graph inside the polygon, with the polygon's untouched holes placed in them. */
  faces(polygon: PolygonCoords): PolygonCoords[] {
    // Half-edge h = 2e (from → to) or 2e+1 (to → from); each node's outgoing half-edges by angle.
    const outgoing: number[][] = this.positions.map(() => []);
    const origin = (h: number) => (h % 2 === 0 ? this.edges[h >> 1].from : this.edges[h >> 1].to);
    const target = (h: number) => (h % 2 === 0 ? this.edges[h >> 1].to : this.edges[h >> 1].from);
    this.edges.forEach((edge, e) => {
      if (!edge.alive) return;
      outgoing[edge.from].push(2 * e);
      outgoing[edge.to].push(2 * e + 1);
    });
    const angle = (h: number) => {
      const a = this.positions[origin(h)], b = this.positions[target(h)];
      return Math.atan2(b[1] - a[1], b[0] - a[0]);
    };
    const angles = new Map<number, number>();
    for (const list of outgoing) {
      for (const h of list) angles.set(h, angle(h));
      list.sort((x, y) => angles.get(x)! - angles.get(y)!);
    }
    // The face left of u → v continues with the outgoing edge at v just clockwise of v → u.
    const next = (h: number): number => {
      const list = outgoing[target(h)];
      const twin = h ^ 1;
      const position = list.indexOf(twin);
      return list[(position - 1 + list.length) % list.length];
    };
    const visited = new Set<number>();
    const outer: Position[][] = [];
    const holes: Position[][] = [];
    for (let e = 0; e < this.edges.length; e++) {
      if (!this.edges[e].alive) continue;
      for (const start of [2 * e, 2 * e + 1]) {
        if (visited.has(start)) continue;
        const ring: Position[] = [];
        const kinds = new Set<EdgeKind>();
        let h = start;
        for (let guard = 0; guard <= 2 * this.edges.length && !visited.has(h); guard++) {
          visited.add(h);
          ring.push(this.positions[origin(h)]);
          kinds.add(this.edges[h >> 1].kind);
          h = next(h);
        }
        ring.push(ring[0]);
        const onlyHole = kinds.size === 1 && kinds.has('hole');
        // A cycle of hole edges alone is either the hole's inside (counter-clockwise) or its rim as
        // seen from the piece around it (clockwise); the exterior's outside is dropped.
        if (signedArea(ring) > 0) {
          if (!onlyHole) outer.push(ring);
        } else if (onlyHole) holes.push(ring);
      }
    }
    const faces: PolygonCoords[] = outer.map((ring) => [ring]);
    for (const hole of holes) {
      const probe = hole[0];
      const home = faces
        .filter((face) => pointInRing(probe[0], probe[1], face[0]))
        .sort((x, y) => Math.abs(signedArea(x[0])) - Math.abs(signedArea(y[0])))[0];
      home?.push(hole);
    }
    const pieces: PolygonCoords[] = [];
    for (const face of faces) {
      const inside = interiorPoint(face);
      if (inside && pointInPolygon(inside[0], inside[1], polygon)) pieces.push(face);
    }
    return pieces;
  }
}
