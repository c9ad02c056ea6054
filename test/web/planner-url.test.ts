import { describe, expect, it } from 'vitest';
import { parseLocation, serialiseState } from '../../web/src/state/url-state.ts';

describe('planner address', () => {
  it('opens the planner of a township at /plan/:code and writes the same link back', () => {
    const state = parseLocation('/plan/360121100', '?lang=en');
    expect(state).toEqual({ view: 'planner', township: '360121100', theme: 'dark', lang: 'en' });
    expect(serialiseState(state)).toBe('/plan/360121100?lang=en');
    expect(serialiseState(parseLocation('/plan/360121100/', ''))).toBe('/plan/360121100');
  });

  it('falls back to the dashboard for a malformed township code', () => {
    expect(parseLocation('/plan/12', '').view).toBe('dashboard');
  });
});
