// The county in the URL state of a province database, and a county database's URLs left as they were.
import { describe, expect, it } from 'vitest';
import { countyOf, DEFAULT_DASHBOARD, levelOf, parseLocation, serialiseState, type DashboardState } from '../../web/src/state/url-state.ts';

const parse = (search: string) => parseLocation('/', search) as DashboardState;

describe('URL state with a county', () => {
  it('opens a province database at the province and a county database at its county', () => {
    const bare = parse('');
    expect(bare.county).toBeNull();
    expect(levelOf(bare, true)).toBe('province');
    expect(levelOf(bare, false)).toBe('county');
    expect(countyOf(bare)).toBeNull();
  });

  it('round-trips a county level link', () => {
    const state = parse('?county=990102&tiers=red');
    expect(state).toMatchObject({ county: '990102', township: null, grid: null, tiers: ['red'] });
    expect(levelOf(state, true)).toBe('county');
    expect(serialiseState(state)).toBe('/?county=990102&tiers=red');
    expect(serialiseState({ ...DEFAULT_DASHBOARD, county: '990101' })).toBe('/?county=990101');
  });

  it('takes the county from the township or grid code, which begin with it', () => {
    expect(parse('?township=990102003')).toMatchObject({ county: '990102', township: '990102003' });
    expect(parse('?grid=990102003001002')).toMatchObject({ county: '990102', township: '990102003' });
    // A contradicting county gives way to the township.
    expect(parse('?county=990101&township=990102003')).toMatchObject({ county: '990102' });
    expect(countyOf(parse('?grid=990102003001002'))).toBe('990102');
  });

  it('writes no county below the county level, so township and grid links look as they always did', () => {
    const state = parse('?county=990102&township=990102003');
    expect(serialiseState(state)).toBe('/?township=990102003');
    expect(serialiseState({ ...state, township: null })).toBe('/?county=990102');
    expect(serialiseState(parse('?township=360121100'))).toBe('/?township=360121100');
  });

  it('ignores malformed county codes', () => {
    expect(parse('?county=9901').county).toBeNull();
    expect(parse('?county=99010a').county).toBeNull();
    expect(parse('?county=9901021').county).toBeNull();
  });
});
