import { describe, expect, it } from 'vitest';
import { checkLine, segmentsIntersect } from '../../server/geo/line-validity.ts';
import type { Position } from '../../server/geo/types.ts';

describe('checkLine', () => {
  it('accepts simple polylines, straight or bent', () => {
    expect(checkLine([[0, 0], [1, 1]])).toEqual({ valid: true });
    expect(checkLine([[0, 0], [1, 0], [1, 1], [2, 1]])).toEqual({ valid: true });
    expect(checkLine([[0, 0], [1, 0], [2, 0]])).toEqual({ valid: true });
  });

  it('refuses repeated positions, self-crossings, touching and folding back', () => {
    const cases: Array<[Position[], RegExp]> = [
      [[[0, 0], [0, 0], [1, 1]], /repeats/],
      [[[0, 0], [2, 2], [2, 0], [0, 2]], /cross/],
      [[[0, 0], [2, 0], [1, 1], [1, -1]], /cross/],
      [[[0, 0], [2, 0], [2, 1], [1, 0]], /cross/],
      [[[0, 0], [2, 0], [1, 0]], /fold back/],
      [[[0, 0]], /at least two/],
      [[[0, 0], [Number.NaN, 1]], /finite/],
    ];
    for (const [line, reason] of cases) {
      const check = checkLine(line);
      expect(check.valid, JSON.stringify(line)).toBe(false);
      if (!check.valid) expect(check.reason).toMatch(reason);
    }
  });

  it('segment intersection is exact for touching and collinear overlaps', () => {
    expect(segmentsIntersect([0, 0], [2, 0], [1, 0], [3, 0])).toBe(true);
    expect(segmentsIntersect([0, 0], [1, 0], [1.5, 0], [3, 0])).toBe(false);
    expect(segmentsIntersect([0, 0], [2, 0], [1, 0], [1, 5])).toBe(true);
    expect(segmentsIntersect([0.1, 0.1], [0.3, 0.3], [0.1, 0.3], [0.3, 0.1])).toBe(true);
  });
});
