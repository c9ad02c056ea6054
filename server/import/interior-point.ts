// A point guaranteed to lie inside a polygon (unlike the centroid of a C-shaped area).
import type { MultiPolygonCoords, PolygonCoords, Position } from '../geo/types.ts';
import { ringBBox, signedArea } from '../geo/ring.ts';

/**
 * Cast a horizontal line through the middle of the exterior's extent, collect its crossings with
 * every ring, and take the middle of the widest inside stretch.
 */
export function interiorPoint(polygon: PolygonCoords): Position {
  const [, minY, , maxY] = ringBBox(polygon[0]);
  const vertexYs = new Set(polygon.flatMap((ring) => ring.map((p) => p[1])));
  let y = (minY + maxY) / 2;
  // A scan line through a vertex would count that crossing twice or not at all.
  for (let step = 1; vertexYs.has(y) && step < 64; step++) y = minY + ((maxY - minY) * (step * 0.618034 % 1));
  const crossings: number[] = [];
  for (const ring of polygon) {
    for (let i = 0; i < ring.length - 1; i++) {
      const [x1, y1] = ring[i], [x2, y2] = ring[i + 1];
      if (y1 > y !== y2 > y) crossings.push(x1 + ((y - y1) * (x2 - x1)) / (y2 - y1));
    }
  }
  crossings.sort((a, b) => a - b);
  let best: Position = polygon[0][0];
  let widest = -1;
  for (let i = 0; i + 1 < crossings.length; i += 2) {
    const width = crossings[i + 1] - crossings[i];
    if (width > widest) {
      widest = width;
      best = [(crossings[i] + crossings[i + 1]) / 2, y];
    }
  }
  return best;
}

/** Interior point of the largest part of a multipolygon. */
export function multiPolygonInteriorPoint(polygons: MultiPolygonCoords): Position {
  let largest = polygons[0];
  for (const polygon of polygons) if (Math.abs(signedArea(polygon[0])) > Math.abs(signedArea(largest[0]))) largest = polygon;
  return interiorPoint(largest);
}
