// Checks a drawn polyline (a new street cutting a block) before it reaches the geometry core:
// a line that retraces or crosses itself has no single meaning as a cut.
import { orient2d } from 'robust-predicates';
import type { Position } from './types.ts';

export type LineCheck = { valid: true } | { valid: false; reason: string };

function onSegment(p: Position, q: Position, r: Position): boolean {
  return Math.min(p[0], r[0]) <= q[0] && q[0] <= Math.max(p[0], r[0]) && Math.min(p[1], r[1]) <= q[1] && q[1] <= Math.max(p[1], r[1]);
}

/** Whether segments ab and cd share at least one point (exact orientation tests). */
export function segmentsIntersect(a: Position, b: Position, c: Position, d: Position): boolean {
  const o1 = Math.sign(orient2d(a[0], a[1], b[0], b[1], c[0], c[1]));
  const o2 = Math.sign(orient2d(a[0], a[1], b[0], b[1], d[0], d[1]));
  const o3 = Math.sign(orient2d(c[0], c[1], d[0], d[1], a[0], a[1]));
  const o4 = Math.sign(orient2d(c[0], c[1], d[0], d[1], b[0], b[1]));
  if (o1 !== o2 && o3 !== o4) return true;
  return (o1 === 0 && onSegment(a, c, b)) || (o2 === 0 && onSegment(a, d, b)) || (o3 === 0 && onSegment(c, a, d)) || (o4 === 0 && onSegment(c, b, d));
}

/** A simple polyline: finite positions, no repeated consecutive position, no self-intersection or backtracking. */
export function checkLine(line: readonly Position[]): LineCheck {
  if (line.length < 2) return { valid: false, reason: 'a line has at least two positions' };
  for (let i = 0; i < line.length; i++) {
    if (!Number.isFinite(line[i][0]) || !Number.isFinite(line[i][1])) return { valid: false, reason: `position ${i} is not a finite coordinate` };
    if (i > 0 && line[i][0] === line[i - 1][0] && line[i][1] === line[i - 1][1]) return { valid: false, reason: `position ${i} repeats the one before it` };
  }
  // Quadratic, and bounded by the route's vertex limit; the lines people draw have a few dozen vertices.
  for (let i = 0; i + 1 < line.length; i++) {
    for (let j = i + 1; j + 1 < line.length; j++) {
      const [a, b, c, d] = [line[i], line[i + 1], line[j], line[j + 1]];
      if (j === i + 1) {
        // Neighbours share b = c; they may only touch there, never fold back over each other.
        const collinear = orient2d(a[0], a[1], b[0], b[1], d[0], d[1]) === 0;
        const backwards = (d[0] - b[0]) * (a[0] - b[0]) + (d[1] - b[1]) * (a[1] - b[1]) > 0;
        if (collinear && backwards) return { valid: false, reason: `segments ${i} and ${j} fold back over each other` };
        continue;
      }
      if (segmentsIntersect(a, b, c, d)) return { valid: false, reason: `segments ${i} and ${j} cross: the line intersects itself` };
    }
  }
  return { valid: true };
}
