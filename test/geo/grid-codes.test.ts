import { describe, expect, it } from 'vitest';
import {
  assignCodes, gridCode, readingOrder, sequenceOf, validateGridCode, validateVillageCode, type GroupToNumber,
} from '../../server/geo/grid-codes.ts';
import type { Position, Ring } from '../../server/geo/types.ts';

const VILLAGE = '360121100024';
const UNIT = 0.001;

/** A counter-clockwise rectangle in lattice units near Nanchang. */
function box(x0: number, y0: number, x1: number, y1: number): Ring {
  const p = (x: number, y: number): Position => [115.9 + x * UNIT, 28.5 + y * UNIT];
  return [p(x0, y0), p(x1, y0), p(x1, y1), p(x0, y1), p(x0, y0)];
}

function group(id: string, ring: Ring): GroupToNumber {
  return { blockIds: [id], parts: [[ring]] };
}

describe('validateGridCode', () => {
  it('accepts a 15-digit code of a real-looking village', () => {
    expect(validateGridCode('360121100024004')).toEqual({ valid: true });
    expect(validateGridCode('360121100024004', VILLAGE)).toEqual({ valid: true });
    // 99 is the synthetic province's code.
    expect(validateGridCode('990101101201001')).toEqual({ valid: true });
  });

  it('rejects wrong length, non-digits, sequence 000 and empty division parts', () => {
    for (const code of ['36012110002400', '3601211000240041', '36012110002400a', '360121100024000', '360121100000004', '360121000024004', '360100100024004', '900121100024004', '100121100024004']) {
      const result = validateGridCode(code);
      expect(result.valid, code).toBe(false);
    }
    expect(validateGridCode('360121100024004', '360121100025')).toMatchObject({ valid: false });
  });

  it('checks village codes on their own', () => {
    expect(validateVillageCode(VILLAGE)).toEqual({ valid: true });
    expect(validateVillageCode('36012110002')).toMatchObject({ valid: false, reason: expect.stringContaining('12 digits') });
  });

  it('builds and splits codes', () => {
    expect(gridCode(VILLAGE, 4)).toBe('360121100024004');
    expect(sequenceOf('360121100024017')).toBe(17);
  });
});

describe('readingOrder', () => {
  it('numbers a 3×3 arrangement row by row from the north-west', () => {
    const groups: GroupToNumber[] = [];
    for (let row = 0; row < 3; row++) for (let column = 0; column < 3; column++) groups.push(group(`r${row}c${column}`, box(column, row, column + 1, row + 1)));
    // Row 2 is the northernmost.
    expect(readingOrder(groups).map((index) => groups[index].blockIds[0])).toEqual([
      'r2c0', 'r2c1', 'r2c2', 'r1c0', 'r1c1', 'r1c2', 'r0c0', 'r0c1', 'r0c2',
    ]);
  });

  it('keeps grids of one band west to east even when their points differ in latitude', () => {
    const groups = [
      group('south-east', box(2, 0, 3, 1)),
      group('north-middle-high', box(1, 1.2, 2, 2)),
      group('north-east-low', box(2, 1, 3, 1.8)),
      group('north-west', box(0, 1, 1, 2)),
      group('south-west', box(0, 0, 2, 1)),
    ];
    expect(readingOrder(groups).map((index) => groups[index].blockIds[0])).toEqual([
      'north-west', 'north-middle-high', 'north-east-low', 'south-west', 'south-east',
    ]);
  });
});

describe('assignCodes', () => {
  const groups = [group('a', box(0, 1, 1, 2)), group('b', box(1, 1, 2, 2)), group('c', box(0, 0, 1, 1)), group('d', box(1, 0, 2, 1))];

  it('numbers new grids 001.. in reading order', () => {
    const result = assignCodes(VILLAGE, groups);
    expect(result).toEqual({
      valid: true,
      codes: ['360121100024001', '360121100024002', '360121100024003', '360121100024004'],
      highestSequence: 4,
    });
  });

  it('keeps codes of unchanged grids and never reuses retired sequences', () => {
    const changed = [
      groups[0],
      { blockIds: ['b', 'd'], parts: [[box(1, 0, 2, 2)]] },
      { blockIds: ['c'], parts: groups[2].parts },
    ];
    const previous = {
      grids: [
        { code: '360121100024001', blockIds: ['a'] },
        { code: '360121100024002', blockIds: ['b'] },
        { code: '360121100024003', blockIds: ['c'] },
        { code: '360121100024004', blockIds: ['d'] },
      ],
      highestSequence: 6,
    };
    const result = assignCodes(VILLAGE, changed, previous);
    expect(result).toEqual({
      valid: true,
      codes: ['360121100024001', '360121100024007', '360121100024003'],
      highestSequence: 7,
    });
  });

  it('ignores previous codes of another village and matches block sets regardless of order', () => {
    const previous = {
      grids: [{ code: '360121100025001', blockIds: ['a'] }, { code: '360121100024009', blockIds: ['x', 'c'] }],
      highestSequence: 0,
    };
    const result = assignCodes(VILLAGE, [group('a', box(0, 0, 1, 1)), { blockIds: ['c', 'x'], parts: [[box(1, 0, 2, 1)]] }], previous);
    expect(result).toEqual({ valid: true, codes: ['360121100024010', '360121100024009'], highestSequence: 10 });
  });

  it('fails rather than pass sequence 999, and for a bad village code', () => {
    const full = { grids: [], highestSequence: 998 };
    expect(assignCodes(VILLAGE, groups.slice(0, 1), full)).toMatchObject({ valid: true, codes: ['360121100024999'] });
    expect(assignCodes(VILLAGE, groups.slice(0, 2), full)).toMatchObject({ valid: false });
    expect(assignCodes('3601211000', groups)).toMatchObject({ valid: false });
  });
});
