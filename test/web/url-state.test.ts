import { describe, expect, it } from 'vitest';
import { DEFAULT_DASHBOARD, DEFAULT_WALL, levelOf, parseLocation, serialiseState, type AppState, type DashboardState } from '../../web/src/state/url-state.ts';

describe('URL state', () => {
  it('opens the county dashboard with defaults on a bare address', () => {
    expect(parseLocation('/', '')).toEqual(DEFAULT_DASHBOARD);
    expect(serialiseState(DEFAULT_DASHBOARD)).toBe('/');
  });

  it('reads the example deep link of the contract', () => {
    const state = parseLocation('/', '?township=360121100&grid=360121100024004&tiers=red,orange&status=open&metric=per1000&theme=dark&lang=zh') as DashboardState;
    expect(state).toMatchObject({ view: 'dashboard', township: '360121100', grid: '360121100024004', tiers: ['red', 'orange'], status: 'open', metric: 'per1000', theme: 'dark', lang: 'zh' });
    expect(levelOf(state)).toBe('grid');
    // Defaults are dropped, the rest survives a round trip.
    expect(serialiseState(state)).toBe('/?township=360121100&grid=360121100024004&tiers=red,orange');
  });

  it('round-trips every non-default value', () => {
    const state: DashboardState = {
      view: 'dashboard',
      county: '360121',
      township: '360121104',
      grid: null,
      tiers: ['yellow'],
      status: 'overdue',
      window: '30d',
      category: '环境卫生',
      metric: 'perkm2',
      density: 'hexagon',
      theme: 'light',
      lang: 'en',
    };
    const url = serialiseState(state);
    const [path, query] = url.split('?');
    expect(parseLocation(path, `?${query}`)).toEqual(state);
  });

  it('derives the township from a grid code and prefers the grid when they disagree', () => {
    expect(parseLocation('/', '?grid=360121100024004')).toMatchObject({ township: '360121100', grid: '360121100024004' });
    expect(parseLocation('/', '?township=360121101&grid=360121100024004')).toMatchObject({ township: '360121100' });
  });

  it('falls back to defaults for malformed values instead of failing', () => {
    const state = parseLocation('/', '?township=12&grid=abc&tiers=purple&status=lost&window=5y&metric=x&density=dots&theme=pink&lang=fr&category=%20') as DashboardState;
    expect(state).toMatchObject({ township: null, grid: null, tiers: [], status: 'open', window: 'all', metric: 'per1000', density: 'heatmap', theme: 'dark', lang: 'zh', category: null });
  });

  it('keeps an explicit empty tier selection distinct from the default', () => {
    const none = { ...DEFAULT_DASHBOARD, tiers: [] };
    expect(serialiseState(none)).toBe('/?tiers=none');
    expect(parseLocation('/', '?tiers=none')).toMatchObject({ tiers: [] });
  });

  it('parses the wall with its tour parameters', () => {
    expect(parseLocation('/wall', '')).toEqual(DEFAULT_WALL);
    expect(parseLocation('/wall/', '?interval=45&order=ranking&lang=en')).toEqual({ view: 'wall', interval: 45, order: { kind: 'ranking' }, lang: 'en' });
    expect(parseLocation('/wall', '?order=360121101,bad,360121100,360121101')).toMatchObject({ order: { kind: 'list', codes: ['360121101', '360121100'] } });
    // Intervals are clamped to a sane range; nonsense falls back to the default.
    expect(parseLocation('/wall', '?interval=1')).toMatchObject({ interval: 5 });
    expect(parseLocation('/wall', '?interval=99999')).toMatchObject({ interval: 3600 });
    expect(parseLocation('/wall', '?interval=soon')).toMatchObject({ interval: 20 });
  });

  it('round-trips wall states', () => {
    const states: AppState[] = [
      DEFAULT_WALL,
      { view: 'wall', interval: 8, order: { kind: 'list', codes: ['360121104', '360121100'] }, lang: 'en' },
    ];
    for (const state of states) {
      const url = serialiseState(state);
      const index = url.indexOf('?');
      expect(parseLocation(index < 0 ? url : url.slice(0, index), index < 0 ? '' : url.slice(index))).toEqual(state);
    }
    expect(serialiseState(DEFAULT_WALL)).toBe('/wall');
  });
});
