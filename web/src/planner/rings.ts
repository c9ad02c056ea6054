// Chains a grid's border half-edges into closed rings and assembles them into polygons: outer
// rings run counter-clockwise (the grid on their left), holes clockwise.
import { pointInRing, signedArea } from '../../../server/geo/ring.ts';
import type { MultiPolygonCoords, Position } from '../../../server/geo/types.ts';
import { halfEdgeEnd, halfEdgeStart, type EdgeIndex } from './topology.ts';

function coordsOf(index: EdgeIndex, vertex: number): Position {
  return [index.vertexCoords[2 * vertex], index.vertexCoords[2 * vertex + 1]];
}

/**
 * Rings of vertex ids (closed: first id repeated last). Where a grid touches itself at a single
 * vertex, the walk takes the first outgoing edge clockwise from the way it came, which keeps
 * the two parts' rings apart.
 */
export function chainRingVertices(index: EdgeIndex, border: Iterable<number>): number[][] {
  const halfEdges = [...border].sort((a, b) => a - b);
  const outgoing = new Map<number, number[]>();
  for (const halfEdge of halfEdges) {
    const start = halfEdgeStart(index, halfEdge);
    const list = outgoing.get(start);
    if (list) list.push(halfEdge);
    else outgoing.set(start, [halfEdge]);
  }
  const used = new Set<number>();
  const rings: number[][] = [];
  const coords = index.vertexCoords;
  for (const first of halfEdges) {
    if (used.has(first)) continue;
    const ring = [halfEdgeStart(index, first)];
    let current = first;
    for (;;) {
      used.add(current);
      const start = halfEdgeStart(index, current);
      const end = halfEdgeEnd(index, current);
      ring.push(end);
      if (end === ring[0]) break;
      const candidates = (outgoing.get(end) ?? []).filter((candidate) => !used.has(candidate));
      if (candidates.length === 0) break;
      let next = candidates[0];
      if (candidates.length > 1) {
        const back = Math.atan2(coords[2 * start + 1] - coords[2 * end + 1], coords[2 * start] - coords[2 * end]);
        let best = Infinity;
        for (const candidate of candidates) {
          const to = halfEdgeEnd(index, candidate);
          const direction = Math.atan2(coords[2 * to + 1] - coords[2 * end + 1], coords[2 * to] - coords[2 * end]);
          let clockwise = back - direction;
          while (clockwise <= 0) clockwise += 2 * Math.PI;
          while (clockwise > 2 * Math.PI) clockwise -= 2 * Math.PI;
          if (clockwise < best) {
            best = clockwise;
            next = candidate;
          }
        }
      }
      current = next;
    }
    rings.push(ring);
  }
  return rings;
}

/** The rings as coordinates, grouped into polygons (each hole inside the smallest outer ring holding it). */
export function assemblePolygons(index: EdgeIndex, vertexRings: readonly number[][]): MultiPolygonCoords {
  const outers: { ring: Position[]; area: number }[] = [];
  const holes: Position[][] = [];
  for (const vertices of vertexRings) {
    const ring = vertices.map((vertex) => coordsOf(index, vertex));
    const area = signedArea(ring);
    if (area > 0) outers.push({ ring, area });
    else if (area < 0) holes.push(ring);
  }
  const polygons: MultiPolygonCoords = outers.map((outer) => [outer.ring]);
  for (const hole of holes) {
    // The midpoint of a hole's edge lies strictly inside its outer ring (a hole may touch it at vertices only).
    const [x, y] = [(hole[0][0] + hole[1][0]) / 2, (hole[0][1] + hole[1][1]) / 2];
    let owner = -1;
    for (let i = 0; i < outers.length; i++) {
      if ((owner < 0 || outers[i].area < outers[owner].area) && pointInRing(x, y, outers[i].ring)) owner = i;
    }
    if (owner >= 0) polygons[owner].push(hole);
  }
  return polygons;
}

/** Rotates a closed vertex ring to start at its smallest id: equal rings compare equal. */
export function canonicalRing(ring: readonly number[]): string {
  const open = ring.slice(0, -1);
  let smallest = 0;
  for (let i = 1; i < open.length; i++) if (open[i] < open[smallest]) smallest = i;
  return [...open.slice(smallest), ...open.slice(0, smallest)].join(',');
}
