// Cells of a power diagram (additively weighted Voronoi):
// cell_i = { x : |x − s_i|² − w_i ≤ |x − s_j|² − w_j for all j }, each the intersection of half-planes.
import type { Position } from '../geo/types.ts';
import type { HalfPlane } from './half-plane-clip.ts';
import { convexRegion } from './convex-clip.ts';

export interface PowerSite {
  position: Position;
  weight: number;
}

/** Half-plane of points closer (in power distance) to site i than to site j. Computed once per
 * unordered pair and negated for the other side, so both cells share a bit-identical line. */
export function bisector(sites: readonly PowerSite[], i: number, j: number): HalfPlane {
  const [low, high] = i < j ? [i, j] : [j, i];
  const p = sites[low].position, q = sites[high].position;
  const a = 2 * (p[0] - q[0]);
  const b = 2 * (p[1] - q[1]);
  const c = q[0] * q[0] + q[1] * q[1] - p[0] * p[0] - p[1] * p[1] + sites[low].weight - sites[high].weight;
  return low === i ? { a, b, c } : { a: -a, b: -b, c: -c };
}

export interface PowerCell {
  /** Convex cell inside the box, open ring, counter-clockwise; empty when the cell vanished. */
  polygon: Position[];
  /** The bisectors that bound the cell (redundant ones left out). */
  planes: HalfPlane[];
  box: [number, number, number, number];
}

export function powerCell(sites: readonly PowerSite[], index: number, box: [number, number, number, number]): PowerCell {
  const planes: HalfPlane[] = [];
  for (let j = 0; j < sites.length; j++) if (j !== index) planes.push(bisector(sites, index, j));
  const polygon = convexRegion(box, planes);
  if (polygon.length < 3) return { polygon: [], planes: [], box };
  const scale = Math.max(box[2] - box[0], box[3] - box[1]);
  const active = planes.filter((plane) => {
    const norm = Math.hypot(plane.a, plane.b);
    let onLine = 0;
    for (const point of polygon) if (Math.abs(plane.a * point[0] + plane.b * point[1] + plane.c) / norm < scale * 1e-9) onLine++;
    return onLine >= 2;
  });
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const [x, y] of polygon) {
    if (x < minX) minX = x; if (x > maxX) maxX = x; if (y < minY) minY = y; if (y > maxY) maxY = y;
  }
  return { polygon, planes: active, box: [minX, minY, maxX, maxY] };
}
