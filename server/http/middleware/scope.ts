// Deriving the place a request acts on from its path, query or body, as its policy rule says.
import type { Context } from 'hono';
import type { ScopeSource } from '../../access/policy.ts';
import { COUNTY_SCOPE, DATABASE_SCOPE, UNKNOWN_SCOPE, codeScope, type Scope } from '../../access/authorize.ts';
import type { GridStore } from '../../store/store.ts';
import type { PointLocator } from '../deps.ts';

/** Township, village or grid codes: 9, 12 or 15 digits. */
const PLACE_CODE = /^(?:\d{9}|\d{12}|\d{15})$/;

function placeScope(value: unknown): Scope {
  return typeof value === 'string' && PLACE_CODE.test(value) ? codeScope(value) : UNKNOWN_SCOPE;
}

function coordinate(value: unknown, limit: number): number | null {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(number) && Math.abs(number) <= limit ? number : null;
}

export interface ScopeInputs {
  params: Record<string, string>;
  body: Record<string, unknown> | undefined;
  store: GridStore;
  locator: PointLocator;
}

export async function deriveScope(c: Context, source: ScopeSource, inputs: ScopeInputs): Promise<Scope> {
  switch (source.from) {
    case 'county':
      return COUNTY_SCOPE;
    case 'level':
      return c.req.query('level') === 'province' ? DATABASE_SCOPE : COUNTY_SCOPE;
    case 'param':
      return placeScope(inputs.params[source.name]);
    case 'query': {
      for (const name of source.names) {
        const value = c.req.query(name);
        if (value !== undefined) return placeScope(value);
      }
      return COUNTY_SCOPE;
    }
    case 'body':
      return placeScope(inputs.body?.[source.name]);
    case 'issue': {
      const raw = inputs.params[source.param] ?? '';
      const id = raw.endsWith('.json') ? raw.slice(0, -'.json'.length) : raw;
      if (!/^\d{1,15}$/.test(id) || Number(id) < 1) return UNKNOWN_SCOPE;
      const issue = await inputs.store.getIssue(Number(id));
      // The grid responsible now (a saved plan may have moved the problem) decides who may act on it.
      const gridCode = issue?.currentGridCode ?? issue?.gridCode;
      return gridCode ? codeScope(gridCode) : UNKNOWN_SCOPE;
    }
    case 'point': {
      const lon = coordinate(inputs.body?.[source.lon], 180);
      const lat = coordinate(inputs.body?.[source.lat], 90);
      if (lon === null || lat === null) return UNKNOWN_SCOPE;
      const grid = await inputs.locator.locate(lon, lat);
      return grid ? codeScope(grid) : UNKNOWN_SCOPE;
    }
  }
}
