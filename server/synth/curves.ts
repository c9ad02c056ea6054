// Gently curved polylines for roads, railways and rivers: a Catmull–Rom spline through waypoints,
// sampled at a fixed spacing, then pushed sideways by smooth noise (meanders).
import type { Position } from '../geo/types.ts';
import { meanderNoise } from './random.ts';

export interface MeanderOptions {
  /** Distance between output vertices (m). */
  spacing: number;
  /** Largest sideways displacement (m). */
  amplitude: number;
  /** Typical distance between two bends (m). */
  wavelength: number;
  seed: number;
}

function catmullRom(p0: Position, p1: Position, p2: Position, p3: Position, t: number): Position {
  const t2 = t * t, t3 = t2 * t;
  const axis = (i: 0 | 1): number =>
    0.5 * (2 * p1[i] + (-p0[i] + p2[i]) * t + (2 * p0[i] - 5 * p1[i] + 4 * p2[i] - p3[i]) * t2 + (-p0[i] + 3 * p1[i] - 3 * p2[i] + p3[i]) * t3);
  return [axis(0), axis(1)];
}

/** Smooth curve through all waypoints, vertices about `spacing` apart. */
export function splineThrough(waypoints: readonly Position[], spacing: number): Position[] {
  if (waypoints.length < 2) return waypoints.slice();
  const points: Position[] = [waypoints[0]];
  for (let i = 0; i < waypoints.length - 1; i++) {
    const p0 = waypoints[Math.max(0, i - 1)], p1 = waypoints[i], p2 = waypoints[i + 1], p3 = waypoints[Math.min(waypoints.length - 1, i + 2)];
    const steps = Math.max(1, Math.ceil(Math.hypot(p2[0] - p1[0], p2[1] - p1[1]) / spacing));
    for (let k = 1; k <= steps; k++) points.push(catmullRom(p0, p1, p2, p3, k / steps));
  }
  return points;
}

/** Push every vertex sideways by smooth noise of the distance along the line. */
export function meander(line: readonly Position[], amplitude: number, wavelength: number, seed: number): Position[] {
  if (amplitude === 0 || line.length < 3) return line.slice();
  let along = 0;
  return line.map((point, i) => {
    if (i > 0) along += Math.hypot(point[0] - line[i - 1][0], point[1] - line[i - 1][1]);
    const before = line[Math.max(0, i - 1)], after = line[Math.min(line.length - 1, i + 1)];
    const dx = after[0] - before[0], dy = after[1] - before[1];
    const length = Math.hypot(dx, dy) || 1;
    const offset = amplitude * meanderNoise(seed, along, wavelength);
    return [point[0] - (dy / length) * offset, point[1] + (dx / length) * offset] as Position;
  });
}

export function meanderingPath(waypoints: readonly Position[], options: MeanderOptions): Position[] {
  return meander(splineThrough(waypoints, options.spacing), options.amplitude, options.wavelength, options.seed);
}

/** A bowed road between two points: a quadratic bend of `bow` metres at mid-length plus small wobble. */
export function bowedPath(from: Position, to: Position, bow: number, options: MeanderOptions): Position[] {
  const dx = to[0] - from[0], dy = to[1] - from[1];
  const length = Math.hypot(dx, dy);
  const steps = Math.max(2, Math.ceil(length / options.spacing));
  const points: Position[] = [];
  for (let k = 0; k <= steps; k++) {
    const t = k / steps;
    const offset = 4 * bow * t * (1 - t);
    points.push([from[0] + dx * t - (dy / length) * offset, from[1] + dy * t + (dx / length) * offset]);
  }
  // The wobble fades at both ends so the road still meets the seats it joins.
  const wobbly = meander(points, options.amplitude, options.wavelength, options.seed);
  return wobbly.map((point, k) => {
    const fade = Math.min(1, (4 * k) / steps, (4 * (steps - k)) / steps);
    return [points[k][0] + (point[0] - points[k][0]) * fade, points[k][1] + (point[1] - points[k][1]) * fade] as Position;
  });
}
