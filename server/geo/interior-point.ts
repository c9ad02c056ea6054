// A point guaranteed to lie inside a polygon (unlike the centroid of a C-shaped or thin face): cast a few
// horizontal scanlines strictly between distinct vertex latitudes and take the midpoint of the widest
// inside interval.
import type { PolygonCoords, Position } from './types.ts';

export interface InteriorPoint {
  point: Position;
  /** Width (degrees of longitude) of the inside interval the point is the middle of. */
  width: number;
}

/** Interior point of a polygon with holes (even-odd over all rings); null for a degenerate polygon. */
export function interiorPoint(polygon: PolygonCoords): Position | null {
  return interiorPointWithWidth(polygon)?.point ?? null;
}

export function interiorPointWithWidth(polygon: PolygonCoords): InteriorPoint | null {
  const ys: number[] = [];
  for (const ring of polygon) for (const position of ring) ys.push(position[1]);
  ys.sort((a, b) => a - b);
  const distinct: number[] = [];
  for (const y of ys) if (distinct.length === 0 || distinct[distinct.length - 1] !== y) distinct.push(y);
  if (distinct.length < 2) return null;

  // Candidate scanlines: the gap at the middle of the latitude range, at its quartiles, and the largest gap.
  const gaps = new Set<number>();
  const low = distinct[0], high = distinct[distinct.length - 1];
  for (const fraction of [0.5, 0.25, 0.75]) gaps.add(gapContaining(distinct, low + (high - low) * fraction));
  let largest = 0;
  for (let i = 1; i < distinct.length - 1; i++) if (distinct[i + 1] - distinct[i] > distinct[largest + 1] - distinct[largest]) largest = i;
  gaps.add(largest);

  let best: InteriorPoint | null = null;
  for (const gap of [...gaps].sort((a, b) => a - b)) {
    const y = (distinct[gap] + distinct[gap + 1]) / 2;
    const candidate = widestInterval(polygon, y);
    if (candidate && (best === null || candidate.width > best.width)) best = candidate;
  }
  return best;
}

/** Index i of the gap (distinct[i], distinct[i+1]) containing y, clamped to valid gaps. */
function gapContaining(distinct: number[], y: number): number {
  let low = 0, high = distinct.length - 2;
  while (low < high) {
    const middle = (low + high + 1) >>> 1;
    if (distinct[middle] <= y) low = middle;
    else high = middle - 1;
  }
  return low;
}

function widestInterval(polygon: PolygonCoords, y: number): InteriorPoint | null {
  const crossings: number[] = [];
  for (const ring of polygon) {
    for (let i = 0; i < ring.length - 1; i++) {
      const [x1, y1] = ring[i], [x2, y2] = ring[i + 1];
      if (y1 < y === y2 < y) continue;
      crossings.push(x1 + ((y - y1) * (x2 - x1)) / (y2 - y1));
    }
  }
  if (crossings.length < 2) return null;
  crossings.sort((a, b) => a - b);
  let best: InteriorPoint | null = null;
  for (let i = 0; i + 1 < crossings.length; i += 2) {
    const width = crossings[i + 1] - crossings[i];
    if (width > 0 && (best === null || width > best.width)) best = { point: [(crossings[i] + crossings[i + 1]) / 2, y], width };
  }
  return best;
}

/** Interior point of the largest part (by planar area) of a multi-part geometry; null when none is usable. */
export function interiorPointOfParts(parts: PolygonCoords[]): Position | null {
  let best: PolygonCoords | null = null, bestArea = -1;
  for (const part of parts) {
    const ring = part[0];
    if (!ring || ring.length < 4) continue;
    const area = Math.abs(relativeArea(ring));
    if (area > bestArea) {
      best = part;
      bestArea = area;
    }
  }
  return best ? interiorPoint(best) : null;
}

/** Shoelace area relative to the first vertex, which avoids cancellation at real longitudes. */
function relativeArea(ring: Position[]): number {
  const [ox, oy] = ring[0];
  let sum = 0;
  for (let i = 1; i < ring.length - 1; i++) sum += (ring[i][0] - ox) * (ring[i + 1][1] - oy) - (ring[i + 1][0] - ox) * (ring[i][1] - oy);
  return sum / 2;
}
