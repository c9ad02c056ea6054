// The convex region left of a box after cutting it by half-planes (Sutherland–Hodgman, which is
// exact for a convex subject).
import type { Position } from '../geo/types.ts';
import type { HalfPlane } from './half-plane-clip.ts';

function clipOpenRing(points: Position[], plane: HalfPlane): Position[] {
  const output: Position[] = [];
  const count = points.length;
  for (let i = 0; i < count; i++) {
    const p = points[i], q = points[(i + 1) % count];
    const sp = plane.a * p[0] + plane.b * p[1] + plane.c;
    const sq = plane.a * q[0] + plane.b * q[1] + plane.c;
    if (sp >= 0) output.push(p);
    if ((sp >= 0) !== (sq >= 0)) {
      const t = sp / (sp - sq);
      output.push([p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t]);
    }
  }
  return output;
}

/** Convex polygon (open, counter-clockwise) of a box cut by half-planes; empty when nothing is left. */
export function convexRegion(box: [number, number, number, number], planes: readonly HalfPlane[]): Position[] {
  let points: Position[] = [[box[0], box[1]], [box[2], box[1]], [box[2], box[3]], [box[0], box[3]]];
  for (const plane of planes) {
    points = clipOpenRing(points, plane);
    if (points.length === 0) break;
  }
  return points;
}
