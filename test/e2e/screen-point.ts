// Where a place is on the map's screen, from the camera the page reports (centre, zoom; the map
// never rotates or tilts), and a point well inside a polygon to click on.
import type { MultiPolygon, Polygon } from 'geojson';
import { pointInPolygon } from '../../server/geo/ring.ts';
import type { PolygonCoords, Position } from '../../server/geo/types.ts';

/** MapLibre's zoom 0 shows the world on one 512-pixel tile. */
const TILE_SIZE = 512;

function worldPixel(lon: number, lat: number, zoom: number): [number, number] {
  const scale = TILE_SIZE * 2 ** zoom;
  const x = ((lon + 180) / 360) * scale;
  const sin = Math.sin((lat * Math.PI) / 180);
  const y = (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * scale;
  return [x, y];
}

export interface Camera {
  center: [number, number];
  zoom: number;
}

/** Pixel offset inside the map element of a WGS84 position. */
export function screenPosition(camera: Camera, size: { width: number; height: number }, position: Position): { x: number; y: number } {
  const [centreX, centreY] = worldPixel(camera.center[0], camera.center[1], camera.zoom);
  const [x, y] = worldPixel(position[0], position[1], camera.zoom);
  return { x: size.width / 2 + (x - centreX), y: size.height / 2 + (y - centreY) };
}

/**
 * A point far from every edge of the largest part: the best of a lattice of candidates, by distance
 * to the nearest edge in locally scaled degrees. Good enough to click on, not an exact pole.
 */
export function deepInteriorPoint(geometry: Polygon | MultiPolygon, lattice = 48): Position {
  const parts: PolygonCoords[] = geometry.type === 'Polygon' ? [geometry.coordinates as PolygonCoords] : (geometry.coordinates as PolygonCoords[]);
  let best: { point: Position; depth: number } | null = null;
  for (const part of parts) {
    const ring = part[0];
    const lons = ring.map((position) => position[0]);
    const lats = ring.map((position) => position[1]);
    const [west, east, south, north] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
    const cosLat = Math.cos((((south + north) / 2) * Math.PI) / 180);
    for (let row = 0; row <= lattice; row++) {
      for (let column = 0; column <= lattice; column++) {
        const lon = west + ((east - west) * (column + 0.5)) / (lattice + 1);
        const lat = south + ((north - south) * (row + 0.5)) / (lattice + 1);
        if (!pointInPolygon(lon, lat, part)) continue;
        const depth = distanceToEdges([lon, lat], part, cosLat);
        if (!best || depth > best.depth) best = { point: [lon, lat], depth };
      }
    }
  }
  if (!best) throw new Error('no interior point found');
  return best.point;
}

function distanceToEdges(point: Position, polygon: PolygonCoords, cosLat: number): number {
  let nearest = Infinity;
  for (const ring of polygon) {
    for (let index = 0; index + 1 < ring.length; index++) {
      nearest = Math.min(nearest, segmentDistance(point, ring[index], ring[index + 1], cosLat));
    }
  }
  return nearest;
}

function segmentDistance(point: Position, start: Position, end: Position, cosLat: number): number {
  const px = (point[0] - start[0]) * cosLat;
  const py = point[1] - start[1];
  const dx = (end[0] - start[0]) * cosLat;
  const dy = end[1] - start[1];
  const lengthSquared = dx * dx + dy * dy;
  const along = lengthSquared > 0 ? Math.max(0, Math.min(1, (px * dx + py * dy) / lengthSquared)) : 0;
  return Math.hypot(px - along * dx, py - along * dy);
}
