// Cut a polyline by a polygon, keeping the stretches inside (or outside) it. Kept stretches that end
// on the boundary are lengthened a little past it so that they certainly cross it once noded.
import type { Position, PolygonCoords } from '../geo/types.ts';
import { pointInPolygon, ringBBox } from '../geo/ring.ts';

export type KeepSide = 'inside' | 'outside';

/** Distances along the line at which it crosses any ring of the polygon. */
function crossingDistances(line: Position[], polygon: PolygonCoords, cumulative: number[]): number[] {
  const distances: number[] = [];
  for (let s = 0; s < line.length - 1; s++) {
    const [px, py] = line[s], [qx, qy] = line[s + 1];
    const minX = Math.min(px, qx), maxX = Math.max(px, qx), minY = Math.min(py, qy), maxY = Math.max(py, qy);
    const rx = qx - px, ry = qy - py;
    const length = cumulative[s + 1] - cumulative[s];
    for (const ring of polygon) {
      for (let i = 0; i < ring.length - 1; i++) {
        const [ax, ay] = ring[i], [bx, by] = ring[i + 1];
        if (Math.max(ax, bx) < minX || Math.min(ax, bx) > maxX || Math.max(ay, by) < minY || Math.min(ay, by) > maxY) continue;
        const sx = bx - ax, sy = by - ay;
        const denominator = rx * sy - ry * sx;
        if (denominator === 0) continue;
        const t = ((ax - px) * sy - (ay - py) * sx) / denominator;
        const u = ((ax - px) * ry - (ay - py) * rx) / denominator;
        if (t >= 0 && t <= 1 && u >= 0 && u <= 1) distances.push(cumulative[s] + t * length);
      }
    }
  }
  return distances.sort((a, b) => a - b);
}

function pointAt(line: Position[], cumulative: number[], distance: number): Position {
  let s = 0;
  while (s < line.length - 2 && cumulative[s + 1] < distance) s++;
  const length = cumulative[s + 1] - cumulative[s];
  const t = length > 0 ? (distance - cumulative[s]) / length : 0;
  return [line[s][0] + (line[s + 1][0] - line[s][0]) * t, line[s][1] + (line[s + 1][1] - line[s][1]) * t];
}

function slice(line: Position[], cumulative: number[], from: number, to: number): Position[] {
  const points: Position[] = [pointAt(line, cumulative, from)];
  for (let i = 0; i < line.length; i++) if (cumulative[i] > from && cumulative[i] < to) points.push(line[i]);
  points.push(pointAt(line, cumulative, to));
  return points;
}

export function clipLine(line: Position[], polygon: PolygonCoords, keep: KeepSide, overshoot = 0): Position[][] {
  if (line.length < 2) return [];
  const cumulative = [0];
  for (let i = 1; i < line.length; i++) cumulative.push(cumulative[i - 1] + Math.hypot(line[i][0] - line[i - 1][0], line[i][1] - line[i - 1][1]));
  const total = cumulative[cumulative.length - 1];
  if (total === 0) return [];
  const [minX, minY, maxX, maxY] = ringBBox(polygon[0]);
  const lineBox = line.reduce((box, [x, y]) => [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x), Math.max(box[3], y)], [Infinity, Infinity, -Infinity, -Infinity]);
  if (lineBox[2] < minX || lineBox[0] > maxX || lineBox[3] < minY || lineBox[1] > maxY) return keep === 'outside' ? [line] : [];

  const cuts = [0, ...crossingDistances(line, polygon, cumulative), total];
  const intervals: [number, number][] = [];
  for (let k = 0; k < cuts.length - 1; k++) {
    const from = cuts[k], to = cuts[k + 1];
    if (to - from <= 1e-9) continue;
    const middle = pointAt(line, cumulative, (from + to) / 2);
    if (pointInPolygon(middle[0], middle[1], polygon) !== (keep === 'inside')) continue;
    const start = k === 0 ? from : Math.max(0, from - overshoot);
    const end = k === cuts.length - 2 ? to : Math.min(total, to + overshoot);
    // Stretches separated only by a grazing touch (or joined by the overshoot) become one.
    const last = intervals[intervals.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else intervals.push([start, end]);
  }
  return intervals.map(([start, end]) => slice(line, cumulative, start, end));
}
