import { describe, expect, it } from 'vitest';
import { stopAt, tourStops, tourTownships } from '../../web/src/state/tour.ts';

const codes = ['360121102', '360121100', '360121101'];

describe('wall tour', () => {
  it('visits townships in code order by default', () => {
    expect(tourTownships(codes, { kind: 'code' })).toEqual(['360121100', '360121101', '360121102']);
  });

  it('follows the ranking, worst first, then any unranked township by code', () => {
    expect(tourTownships(codes, { kind: 'ranking' }, ['360121101', '999999999', '360121102'])).toEqual(['360121101', '360121102', '360121100']);
    expect(tourTownships(codes, { kind: 'ranking' }, [])).toEqual(['360121100', '360121101', '360121102']);
  });

  it('follows an explicit list, skipping unknown codes', () => {
    expect(tourTownships(codes, { kind: 'list', codes: ['360121102', '360121999', '360121100'] })).toEqual(['360121102', '360121100']);
  });

  it('starts each lap at the county and returns to it after the last township', () => {
    const stops = tourStops(['a', 'b']);
    expect(stops).toEqual([null, 'a', 'b']);
    const at = (seconds: number) => stopAt(stops, seconds * 1000, 20).stop;
    expect([at(0), at(19.9), at(20), at(40), at(60), at(80)]).toEqual([null, null, 'a', 'b', null, 'a']);
    expect(stopAt(stops, 25_000, 20).msToNext).toBe(15_000);
    expect(stopAt([], 5000, 20).stop).toBeNull();
  });
});
