// ESRI Shapefile main file (.shp) reader: points, multipoints, polylines and polygons, with or
// without Z/M (only x and y are kept). Polygon rings are grouped into polygons by their
// orientation: outer rings clockwise, holes counter-clockwise (ESRI whitepaper, 1998).
import type { Position } from '../../geo/types.ts';
import { pointInRing, signedArea } from '../../geo/ring.ts';

export type ShpGeometry =
  | { type: 'Point'; coordinates: Position }
  | { type: 'MultiPoint'; coordinates: Position[] }
  | { type: 'LineString'; coordinates: Position[] }
  | { type: 'MultiLineString'; coordinates: Position[][] }
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] };

export interface ShpFile {
  /** Shape type of the header (1 point, 3 polyline, 5 polygon, 8 multipoint; +10 Z, +20 M). */
  shapeType: number;
  bbox: [number, number, number, number];
  /** One entry per record, in order; null for a null shape. */
  shapes: Array<ShpGeometry | null>;
}

export type ShpRead = { valid: true; file: ShpFile } | { valid: false; reason: string };

const HEADER_BYTES = 100;
const FILE_CODE = 9994;
/** Base shape type (without Z/M) by shape type. */
const BASE_TYPE: Record<number, number> = { 0: 0, 1: 1, 3: 3, 5: 5, 8: 8, 11: 1, 13: 3, 15: 5, 18: 8, 21: 1, 23: 3, 25: 5, 28: 8 };

function closed(ring: Position[]): Position[] {
  const first = ring[0], last = ring[ring.length - 1];
  return first[0] === last[0] && first[1] === last[1] ? ring : [...ring, first];
}

/** Whether most sampled vertices of `inner` lie inside `outer`: a hole may touch its outer ring at a vertex. */
function mostlyInside(inner: Position[], outer: Position[]): boolean {
  const step = Math.max(1, Math.floor((inner.length - 1) / 16));
  let inside = 0, sampled = 0;
  for (let index = 0; index < inner.length - 1; index += step) {
    sampled++;
    if (pointInRing(inner[index][0], inner[index][1], outer)) inside++;
  }
  return inside * 2 > sampled;
}

/**
 * Rings → polygons (GeoJSON order: exterior counter-clockwise, holes clockwise). Each clockwise ring
 * starts a polygon; each counter-clockwise ring is a hole of the smallest polygon containing it.
 * A "hole" inside no polygon is taken as an outer ring, since some writers get the order wrong.
 */
export function assemblePolygons(rings: Position[][]): Position[][][] {
  const usable = rings.map(closed).filter((ring) => ring.length >= 4 && signedArea(ring) !== 0);
  const outers: Array<{ ring: Position[]; area: number; holes: Position[][] }> = [];
  const holes: Position[][] = [];
  for (const ring of usable) {
    const area = signedArea(ring);
    if (area < 0) outers.push({ ring: [...ring].reverse(), area: -area, holes: [] });
    else holes.push(ring);
  }
  for (const hole of holes) {
    let owner: (typeof outers)[number] | undefined;
    for (const outer of outers) {
      if ((!owner || outer.area < owner.area) && mostlyInside(hole, outer.ring)) owner = outer;
    }
    if (owner) owner.holes.push([...hole].reverse());
    else outers.push({ ring: hole, area: signedArea(hole), holes: [] });
  }
  return outers.map((outer) => [outer.ring, ...outer.holes]);
}

function readPoints(view: DataView, at: number, count: number): Position[] {
  const points: Position[] = new Array(count);
  for (let index = 0; index < count; index++) points[index] = [view.getFloat64(at + index * 16, true), view.getFloat64(at + index * 16 + 8, true)];
  return points;
}

/** Parts of a polyline or polygon record (content starts at `at` with the shape type). */
function readParts(view: DataView, at: number, length: number): Position[][] | undefined {
  if (length < 44) return undefined;
  const partCount = view.getInt32(at + 36, true);
  const pointCount = view.getInt32(at + 40, true);
  if (partCount < 0 || pointCount < 0 || 44 + partCount * 4 + pointCount * 16 > length) return undefined;
  const starts = Array.from({ length: partCount }, (_, index) => view.getInt32(at + 44 + index * 4, true));
  const points = readPoints(view, at + 44 + partCount * 4, pointCount);
  return starts.map((start, index) => points.slice(start, index + 1 < partCount ? starts[index + 1] : pointCount));
}

function readShape(view: DataView, at: number, length: number, source: string, recordNumber: number): ShpGeometry | null | string {
  const type = view.getInt32(at, true);
  const base = BASE_TYPE[type];
  if (base === undefined) return `${source}: record ${recordNumber} has shape type ${type} (multipatch or unknown), not read`;
  if (base === 0) return null;
  if (base === 1) {
    if (length < 20) return `${source}: record ${recordNumber} is cut short`;
    return { type: 'Point', coordinates: [view.getFloat64(at + 4, true), view.getFloat64(at + 12, true)] };
  }
  if (base === 8) {
    const count = length >= 40 ? view.getInt32(at + 36, true) : -1;
    if (count < 0 || 40 + count * 16 > length) return `${source}: record ${recordNumber} is cut short`;
    return { type: 'MultiPoint', coordinates: readPoints(view, at + 40, count) };
  }
  const parts = readParts(view, at, length);
  if (!parts) return `${source}: record ${recordNumber} is cut short`;
  if (base === 3) {
    const lines = parts.filter((part) => part.length >= 2);
    if (lines.length === 0) return null;
    return lines.length === 1 ? { type: 'LineString', coordinates: lines[0] } : { type: 'MultiLineString', coordinates: lines };
  }
  const polygons = assemblePolygons(parts);
  if (polygons.length === 0) return null;
  return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons };
}

/** Reads every record of a .shp; the reason of a failure names the file and the record. */
export function readShp(bytes: Uint8Array, source: string, warnings: string[] = []): ShpRead {
  if (bytes.byteLength < HEADER_BYTES) return { valid: false, reason: `${source}: too short for a shapefile header` };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getInt32(0, false) !== FILE_CODE) return { valid: false, reason: `${source}: not a shapefile (file code ${view.getInt32(0, false)})` };
  const shapeType = view.getInt32(32, true);
  if (BASE_TYPE[shapeType] === undefined) return { valid: false, reason: `${source}: shape type ${shapeType} is not supported (points, lines and polygons are)` };
  const bbox = [0, 1, 2, 3].map((index) => view.getFloat64(36 + index * 8, true)) as ShpFile['bbox'];
  // The header's length is in 16-bit words; trust the bytes present when it overstates them.
  const end = Math.min(bytes.byteLength, view.getInt32(24, false) * 2);
  const shapes: ShpFile['shapes'] = [];
  let offset = HEADER_BYTES;
  while (offset + 8 <= end) {
    const recordNumber = view.getInt32(offset, false);
    const length = view.getInt32(offset + 4, false) * 2;
    if (length < 4 || offset + 8 + length > end) return { valid: false, reason: `${source}: record ${recordNumber} at byte ${offset} runs past the end of the file` };
    const shape = readShape(view, offset + 8, length, source, recordNumber);
    if (typeof shape === 'string') {
      warnings.push(shape);
      shapes.push(null);
    } else shapes.push(shape);
    offset += 8 + length;
  }
  return { valid: true, file: { shapeType, bbox, shapes } };
}
