// Choropleth maths: issues per grid, normalised per 1,000 households or per km², in quantile classes.
import type { IssuePointColumns } from '../api/types.ts';
import type { Metric } from './url-state.ts';

export interface GridMeasure {
  code: string;
  households: number;
  areaM2: number;
}

/** How many of the selected points fall in each grid. */
export function countByGrid(columns: IssuePointColumns, indices: readonly number[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const index of indices) {
    const grid = columns.gridCode[index];
    counts.set(grid, (counts.get(grid) ?? 0) + 1);
  }
  return counts;
}

/** The metric for one grid; null when its denominator is zero (no households, no area). */
export function metricValue(count: number, grid: Pick<GridMeasure, 'households' | 'areaM2'>, metric: Metric): number | null {
  if (metric === 'per1000') return grid.households > 0 ? (count * 1000) / grid.households : null;
  return grid.areaM2 > 0 ? count / (grid.areaM2 / 1e6) : null;
}

/**
 * Upper bounds of the classes but the last, from quantiles of the positive values: each class
 * holds about as many grids. Equal quantiles collapse, so skewed data may yield fewer classes.
 */
export function quantileBreaks(values: readonly number[], classes: number): number[] {
  const positive = values.filter((value) => Number.isFinite(value) && value > 0).sort((a, b) => a - b);
  if (positive.length === 0 || classes < 2) return [];
  const breaks: number[] = [];
  for (let k = 1; k < classes; k++) {
    const rank = Math.ceil((k / classes) * positive.length) - 1;
    const value = positive[Math.min(positive.length - 1, Math.max(0, rank))];
    if (value < positive[positive.length - 1] && (breaks.length === 0 || value > breaks[breaks.length - 1])) breaks.push(value);
  }
  return breaks;
}

/** Class of a value: -1 for none (null or zero), else the first class whose upper bound holds it. */
export function classify(value: number | null, breaks: readonly number[]): number {
  if (value === null || !(value > 0)) return -1;
  for (let k = 0; k < breaks.length; k++) if (value <= breaks[k]) return k;
  return breaks.length;
}

export interface Choropleth {
  /** Class per grid code (-1: none). */
  classes: Map<string, number>;
  breaks: number[];
  /** The largest value, the top of the last class. */
  max: number;
}

export function choropleth(grids: readonly GridMeasure[], counts: ReadonlyMap<string, number>, metric: Metric, classCount: number): Choropleth {
  const values = grids.map((grid) => metricValue(counts.get(grid.code) ?? 0, grid, metric));
  const breaks = quantileBreaks(values.filter((value): value is number => value !== null), classCount);
  const classes = new Map<string, number>();
  let max = 0;
  grids.forEach((grid, index) => {
    const value = values[index];
    classes.set(grid.code, classify(value, breaks));
    if (value !== null && value > max) max = value;
  });
  return { classes, breaks, max };
}
