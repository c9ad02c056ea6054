// A point well inside a polygon: the middle of the widest inside stretch of a few horizontal scan lines.
import type { Position, PolygonCoords } from '../geo/types.ts';

/** Inside intervals [x0, x1, x2, x3, ...] of the horizontal line at y (even-odd over all rings). */
export function scanlineIntervals(polygon: PolygonCoords, y: number): number[] {
  const crossings: number[] = [];
  for (const ring of polygon) {
    for (let i = 0; i < ring.length - 1; i++) {
      const [x1, y1] = ring[i], [x2, y2] = ring[i + 1];
      if ((y1 > y) !== (y2 > y)) crossings.push(x1 + ((y - y1) * (x2 - x1)) / (y2 - y1));
    }
  }
  return crossings.sort((a, b) => a - b);
}

export function interiorPoint(polygon: PolygonCoords): Position | null {
  let minY = Infinity, maxY = -Infinity;
  for (const [, y] of polygon[0]) { if (y < minY) minY = y; if (y > maxY) maxY = y; }
  if (!(maxY > minY)) return null;
  let best: Position | null = null, bestWidth = 0;
  // Irrational fractions keep the scan lines off vertex latitudes in practice.
  for (const fraction of [0.5, 0.3183, 0.6931, 0.1414, 0.8660]) {
    const y = minY + (maxY - minY) * fraction;
    const xs = scanlineIntervals(polygon, y);
    for (let i = 0; i + 1 < xs.length; i += 2) {
      const width = xs[i + 1] - xs[i];
      if (width > bestWidth) { bestWidth = width; best = [(xs[i] + xs[i + 1]) / 2, y]; }
    }
  }
  return best;
}
