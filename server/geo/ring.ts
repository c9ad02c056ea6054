// Small planar helpers on rings and polygons (degrees) plus geodesic area in m².
import type { Position, Ring, PolygonCoords } from './types.ts';

const EARTH_RADIUS_M = 6378137;

/** Signed planar area (shoelace) of a closed ring; positive when counter-clockwise. */
export function signedArea(ring: Ring): number {
  let sum = 0;
  for (let i = 0, n = ring.length - 1; i < n; i++) {
    const a = ring[i], b = ring[i + 1];
    sum += a[0] * b[1] - b[0] * a[1];
  }
  return sum / 2;
}

/** Geodesic area of a ring on the sphere (m², absolute), as in RFC 7946 tools. */
export function ringAreaM2(ring: Ring): number {
  const n = ring.length;
  if (n < 4) return 0;
  let total = 0;
  const rad = Math.PI / 180;
  for (let i = 0; i < n - 1; i++) {
    const p1 = ring[i], p2 = ring[(i + 1) % (n - 1)], p3 = ring[(i + 2) % (n - 1)];
    total += (p3[0] * rad - p1[0] * rad) * Math.sin(p2[1] * rad);
  }
  return Math.abs((total * EARTH_RADIUS_M * EARTH_RADIUS_M) / 2);
}

/** Geodesic area of a polygon: exterior minus holes (m²). */
export function polygonAreaM2(polygon: PolygonCoords): number {
  let area = ringAreaM2(polygon[0]);
  for (let i = 1; i < polygon.length; i++) area -= ringAreaM2(polygon[i]);
  return Math.max(0, area);
}

/** Geodesic perimeter of a polygon's rings (m), haversine per edge. */
export function polygonPerimeterM(polygon: PolygonCoords): number {
  let total = 0;
  for (const ring of polygon) for (let i = 0; i < ring.length - 1; i++) total += distanceM(ring[i], ring[i + 1]);
  return total;
}

export function distanceM(a: Position, b: Position): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad, dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Rewind a polygon to RFC 7946 order: exterior counter-clockwise, holes clockwise. */
export function rewindPolygon(polygon: PolygonCoords): PolygonCoords {
  return polygon.map((ring, i) => {
    const ccw = signedArea(ring) > 0;
    return (i === 0) === ccw ? ring : ring.slice().reverse();
  });
}

export type BBox = [number, number, number, number];

export function ringBBox(ring: Ring): BBox {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const [x, y] of ring) {
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
  }
  return [minX, minY, maxX, maxY];
}

/** Even-odd crossing test against one ring (boundary points are unspecified). */
export function pointInRing(x: number, y: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 2; i < ring.length - 1; j = i++) {
    const xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Point in polygon with holes (even-odd over all rings). */
export function pointInPolygon(x: number, y: number, polygon: PolygonCoords): boolean {
  let inside = false;
  for (const ring of polygon) if (pointInRing(x, y, ring)) inside = !inside;
  return inside;
}
