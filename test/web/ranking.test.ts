import { describe, expect, it } from 'vitest';
import type { StatsRow } from '../../web/src/api/types.ts';
import { openDensity, sortRanking } from '../../web/src/state/ranking.ts';

function row(code: string, open: number, overdue: number, closeRate: number | null, households: number): StatsRow {
  return { code, name: code, collected: 10, closed: 5, closeRate, onTimeCloseRate: null, overdue, openByTier: { red: open, orange: 0, yellow: 0 }, satisfactionRate: null, households };
}

describe('ranking', () => {
  const rows = [row('b', 5, 1, 0.5, 1000), row('a', 5, 3, 0.2, 100), row('c', 9, 0, null, 0)];

  it('puts the worst first, ties by code', () => {
    expect(sortRanking(rows, 'open').map((r) => r.code)).toEqual(['c', 'a', 'b']);
    expect(sortRanking(rows, 'overdue').map((r) => r.code)).toEqual(['a', 'b', 'c']);
  });

  it('ranks the close rate lowest first and rows without a value last', () => {
    expect(sortRanking(rows, 'closeRate').map((r) => r.code)).toEqual(['a', 'b', 'c']);
    expect(sortRanking(rows, 'density').map((r) => r.code)).toEqual(['a', 'b', 'c']);
    expect(openDensity(rows[1])).toBe(50);
    expect(openDensity(rows[2])).toBeNull();
  });
});
