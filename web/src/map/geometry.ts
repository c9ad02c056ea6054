// Small geometry helpers for the map: extents to fit and interior points to hang labels on.
import type { MultiPolygon, Polygon, Position } from 'geojson';

export type BBox = [number, number, number, number];
export type AreaShape = Polygon | MultiPolygon;

function polygonsOf(geometry: AreaShape): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

export function extendBBox(box: BBox | null, lon: number, lat: number): BBox {
  if (box === null) return [lon, lat, lon, lat];
  return [Math.min(box[0], lon), Math.min(box[1], lat), Math.max(box[2], lon), Math.max(box[3], lat)];
}

/** The extent of the exterior rings of the given shapes; null when there is nothing. */
export function shapesBBox(shapes: readonly AreaShape[]): BBox | null {
  let box: BBox | null = null;
  for (const shape of shapes) {
    for (const polygon of polygonsOf(shape)) {
      for (const [lon, lat] of polygon[0] ?? []) box = extendBBox(box, lon, lat);
    }
  }
  return box;
}

/** Planar shoelace area in squared degrees: enough to pick the largest part of a shape. */
function ringPlanarArea(ring: Position[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) sum += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return Math.abs(sum) / 2;
}

/** Where a horizontal line crosses the polygon's rings, sorted west to east (inside between pairs). */
function crossings(polygon: Position[][], lat: number): number[] {
  const xs: number[] = [];
  for (const ring of polygon) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [x1, y1] = ring[j];
      const [x2, y2] = ring[i];
      // Half-open rule so a vertex on the line is counted once.
      if ((y1 > lat) !== (y2 > lat)) xs.push(x1 + ((lat - y1) / (y2 - y1)) * (x2 - x1));
    }
  }
  return xs.sort((a, b) => a - b);
}

/**
 * A point inside the shape, away from its edges along the widest horizontal run: the centroid of
 * an L- or U-shaped area can fall outside it, this cannot. Null for an empty or degenerate shape.
 */
export function labelPoint(shape: AreaShape): [number, number] | null {
  const polygons = polygonsOf(shape).filter((polygon) => polygon[0] && polygon[0].length >= 4);
  if (polygons.length === 0) return null;
  const largest = polygons.reduce((best, polygon) => (ringPlanarArea(polygon[0]) > ringPlanarArea(best[0]) ? polygon : best));
  const box = shapesBBox([{ type: 'Polygon', coordinates: largest }]);
  if (!box || box[3] <= box[1]) return null;
  const lines = 9;
  let best: { width: number; lon: number; lat: number; centrality: number } | null = null;
  for (let k = 1; k <= lines; k++) {
    const lat = box[1] + ((box[3] - box[1]) * k) / (lines + 1);
    const xs = crossings(largest, lat);
    // Prefer central lines a little, so labels sit near the visual middle.
    const centrality = 1 - Math.abs(k - (lines + 1) / 2) / lines;
    for (let i = 0; i + 1 < xs.length; i += 2) {
      const width = xs[i + 1] - xs[i];
      const score = width * (0.75 + 0.25 * centrality);
      if (best === null || score > best.width * (0.75 + 0.25 * best.centrality)) {
        best = { width, lon: (xs[i] + xs[i + 1]) / 2, lat, centrality };
      }
    }
  }
  return best ? [best.lon, best.lat] : null;
}
