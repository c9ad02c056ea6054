// Quality figures for a set of grids: household balance and shape compactness, per township.
import type { MultiPolygonCoords, PolygonCoords } from './types.ts';
import { polygonAreaM2, polygonPerimeterM } from './ring.ts';

export interface BalanceFigures {
  count: number;
  total: number;
  mean: number;
  min: number;
  max: number;
  /** Population standard deviation divided by the mean; 0 when the mean is 0 or nothing is counted. */
  coefficientOfVariation: number;
}

export interface GridForMetrics {
  townshipCode: string;
  households: number;
  /** One polygon, or the parts of a multi-part grid. */
  polygon: PolygonCoords | MultiPolygonCoords;
}

export interface TownshipMetricsRow extends BalanceFigures {
  townshipCode: string;
  /** Mean Polsby–Popper compactness of the township's grids. */
  meanCompactness: number;
  minCompactness: number;
}

export function balance(values: number[]): BalanceFigures {
  const count = values.length;
  if (count === 0) return { count: 0, total: 0, mean: 0, min: 0, max: 0, coefficientOfVariation: 0 };
  let total = 0, min = Infinity, max = -Infinity;
  for (const value of values) {
    total += value;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const mean = total / count;
  let squares = 0;
  for (const value of values) squares += (value - mean) ** 2;
  const deviation = Math.sqrt(squares / count);
  return { count, total, mean, min, max, coefficientOfVariation: mean !== 0 ? deviation / mean : 0 };
}

/**
 * Polsby–Popper compactness 4πA/P² with geodesic area and perimeter (holes count in both); 1 for a
 * circle, π/4 for a square. A multi-part shape uses the total area and total perimeter. 0 without area.
 */
export function polsbyPopper(shape: PolygonCoords | MultiPolygonCoords): number {
  const parts = isMultiPolygon(shape) ? shape : [shape];
  let area = 0, perimeter = 0;
  for (const part of parts) {
    area += polygonAreaM2(part);
    perimeter += polygonPerimeterM(part);
  }
  return perimeter > 0 ? (4 * Math.PI * area) / (perimeter * perimeter) : 0;
}

/** One row per township (in code order): household balance and compactness of its grids. */
export function summarizeByTownship(grids: GridForMetrics[]): TownshipMetricsRow[] {
  const byTownship = new Map<string, GridForMetrics[]>();
  for (const grid of grids) {
    const list = byTownship.get(grid.townshipCode);
    if (list) list.push(grid);
    else byTownship.set(grid.townshipCode, [grid]);
  }
  return [...byTownship.keys()].sort().map((townshipCode) => summaryRow(townshipCode, byTownship.get(townshipCode)!));
}

/** The same figures over all grids together (e.g. a county row). */
export function summaryRow(townshipCode: string, grids: GridForMetrics[]): TownshipMetricsRow {
  const compactness = grids.map((grid) => polsbyPopper(grid.polygon));
  return {
    townshipCode,
    ...balance(grids.map((grid) => grid.households)),
    meanCompactness: compactness.length > 0 ? compactness.reduce((sum, value) => sum + value, 0) / compactness.length : 0,
    minCompactness: compactness.length > 0 ? Math.min(...compactness) : 0,
  };
}

function isMultiPolygon(shape: PolygonCoords | MultiPolygonCoords): shape is MultiPolygonCoords {
  // A polygon's first element is a ring (array of positions); a multipolygon's is a polygon.
  const first = shape[0] as unknown[] | undefined;
  const inner = first?.[0] as unknown[] | undefined;
  return Array.isArray(inner?.[0]);
}
