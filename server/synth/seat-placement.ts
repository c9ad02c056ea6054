// Move an approximate seat location into a polygon: seats outside it (or hugging its edge) go to the
// nearest point that lies at least `depth` metres inside, so their unit has room around them.
import type { Position, PolygonCoords } from '../geo/types.ts';
import { pointInPolygon } from '../geo/ring.ts';
import { interiorPoint } from './interior-point.ts';

export function distanceToBoundary(point: Position, polygon: PolygonCoords): number {
  let best = Infinity;
  for (const ring of polygon) {
    for (let i = 0; i < ring.length - 1; i++) {
      const [ax, ay] = ring[i], [bx, by] = ring[i + 1];
      const dx = bx - ax, dy = by - ay;
      const lengthSquared = dx * dx + dy * dy;
      const t = lengthSquared > 0 ? Math.max(0, Math.min(1, ((point[0] - ax) * dx + (point[1] - ay) * dy) / lengthSquared)) : 0;
      const distance = Math.hypot(point[0] - (ax + t * dx), point[1] - (ay + t * dy));
      if (distance < best) best = distance;
    }
  }
  return best;
}

export interface PlacedSeat {
  position: Position;
  moved: boolean;
}

export function placeSeat(seat: Position, polygon: PolygonCoords, depth: number): PlacedSeat {
  if (pointInPolygon(seat[0], seat[1], polygon) && distanceToBoundary(seat, polygon) >= depth) return { position: seat, moved: false };
  // Search rings of growing radius; the first ring with an admissible point gives the nearest one.
  const step = depth / 4;
  for (let radius = step; radius <= 60 * depth; radius += step) {
    let best: Position | null = null, bestDistance = Infinity;
    const count = Math.max(8, Math.ceil((2 * Math.PI * radius) / step));
    for (let k = 0; k < count; k++) {
      const angle = (2 * Math.PI * k) / count;
      const candidate: Position = [seat[0] + radius * Math.cos(angle), seat[1] + radius * Math.sin(angle)];
      if (!pointInPolygon(candidate[0], candidate[1], polygon)) continue;
      if (distanceToBoundary(candidate, polygon) < depth) continue;
      const distance = Math.hypot(candidate[0] - seat[0], candidate[1] - seat[1]);
      if (distance < bestDistance) { best = candidate; bestDistance = distance; }
    }
    if (best) return { position: best, moved: true };
  }
  return { position: interiorPoint(polygon) ?? seat, moved: true };
}
