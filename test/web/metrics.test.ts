import { describe, expect, it } from 'vitest';
import { choropleth, classify, countByGrid, metricValue, quantileBreaks } from '../../web/src/state/metrics.ts';
import { pointColumns } from './point-columns.ts';

describe('choropleth metric maths', () => {
  it('normalises per 1,000 households and per km², null without a denominator', () => {
    expect(metricValue(3, { households: 600, areaM2: 2_000_000 }, 'per1000')).toBeCloseTo(5);
    expect(metricValue(3, { households: 600, areaM2: 2_000_000 }, 'perkm2')).toBeCloseTo(1.5);
    expect(metricValue(3, { households: 0, areaM2: 1 }, 'per1000')).toBeNull();
    expect(metricValue(3, { households: 10, areaM2: 0 }, 'perkm2')).toBeNull();
    expect(metricValue(0, { households: 10, areaM2: 10 }, 'per1000')).toBe(0);
  });

  it('counts selected points per grid', () => {
    const columns = pointColumns([
      { gridCode: 'A' },
      { gridCode: 'B' },
      { gridCode: 'A' },
      { gridCode: 'C' },
    ]);
    expect(Object.fromEntries(countByGrid(columns, [0, 1, 2]))).toEqual({ A: 2, B: 1 });
  });

  it('puts about as many grids in each class, ignoring zeros', () => {
    const values = [0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const breaks = quantileBreaks(values, 5);
    expect(breaks).toEqual([2, 4, 6, 8]);
    const classes = values.map((value) => classify(value, breaks));
    expect(classes).toEqual([-1, -1, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
  });

  it('collapses equal quantiles and handles empty data', () => {
    expect(quantileBreaks([5, 5, 5, 5, 5, 5], 5)).toEqual([]);
    expect(classify(5, [])).toBe(0);
    expect(quantileBreaks([1, 1, 1, 1, 9], 5)).toEqual([1]);
    expect(quantileBreaks([], 5)).toEqual([]);
    expect(classify(null, [1, 2])).toBe(-1);
  });

  it('classes every grid and reports the top of the scale', () => {
    const grids = [
      { code: 'A', households: 1000, areaM2: 1e6 },
      { code: 'B', households: 500, areaM2: 2e6 },
      { code: 'C', households: 0, areaM2: 1e6 },
      { code: 'D', households: 250, areaM2: 1e6 },
    ];
    const counts = new Map([
      ['A', 1],
      ['B', 2],
      ['C', 5],
      ['D', 4],
    ]);
    const per1000 = choropleth(grids, counts, 'per1000', 5);
    // A: 1, B: 4, C: no households, D: 16 per 1,000.
    expect(per1000.max).toBe(16);
    expect(per1000.classes.get('C')).toBe(-1);
    expect(per1000.classes.get('A')).toBeLessThan(per1000.classes.get('B')!);
    expect(per1000.classes.get('B')).toBeLessThan(per1000.classes.get('D')!);
    const perKm2 = choropleth(grids, counts, 'perkm2', 5);
    // Per km²: A 1, B 1, C 5, D 4 (C has no households but has area).
    expect(perKm2.max).toBe(5);
    expect(perKm2.classes.get('C')).toBeGreaterThan(perKm2.classes.get('D')!);
    expect(perKm2.classes.get('A')).toBe(perKm2.classes.get('B'));
  });
});
