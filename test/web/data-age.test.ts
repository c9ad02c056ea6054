import { describe, expect, it } from 'vitest';
import { dataAge, oldestUpdate, reconnectDelayMs } from '../../web/src/state/data-age.ts';

describe('data age', () => {
  it('is fresh while connected and recent', () => {
    expect(dataAge(100_000, 90_000, 'open', 60_000)).toEqual({ ageMs: 10_000, stale: false });
  });

  it('turns stale when the data is too old or the connection is down', () => {
    expect(dataAge(200_000, 100_000, 'open', 60_000).stale).toBe(true);
    expect(dataAge(100_000, 99_000, 'connecting', 60_000).stale).toBe(true);
    expect(dataAge(100_000, null, 'open', 60_000)).toEqual({ ageMs: null, stale: false });
  });

  it('takes the oldest loaded update and backs off reconnections up to 30 s', () => {
    expect(oldestUpdate([0, 5000, 3000, undefined])).toBe(3000);
    expect(oldestUpdate([0, undefined])).toBeNull();
    expect([0, 1, 2, 3, 4, 10].map(reconnectDelayMs)).toEqual([2000, 4000, 8000, 16_000, 30_000, 30_000]);
  });
});
