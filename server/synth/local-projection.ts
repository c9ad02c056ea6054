// Local equirectangular projection (metres east/north of an origin) so distances and areas are metric.
// Linear in both directions, so straight edges stay straight and shared vertices stay shared.
import type { Position, PolygonCoords } from '../geo/types.ts';

const EARTH_RADIUS_M = 6378137;
const METRES_PER_DEGREE = (Math.PI / 180) * EARTH_RADIUS_M;

export interface LocalProjection {
  origin: Position;
  toLocal(position: Position): Position;
  toLonLat(position: Position): Position;
}

export function createLocalProjection(origin: Position): LocalProjection {
  const metresPerDegreeLon = METRES_PER_DEGREE * Math.cos((origin[1] * Math.PI) / 180);
  return {
    origin,
    toLocal: ([lon, lat]) => [(lon - origin[0]) * metresPerDegreeLon, (lat - origin[1]) * METRES_PER_DEGREE],
    toLonLat: ([x, y]) => [origin[0] + x / metresPerDegreeLon, origin[1] + y / METRES_PER_DEGREE],
  };
}

export function mapPolygon(polygon: PolygonCoords, transform: (position: Position) => Position): PolygonCoords {
  return polygon.map((ring) => ring.map(transform));
}

export function mapLine(line: Position[], transform: (position: Position) => Position): Position[] {
  return line.map(transform);
}
