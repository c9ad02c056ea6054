// The web's reading of a `plan` event and what it makes stale: the event's JSON as the server
// encodes it, malformed payloads ignored, and the query keys of every shape a saved plan changes
// (never the open editor's own working plan).
import { describe, expect, it } from 'vitest';
import { PLAN_KEYS, parsePlan } from '../../web/src/api/live.ts';
import { planKeys } from '../../web/src/api/plan.ts';
import { queryKeys } from '../../web/src/api/queries.ts';

describe('plan events in the browser', () => {
  it('reads the announcement and ignores anything else', () => {
    expect(parsePlan('{"townshipCode":"360121100","version":4,"dataVersion":17}')).toEqual({ townshipCode: '360121100', version: 4, dataVersion: 17 });
    expect(parsePlan('{"dataVersion":17}')).toBeNull();
    expect(parsePlan('{"townshipCode":360121100,"version":4,"dataVersion":17}')).toBeNull();
    expect(parsePlan('not json')).toBeNull();
  });

  it('refreshes grids, villages, townships and the planner lists, but not an editor’s working plan', () => {
    const prefixes = PLAN_KEYS.map((key) => key[0]);
    const covers = (key: readonly unknown[]) => prefixes.includes(key[0] as (typeof prefixes)[number]);
    expect(covers(queryKeys.grids)).toBe(true);
    expect(covers(queryKeys.townships)).toBe(true);
    expect(covers(queryKeys.villages('360121100'))).toBe(true);
    expect(covers(planKeys.versions('360121100', 3))).toBe(true);
    expect(covers(planKeys.diff('360121100', 1, 3))).toBe(true);
    expect(covers(planKeys.plan('360121100'))).toBe(false);
  });
});
