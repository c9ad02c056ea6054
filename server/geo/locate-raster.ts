// Uniform cell grid over a bounding box and conservative (supercover) rasterisation of segments.

/** A uniform grid of columns × rows cells; cell (column, row) has id row * columns + column. */
export interface CellGrid {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  columns: number;
  rows: number;
  /** Cells per coordinate unit along x and y. */
  scaleX: number;
  scaleY: number;
}

/**
 * Margin in cell units: a segment is assigned to every cell it comes within this distance of, which
 * absorbs the rounding of the coordinate → cell mapping (about 1e-13 cells) many times over.
 */
const MARGIN = 1e-7;

/** Cells over the box, `cellsOnLongSide` along its longer side and proportionally many on the other. */
export function makeCellGrid(
  minX: number, minY: number, maxX: number, maxY: number, cellsOnLongSide: number,
): CellGrid {
  const longSide = Math.max(1, Math.floor(cellsOnLongSide));
  const width = maxX - minX, height = maxY - minY;
  let columns = longSide, rows = longSide;
  if (width > height) rows = Math.max(1, Math.min(longSide, Math.round((longSide * height) / width)));
  else if (height > width) columns = Math.max(1, Math.min(longSide, Math.round((longSide * width) / height)));
  // A degenerate (zero-width) box still needs a finite scale; every point then maps to cell 0 there.
  const scaleX = width > 0 ? columns / width : 1;
  const scaleY = height > 0 ? rows / height : 1;
  return { minX, minY, maxX, maxY, columns, rows, scaleX, scaleY };
}

/** Column of x, clamped into the grid: the same mapping the queries use. */
export function columnOf(grid: CellGrid, x: number): number {
  const column = Math.floor((x - grid.minX) * grid.scaleX);
  return column < 0 ? 0 : column >= grid.columns ? grid.columns - 1 : column;
}

export function rowOf(grid: CellGrid, y: number): number {
  const row = Math.floor((y - grid.minY) * grid.scaleY);
  return row < 0 ? 0 : row >= grid.rows ? grid.rows - 1 : row;
}

/** Calls visit(cellId) once for every cell that segment a→b touches, widened by MARGIN. */
export function visitSegmentCells(
  grid: CellGrid, ax: number, ay: number, bx: number, by: number, visit: (cellId: number) => void,
): void {
  const { columns, rows } = grid;
  const u0 = (ax - grid.minX) * grid.scaleX, v0 = (ay - grid.minY) * grid.scaleY;
  const u1 = (bx - grid.minX) * grid.scaleX, v1 = (by - grid.minY) * grid.scaleY;
  const du = u1 - u0, dv = v1 - v0;
  const rowLow = clamp(Math.floor(Math.min(v0, v1) - MARGIN), rows);
  const rowHigh = clamp(Math.floor(Math.max(v0, v1) + MARGIN), rows);
  for (let row = rowLow; row <= rowHigh; row++) {
    let uLow: number, uHigh: number;
    if (dv === 0) {
      uLow = Math.min(u0, u1);
      uHigh = Math.max(u0, u1);
    } else {
      // Part of the segment inside the widened band of this row.
      const tA = (row - MARGIN - v0) / dv, tB = (row + 1 + MARGIN - v0) / dv;
      const tLow = Math.max(0, Math.min(tA, tB)), tHigh = Math.min(1, Math.max(tA, tB));
      if (tLow > tHigh) continue;
      const uA = tLow === 0 ? u0 : tLow === 1 ? u1 : u0 + tLow * du;
      const uB = tHigh === 1 ? u1 : tHigh === 0 ? u0 : u0 + tHigh * du;
      uLow = Math.min(uA, uB);
      uHigh = Math.max(uA, uB);
    }
    const columnLow = clamp(Math.floor(uLow - MARGIN), columns);
    const columnHigh = clamp(Math.floor(uHigh + MARGIN), columns);
    const base = row * columns;
    for (let column = columnLow; column <= columnHigh; column++) visit(base + column);
  }
}

function clamp(index: number, count: number): number {
  return index < 0 ? 0 : index >= count ? count - 1 : index;
}
