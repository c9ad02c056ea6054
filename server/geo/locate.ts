// Point location: which unit grid contains a point.
//
// Layout: all rings in flat typed arrays; a uniform cell grid over the grids' union bounding box;
// every edge rasterised (supercover, with a small margin) into the cells it touches. A cell no edge
// touches lies wholly inside one grid or outside all, so its answer is stored and a query there is
// one array read. A cell some edge crosses keeps one contiguous record: a reference point, each
// candidate grid's containment of it and that grid's edges inside the cell. A query there counts
// the edges that the step point → reference crosses (exact orientation predicates), so its cost is
// the few edges in the cell, not the size of the polygons.
//
// Border rule: among the grids whose CLOSED polygon contains the point, the one with the smallest
// code wins (codes compared with JavaScript `<`, i.e. UTF-16 code units; equal codes fall back to
// input order). So a point on a border shared by two grids, or on a vertex shared by several,
// always gets the same answer, and a point on the outer border of the covered area belongs to the
// grid that touches it. Holes are honoured: a point in a hole that no other grid fills is outside.
// The same rule settles overlapping grids.
import { orient2d } from 'robust-predicates';
import type { PolygonCoords } from './types.ts';
import { containsClosed, flattenRings } from './locate-rings.ts';
import { makeCellGrid } from './locate-raster.ts';
import { buildCellTable, REFERENCE_INSIDE, REFERENCE_UNKNOWN } from './locate-cells.ts';

/** Error bound of the fast orientation filter (Shewchuk's ccwerrboundA), as in robust-predicates. */
const ORIENT_FILTER = (3 + 16 * 2 ** -53) * 2 ** -53;

export interface LocatorGrid {
  code: string;
  polygon: PolygonCoords;
}

/** Points per locateMany batch: their boundary records fit in the first-level caches. */
const LOCATE_BATCH = 256;

/** Upper bound of the resolution: 4096² cells would take 64 MB. */
const MAX_CELLS = 4096;

export interface LocatorOptions {
  /** Cells along the longer side of the bounding box (the other side in proportion), 1..4096. */
  cells?: number;
}

export interface Locator {
  /** Grid codes in input order; locateIndex answers an index into this array. */
  codes: string[];
  /** Code of the grid containing the point, or null when no grid does. */
  locate(lon: number, lat: number): string | null;
  /** Index into `codes` of the grid containing the point, or -1. */
  locateIndex(lon: number, lat: number): number;
  /** Indices (or -1) for the points of a flat x0,y0,x1,y1,... array. */
  locateMany(coordinates: Float64Array): Int32Array;
}

/**
 * Default resolution along the long side: about 3·√(edge count), so finer for more detailed grids,
 * within [16, 768] (512-ish for a county of unit grids; the cell table stays a few MB).
 */
export function defaultCells(edgeCount: number): number {
  return Math.max(16, Math.min(768, Math.round(3 * Math.sqrt(edgeCount))));
}

/** Rank of each grid in code order (smallest code = 0). */
export function rankByCode(codes: readonly string[]): Int32Array {
  const order = codes.map((_, index) => index);
  order.sort((a, b) => (codes[a] < codes[b] ? -1 : codes[a] > codes[b] ? 1 : a - b));
  const rank = new Int32Array(codes.length);
  order.forEach((grid, position) => { rank[grid] = position; });
  return rank;
}

export function buildLocator(grids: ReadonlyArray<LocatorGrid>, options: LocatorOptions = {}): Locator {
  const codes = grids.map((grid) => grid.code);
  const rings = flattenRings(grids.map((grid) => grid.polygon));
  const edgeCount = rings.xs.length - (rings.ringStart.length - 1);
  if (edgeCount <= 0) return emptyLocator(codes);

  const requested = options.cells;
  const resolution = requested !== undefined && Number.isFinite(requested) && requested >= 1
    ? Math.min(MAX_CELLS, requested)
    : defaultCells(edgeCount);
  const cells = makeCellGrid(rings.minX, rings.minY, rings.maxX, rings.maxY, resolution);
  const table = buildCellTable(rings, rankByCode(codes), cells);

  const { minX, minY, maxX, maxY, columns, rows, scaleX, scaleY } = cells;
  const lastColumn = columns - 1, lastRow = rows - 1;
  const { cellValue, records } = table;
  // Local copies: module bindings may be accessors once transpiled, too slow for the inner loop.
  const stateInside = REFERENCE_INSIDE, stateUnknown = REFERENCE_UNKNOWN;

  /**
   * Exact answer in a cell some edge crosses. Per candidate (code order, first container wins):
   * containment of the reference point, flipped by every edge that the step point → reference
   * crosses; a step through a vertex is settled by the exact test instead.
   */
  const locateInBoundaryCell = (offset: number, x: number, y: number): number => {
    const rx = records[offset], ry = records[offset + 1];
    let at = offset + 3;
    for (let candidates = records[offset + 2]; candidates > 0; candidates--) {
      const grid = records[at], state = records[at + 1];
      const end = at + 3 + 4 * records[at + 2];
      let inside = state === stateInside;
      let exact = state === stateUnknown;
      for (let m = at + 3; m < end && !exact; m += 4) {
        const ax = records[m], ay = records[m + 1], bx = records[m + 2], by = records[m + 3];
        // Orientation with the predicate's own error filter inline; exact arithmetic only near zero.
        const left = (ay - y) * (bx - x), right = (ax - x) * (by - y);
        let side = left - right;
        if (Math.abs(side) < ORIENT_FILTER * Math.abs(left + right)) side = orient2d(ax, ay, bx, by, x, y);
        // The reference lies on the positive side; same side means the step cannot cross.
        if (side > 0) continue;
        if (side === 0) {
          // On the edge itself: on the border, and closed polygons contain it. Off the edge, the
          // step meets that line only at the point itself, which is no crossing.
          if ((ax <= x || bx <= x) && (ax >= x || bx >= x) && (ay <= y || by <= y) && (ay >= y || by >= y)) return grid;
          continue;
        }
        const sideA = orient2d(x, y, rx, ry, ax, ay);
        const sideB = orient2d(x, y, rx, ry, bx, by);
        if (sideA === 0 || sideB === 0) exact = true;
        else if (sideA > 0 !== sideB > 0) inside = !inside;
      }
      if (exact ? containsClosed(rings, grid, x, y) : inside) return grid;
      at = end;
    }
    return -1;
  };

  const cellOf = (x: number, y: number): number => {
    if (!(x >= minX && x <= maxX && y >= minY && y <= maxY)) return -1;
    let column = ((x - minX) * scaleX) | 0;
    if (column > lastColumn) column = lastColumn;
    let row = ((y - minY) * scaleY) | 0;
    if (row > lastRow) row = lastRow;
    return cellValue[row * columns + column];
  };

  const locateIndex = (x: number, y: number): number => {
    const value = cellOf(x, y);
    return value >= -1 ? value : locateInBoundaryCell(-2 - value, x, y);
  };

  // Random points miss the cache on nearly every table read. Reading a batch's cell values, then
  // the first lines of each boundary record, in tight independent loops lets those misses overlap
  // before the dependent per-point work runs on cached data.
  const batchValues = new Int32Array(LOCATE_BATCH);
  const lastRecord = records.length - 1;
  let touched = 0; // written so the touching reads are not optimised away
  const locateMany = (coordinates: Float64Array): Int32Array => {
    const count = coordinates.length >> 1;
    const out = new Int32Array(count);
    for (let start = 0; start < count; start += LOCATE_BATCH) {
      const size = Math.min(LOCATE_BATCH, count - start);
      for (let i = 0; i < size; i++) batchValues[i] = cellOf(coordinates[2 * (start + i)], coordinates[2 * (start + i) + 1]);
      let sum = 0;
      for (let i = 0; i < size; i++) {
        const value = batchValues[i];
        if (value < -1) {
          const offset = -2 - value;
          sum += records[offset] + records[Math.min(lastRecord, offset + 8)] + records[Math.min(lastRecord, offset + 16)];
        }
      }
      touched += sum;
      for (let i = 0; i < size; i++) {
        const value = batchValues[i];
        const j = start + i;
        out[j] = value >= -1 ? value : locateInBoundaryCell(-2 - value, coordinates[2 * j], coordinates[2 * j + 1]);
      }
    }
    return out;
  };

  return {
    codes,
    locateIndex,
    locate: (lon: number, lat: number): string | null => {
      const index = locateIndex(lon, lat);
      return index < 0 ? null : codes[index];
    },
    locateMany,
  };
}

function emptyLocator(codes: string[]): Locator {
  return {
    codes,
    locate: () => null,
    locateIndex: () => -1,
    locateMany: (coordinates: Float64Array) => new Int32Array(coordinates.length >> 1).fill(-1),
  };
}
