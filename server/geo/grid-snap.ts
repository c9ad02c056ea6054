// Fixed-precision grid shared by noding and block building. Grid coordinates are integers held in doubles,
// so orientation tests on them are exact and equal grid points compare equal bit for bit.

export const DEFAULT_GRID_SIZE = 1e-7;

export interface GridSnapper {
  gridSize: number;
  /** Degrees → integer grid coordinate. */
  toGrid(value: number): number;
  /** Integer grid coordinate → degrees; always the same double for the same grid point. */
  fromGrid(index: number): number;
  /** Degrees → nearest grid value in degrees. */
  snap(value: number): number;
}

export function createGridSnapper(gridSize: number = DEFAULT_GRID_SIZE): GridSnapper {
  if (!(gridSize > 0) || !Number.isFinite(gridSize)) throw new RangeError(`gridSize must be positive, got ${gridSize}`);
  const scale = 1 / gridSize;
  const roundScale = Math.round(scale);
  // Dividing by an integer scale gives the correctly rounded decimal (115.9123456, not 115.91234560000001).
  const integerScale = roundScale >= 1 && Math.abs(scale - roundScale) <= 1e-9 * scale;
  const toGrid = integerScale ? (value: number) => Math.round(value * roundScale) : (value: number) => Math.round(value * scale);
  const fromGrid = integerScale ? (index: number) => index / roundScale : (index: number) => index * gridSize;
  return { gridSize, toGrid, fromGrid, snap: (value) => fromGrid(toGrid(value)) };
}

export interface UniquePoints {
  /** Unique points sorted by x then y. */
  x: Float64Array;
  y: Float64Array;
  /** For every input point, the index of its unique point. */
  idOf: Uint32Array;
}

/** Deduplicate integer grid points; the result order (x, then y) depends only on the point set. */
export function uniquePoints(xs: ArrayLike<number>, ys: ArrayLike<number>, count: number): UniquePoints {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < count; i++) {
    const x = xs[i], y = ys[i];
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  const spanY = maxY - minY + 1;
  const idOf = new Uint32Array(count);
  if (count > 0 && (maxX - minX + 1) * spanY < 2 ** 52) {
    // Fast path: pack (x, y) into one exact double key and use the native numeric sort.
    const keys = new Float64Array(count);
    for (let i = 0; i < count; i++) keys[i] = (xs[i] - minX) * spanY + (ys[i] - minY);
    const sorted = keys.slice().sort();
    let unique = 0;
    for (let i = 0; i < count; i++) if (i === 0 || sorted[i] !== sorted[unique - 1]) sorted[unique++] = sorted[i];
    const x = new Float64Array(unique), y = new Float64Array(unique);
    for (let i = 0; i < unique; i++) {
      const column = Math.floor(sorted[i] / spanY);
      x[i] = column + minX;
      y[i] = sorted[i] - column * spanY + minY;
    }
    for (let i = 0; i < count; i++) idOf[i] = lowerBound(sorted, unique, keys[i]);
    return { x, y, idOf };
  }
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  order.sort((a, b) => xs[a] - xs[b] || ys[a] - ys[b]);
  const x: number[] = [], y: number[] = [];
  for (let k = 0; k < count; k++) {
    const i = order[k];
    const last = x.length - 1;
    if (last < 0 || x[last] !== xs[i] || y[last] !== ys[i]) {
      x.push(xs[i]);
      y.push(ys[i]);
    }
    idOf[i] = x.length - 1;
  }
  return { x: Float64Array.from(x), y: Float64Array.from(y), idOf };
}

function lowerBound(sorted: Float64Array, length: number, key: number): number {
  let low = 0, high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] < key) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Deduplicate undirected edges given as vertex id pairs; drops loops (a === b).
 * Returns interleaved [a0, b0, a1, b1, ...] with a < b, sorted.
 */
export function uniqueEdges(endpoints: ArrayLike<number>, edgeCount: number, vertexCount: number): Uint32Array {
  const keys = new Float64Array(edgeCount);
  let kept = 0;
  for (let e = 0; e < edgeCount; e++) {
    const a = endpoints[2 * e], b = endpoints[2 * e + 1];
    if (a === b) continue;
    keys[kept++] = a < b ? a * vertexCount + b : b * vertexCount + a;
  }
  const sorted = keys.subarray(0, kept).sort();
  const edges: number[] = [];
  for (let i = 0; i < kept; i++) {
    if (i > 0 && sorted[i] === sorted[i - 1]) continue;
    const a = Math.floor(sorted[i] / vertexCount);
    edges.push(a, sorted[i] - a * vertexCount);
  }
  return Uint32Array.from(edges);
}
