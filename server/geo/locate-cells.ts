// Cell table of the point locator: the answer of every cell no edge touches, and for every other
// cell a reference point with known containment plus the edges that cross the cell, per grid.
import { orient2d } from 'robust-predicates';
import { containsClosed, segmentCrossing, type FlatRings } from './locate-rings.ts';
import { visitSegmentCells, type CellGrid } from './locate-raster.ts';

/** Candidate state: the reference point is outside / inside the grid, or no usable reference. */
export const REFERENCE_OUTSIDE = 0;
export const REFERENCE_INSIDE = 1;
export const REFERENCE_UNKNOWN = 2;

/**
 * cellValue per cell: a grid index (the cell lies wholly inside it), -1 (wholly outside every grid),
 * or -2 - offset of the cell's record in `records`. A record keeps everything a query in that cell
 * reads, contiguous so that one cache line fetch starts it:
 *   referenceX, referenceY, candidateCount, then per candidate in code order
 *   grid, state (REFERENCE_*), edgeCount, then edgeCount × (ax, ay, bx, by).
 * Each edge is stored with the reference point on the positive side of a→b (orient2d > 0).
 */
export interface CellTable {
  cellValue: Int32Array;
  records: Float64Array;
}

/** Fractions of a cell tried in turn as reference point; the first off every edge line wins. */
const REFERENCE_TRIES: ReadonlyArray<readonly [number, number]> = Array.from({ length: 24 }, (_, k) =>
  k === 0 ? [0.5, 0.5] : [0.1 + 0.8 * ((k * 0.6180339887498949) % 1), 0.1 + 0.8 * ((k * 0.7548776662466927) % 1)],
);

/**
 * Builds the table. `rank[g]` orders grids by code. Containment of each cell's point is carried
 * along each row of cells from a start point left of the box (outside everything), toggling a
 * grid whenever the step between two consecutive points crosses one of its edges; a touching or
 * collinear step falls back to the exact test for that grid, so the carried state stays exact.
 */
export function buildCellTable(rings: FlatRings, rank: Int32Array, cells: CellGrid): CellTable {
  const { xs, ys, edgeGrid, gridCount } = rings;
  const { columns, rows, minX, minY, scaleX, scaleY } = cells;
  const cellCount = columns * rows;
  const { offsets, entries } = rasteriseEdges(rings, rank, cells);

  const cellValue = new Int32Array(cellCount);
  // Upper bound: per boundary cell 3 header slots and at most (entries + 1) candidates of 3 slots,
  // plus 4 slots per edge entry.
  let boundaryCells = 0;
  for (let cell = 0; cell < cellCount; cell++) if (offsets[cell + 1] > offsets[cell]) boundaryCells++;
  const records = new Float64Array(6 * boundaryCells + 7 * entries.length);
  let used = 0;

  const state = new Uint8Array(gridCount);
  const active: number[] = [];
  const activePosition = new Int32Array(gridCount);
  const edgeStamp = new Int32Array(xs.length);
  const gridStamp = new Int32Array(gridCount);
  const presentStamp = new Int32Array(gridCount);
  let stamp = 0;
  const recompute = new Int32Array(gridCount);
  let recomputeCount = 0;

  const toggle = (grid: number): void => {
    if (state[grid] === 0) {
      state[grid] = 1;
      activePosition[grid] = active.length;
      active.push(grid);
    } else {
      state[grid] = 0;
      const last = active.pop() as number;
      if (last !== grid) {
        active[activePosition[grid]] = last;
        activePosition[last] = activePosition[grid];
      }
    }
  };

  for (let row = 0; row < rows; row++) {
    while (active.length > 0) toggle(active[active.length - 1]);
    let previousX = minX - 0.5 / scaleX;
    const centreY = minY + (row + 0.5) / scaleY;
    let previousY = centreY;
    for (let column = 0; column < columns; column++) {
      const cell = row * columns + column;
      const start = offsets[cell], end = offsets[cell + 1];
      let pointX = minX + (column + 0.5) / scaleX, pointY = centreY, referenceValid = true;
      if (start < end) {
        referenceValid = false;
        for (const [fractionX, fractionY] of REFERENCE_TRIES) {
          const x = minX + (column + fractionX) / scaleX, y = minY + (row + fractionY) / scaleY;
          if (offEveryLine(xs, ys, entries, start, end, x, y)) {
            pointX = x;
            pointY = y;
            referenceValid = true;
            break;
          }
        }
      }

      // Carry the state from the previous point: only edges of the two cells can cross the step.
      stamp++;
      recomputeCount = 0;
      const previousCell = column > 0 ? cell - 1 : cell;
      for (let pass = 0; pass < 2; pass++) {
        const listCell = pass === 0 ? previousCell : cell;
        for (let k = offsets[listCell], kEnd = offsets[listCell + 1]; k < kEnd; k++) {
          const edge = entries[k];
          if (edgeStamp[edge] === stamp) continue;
          edgeStamp[edge] = stamp;
          const grid = edgeGrid[edge];
          const crossing = segmentCrossing(
            xs[edge], ys[edge], xs[edge + 1], ys[edge + 1], previousX, previousY, pointX, pointY,
          );
          if (crossing === 1) toggle(grid);
          else if (crossing === 2 && gridStamp[grid] !== stamp) {
            gridStamp[grid] = stamp;
            recompute[recomputeCount++] = grid;
          }
        }
      }
      for (let k = 0; k < recomputeCount; k++) {
        const grid = recompute[k];
        if ((state[grid] === 1) !== containsClosed(rings, grid, pointX, pointY)) toggle(grid);
      }
      previousX = pointX;
      previousY = pointY;

      if (start === end) {
        cellValue[cell] = smallestActive(active, rank, presentStamp, -1);
        continue;
      }

      // Boundary cell: candidates are the grids with edges here, in code order, cut after the
      // smallest-code grid that covers the whole cell (it answers every point that reaches it).
      for (let k = start; k < end; k++) presentStamp[edgeGrid[entries[k]]] = stamp;
      const cover = smallestActive(active, rank, presentStamp, stamp);
      const coverRank = cover < 0 ? Infinity : rank[cover];
      const recordStart = used;
      records[used++] = pointX;
      records[used++] = pointY;
      used++; // candidate count, filled below
      let candidateCount = 0;
      for (let k = start; k < end; ) {
        const grid = edgeGrid[entries[k]];
        let runEnd = k;
        while (runEnd < end && edgeGrid[entries[runEnd]] === grid) runEnd++;
        if (rank[grid] > coverRank) break;
        candidateCount++;
        records[used++] = grid;
        records[used++] = referenceValid ? state[grid] : REFERENCE_UNKNOWN;
        records[used++] = referenceValid ? runEnd - k : 0;
        if (referenceValid) {
          for (let m = k; m < runEnd; m++) {
            const edge = entries[m];
            const ax = xs[edge], ay = ys[edge], bx = xs[edge + 1], by = ys[edge + 1];
            const forward = orient2d(ax, ay, bx, by, pointX, pointY) > 0;
            records[used++] = forward ? ax : bx;
            records[used++] = forward ? ay : by;
            records[used++] = forward ? bx : ax;
            records[used++] = forward ? by : ay;
          }
        }
        k = runEnd;
      }
      if (cover >= 0) {
        candidateCount++;
        records[used++] = cover;
        records[used++] = REFERENCE_INSIDE;
        records[used++] = 0;
      }
      records[recordStart + 2] = candidateCount;
      cellValue[cell] = -2 - recordStart;
    }
  }

  return { cellValue, records: records.slice(0, used) };
}

/**
 * Cell → edge lists in one flat array (offsets has cellCount + 1 entries). Grids are visited in
 * code order, so each cell's list comes out grouped by grid in code order.
 */
function rasteriseEdges(rings: FlatRings, rank: Int32Array, cells: CellGrid): { offsets: Int32Array; entries: Int32Array } {
  const { xs, ys, ringStart, gridRingStart, gridCount } = rings;
  const offsets = new Int32Array(cells.columns * cells.rows + 1);
  const byCode = Array.from({ length: gridCount }, (_, grid) => grid).sort((a, b) => rank[a] - rank[b]);
  const eachEdge = (callback: (cell: number) => void, setEdge: (edge: number) => void): void => {
    for (const grid of byCode) {
      for (let ring = gridRingStart[grid]; ring < gridRingStart[grid + 1]; ring++) {
        for (let edge = ringStart[ring], last = ringStart[ring + 1] - 1; edge < last; edge++) {
          setEdge(edge);
          visitSegmentCells(cells, xs[edge], ys[edge], xs[edge + 1], ys[edge + 1], callback);
        }
      }
    }
  };
  eachEdge((cell) => { offsets[cell + 1]++; }, () => {});
  for (let cell = 0; cell < offsets.length - 1; cell++) offsets[cell + 1] += offsets[cell];
  const entries = new Int32Array(offsets[offsets.length - 1]);
  const cursor = offsets.slice(0, offsets.length - 1);
  let current = 0;
  eachEdge((cell) => { entries[cursor[cell]++] = current; }, (edge) => { current = edge; });
  return { offsets, entries };
}

function offEveryLine(
  xs: Float64Array, ys: Float64Array, entries: Int32Array, start: number, end: number, x: number, y: number,
): boolean {
  for (let k = start; k < end; k++) {
    const edge = entries[k];
    if (orient2d(xs[edge], ys[edge], xs[edge + 1], ys[edge + 1], x, y) === 0) return false;
  }
  return true;
}

/** Smallest-code active grid whose presentStamp differs from `skipStamp`, or -1. */
function smallestActive(active: number[], rank: Int32Array, presentStamp: Int32Array, skipStamp: number): number {
  let best = -1;
  for (const grid of active) {
    if (presentStamp[grid] === skipStamp) continue;
    if (best < 0 || rank[grid] < rank[best]) best = grid;
  }
  return best;
}
