// Bounding boxes and the exact "geometry intersects a box" test behind the `bbox` parameter: the
// spatial index only narrows candidates by their boxes, this decides.
import type { Geometry, Position } from 'geojson';

export type Box = [number, number, number, number];

/** Polygon rings of a geometry (each polygon's rings together); empty for points and lines. */
function polygonsOf(geometry: Geometry): Position[][][] {
  if (geometry.type === 'Polygon') return [geometry.coordinates];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates;
  return [];
}

function pathsOf(geometry: Geometry): Position[][] {
  switch (geometry.type) {
    case 'Point':
      return [[geometry.coordinates]];
    case 'MultiPoint':
      return geometry.coordinates.map((point) => [point]);
    case 'LineString':
      return [geometry.coordinates];
    case 'MultiLineString':
      return geometry.coordinates;
    case 'Polygon':
      return geometry.coordinates;
    case 'MultiPolygon':
      return geometry.coordinates.flat();
    case 'GeometryCollection':
      return geometry.geometries.flatMap(pathsOf);
  }
}

export function geometryBox(geometry: Geometry): Box {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const path of pathsOf(geometry)) {
    for (const [x, y] of path) {
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
  }
  return [minX, minY, maxX, maxY];
}

export function unionBox(boxes: Iterable<Box>): Box | null {
  let result: Box | null = null;
  for (const [minX, minY, maxX, maxY] of boxes) {
    if (!result) result = [minX, minY, maxX, maxY];
    else {
      if (minX < result[0]) result[0] = minX;
      if (minY < result[1]) result[1] = minY;
      if (maxX > result[2]) result[2] = maxX;
      if (maxY > result[3]) result[3] = maxY;
    }
  }
  return result;
}

function inBox(x: number, y: number, box: Box): boolean {
  return x >= box[0] && x <= box[2] && y >= box[1] && y <= box[3];
}

/** Even-odd test over every ring of one polygon. */
function insidePolygon(x: number, y: number, rings: Position[][]): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/** Liang–Barsky clipping: true when the segment touches the box. */
function segmentTouchesBox(ax: number, ay: number, bx: number, by: number, box: Box): boolean {
  let t0 = 0, t1 = 1;
  const dx = bx - ax, dy = by - ay;
  const checks: Array<[number, number]> = [
    [-dx, ax - box[0]],
    [dx, box[2] - ax],
    [-dy, ay - box[1]],
    [dy, box[3] - ay],
  ];
  for (const [p, q] of checks) {
    if (p === 0) {
      if (q < 0) return false;
    } else {
      const t = q / p;
      if (p < 0) {
        if (t > t1) return false;
        if (t > t0) t0 = t;
      } else {
        if (t < t0) return false;
        if (t < t1) t1 = t;
      }
    }
  }
  return true;
}

/** True when the geometry shares at least one point with the (closed) box. */
export function intersectsBox(geometry: Geometry, box: Box): boolean {
  for (const path of pathsOf(geometry)) {
    if (path.length === 1 && inBox(path[0][0], path[0][1], box)) return true;
    for (let i = 1; i < path.length; i++) {
      if (segmentTouchesBox(path[i - 1][0], path[i - 1][1], path[i][0], path[i][1], box)) return true;
    }
  }
  // No boundary crosses the box: it may still lie wholly inside a polygon.
  const [centreX, centreY] = [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2];
  return polygonsOf(geometry).some((rings) => insidePolygon(centreX, centreY, rings));
}
