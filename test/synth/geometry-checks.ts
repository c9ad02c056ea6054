// Validity checks used by the synthetic-layer tests: closed, finite, simple rings in RFC 7946 order.
import * as polyclip from 'polyclip-ts';
import type { PolygonCoords, Position, Ring } from '../../server/geo/types.ts';
import { polygonAreaM2, signedArea } from '../../server/geo/ring.ts';

function segmentsCross(a: Position, b: Position, c: Position, d: Position): boolean {
  const orient = (p: Position, q: Position, r: Position): number => (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]);
  const d1 = orient(c, d, a), d2 = orient(c, d, b), d3 = orient(a, b, c), d4 = orient(a, b, d);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

/** Reason a ring is invalid, or null: open, too short, non-finite, repeated points, or self-crossing. */
export function ringProblem(ring: Ring): string | null {
  if (ring.length < 4) return `only ${ring.length} positions`;
  const first = ring[0], last = ring[ring.length - 1];
  if (first[0] !== last[0] || first[1] !== last[1]) return 'not closed';
  for (const [x, y] of ring) if (!Number.isFinite(x) || !Number.isFinite(y)) return 'non-finite coordinate';
  for (let i = 0; i < ring.length - 1; i++) {
    if (ring[i][0] === ring[i + 1][0] && ring[i][1] === ring[i + 1][1]) return `repeated position at ${i}`;
  }
  const n = ring.length - 1;
  const boxes = ring.slice(0, n).map((p, i) => {
    const q = ring[i + 1];
    return [Math.min(p[0], q[0]), Math.min(p[1], q[1]), Math.max(p[0], q[0]), Math.max(p[1], q[1])];
  });
  for (let i = 0; i < n; i++) {
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue;
      const a = boxes[i], b = boxes[j];
      if (a[2] < b[0] || b[2] < a[0] || a[3] < b[1] || b[3] < a[1]) continue;
      if (segmentsCross(ring[i], ring[i + 1], ring[j], ring[j + 1])) return `edges ${i} and ${j} cross`;
    }
  }
  return null;
}

export function polygonProblem(polygon: PolygonCoords): string | null {
  for (let i = 0; i < polygon.length; i++) {
    const problem = ringProblem(polygon[i]);
    if (problem) return `ring ${i}: ${problem}`;
    const counterClockwise = signedArea(polygon[i]) > 0;
    if (counterClockwise !== (i === 0)) return `ring ${i}: wrong winding`;
  }
  return null;
}

export interface CoverageFigures {
  /** Sum of the parts' areas minus the area of their union (m²): overlap. */
  overlapM2: number;
  /** Number of union pieces larger than `debrisM2`, and area of holes larger than it. */
  pieces: number;
  holeAreaM2: number;
  unionAreaM2: number;
}

/** How a set of polygons covers: overlap between them and the shape of their union. */
export function coverage(parts: PolygonCoords[], debrisM2 = 1): CoverageFigures {
  const union = polyclip.union(parts[0] as polyclip.Geom, ...(parts.slice(1) as polyclip.Geom[])) as PolygonCoords[];
  const sum = parts.reduce((total, part) => total + polygonAreaM2(part), 0);
  const unionArea = union.reduce((total, polygon) => total + polygonAreaM2(polygon), 0);
  let holeArea = 0;
  for (const polygon of union) for (const hole of polygon.slice(1)) {
    const area = polygonAreaM2([hole]);
    if (area > debrisM2) holeArea += area;
  }
  return {
    overlapM2: sum - unionArea,
    pieces: union.filter((polygon) => polygonAreaM2([polygon[0]]) > debrisM2).length,
    holeAreaM2: holeArea,
    unionAreaM2: unionArea,
  };
}
