// How strongly each point counts in a tier's heatmap. MapLibre adds up kernels without scaling
// them to the data, so thousands of points saturate the whole county in the top colour. Each
// tier is scaled to its own data instead: at each zoom of the radius stops, the points are
// counted in screen cells the size of one kernel, and a busy cell (a high percentile, so one
// town centre does not flatten everything else) is made to reach the top of the ramp.
import type { ExpressionSpecification } from 'maplibre-gl';
import { DENSITY_RADIUS_STOPS } from './density-style.ts';

/**
 * A kernel is exp(-1.5 (d/r)^2) times 1/sqrt(2 pi) times the intensity: over a disc of radius r
 * holding N evenly spread points that sums to about 0.27 N times the intensity. Aiming slightly
 * under 1/0.27 leaves room for clusters straddling two cells.
 */
const PEAK_PER_POINT = 3;
const TILE_PIXELS = 512;

/** Web Mercator pixel coordinates of a point at a zoom (512-pixel tiles, as MapLibre). */
export function mercatorPixel(lon: number, lat: number, zoom: number): [number, number] {
  const size = TILE_PIXELS * 2 ** zoom;
  const sin = Math.sin((Math.max(-85.05, Math.min(85.05, lat)) * Math.PI) / 180);
  const x = ((lon + 180) / 360) * size;
  const y = (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * size;
  return [x, y];
}

/** Share of occupied cells at or below the busy cell that reaches the top colour. */
export const BUSY_CELL_PERCENTILE = 0.95;

/** Points per occupied square screen cell of the given side at a zoom, in no particular order. */
export function cellCounts(lon: ArrayLike<number>, lat: ArrayLike<number>, indices: readonly number[], zoom: number, cellPixels: number): number[] {
  const counts = new Map<number, number>();
  for (const index of indices) {
    const [x, y] = mercatorPixel(lon[index], lat[index], zoom);
    // Cells are keyed by column and row; 2^26 columns is far more than any zoom here needs.
    const key = Math.floor(y / cellPixels) * 67_108_864 + Math.floor(x / cellPixels);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.values()];
}

/** The value at a share of the sorted values (nearest rank); 0 for none. */
export function percentile(values: readonly number[], share: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))];
}

/** `heatmap-intensity` by zoom for one tier's points; 1 when there are none. */
export function densityIntensity(lon: ArrayLike<number>, lat: ArrayLike<number>, indices: readonly number[]): ExpressionSpecification | number {
  if (indices.length === 0) return 1;
  const stops: number[] = [];
  for (const [zoom, radius] of DENSITY_RADIUS_STOPS) {
    // A square of the kernel disc's area.
    const busy = percentile(cellCounts(lon, lat, indices, zoom, radius * Math.sqrt(Math.PI)), BUSY_CELL_PERCENTILE);
    stops.push(zoom, Math.round((PEAK_PER_POINT / busy) * 1e5) / 1e5);
  }
  return ['interpolate', ['linear'], ['zoom'], ...stops] as unknown as ExpressionSpecification;
}
