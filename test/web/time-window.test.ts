import { describe, expect, it } from 'vitest';
import { windowRange } from '../../web/src/state/time-window.ts';

describe('time windows (China Standard Time days)', () => {
  it('has no bounds for all time', () => {
    expect(windowRange('all', new Date('2026-11-26T02:00:00Z'))).toBeNull();
  });

  it('ends today in China and starts n-1 days earlier at local midnight', () => {
    // 02:00 UTC is 10:00 in China, the same calendar day.
    expect(windowRange('7d', new Date('2026-11-26T02:00:00Z'))).toEqual({ from: '2026-11-20', to: '2026-11-26', fromInstant: '2026-11-19T16:00:00.000Z' });
  });

  it('uses the Chinese date when UTC is still on the previous day', () => {
    // 17:00 UTC on the 25th is 01:00 on the 26th in China.
    expect(windowRange('30d', new Date('2026-11-25T17:00:00Z'))).toEqual({ from: '2026-10-28', to: '2026-11-26', fromInstant: '2026-10-27T16:00:00.000Z' });
    expect(windowRange('90d', new Date('2026-03-01T03:00:00Z'))?.from).toBe('2025-12-02');
  });
});
