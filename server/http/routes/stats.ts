import { Hono } from 'hono';
import { validator } from 'hono/validator';
import type { AppDeps } from '../deps.ts';
import type { StatsLevel } from '../../store/store.ts';
import { ApiError, guardMethods } from '../errors.ts';
import { TREND_WEEKS_DEFAULT, parseInput, statsQuery, trendQuery } from '../schemas.ts';
import { dayWindow } from '../../store/ledgerCalendar.ts';

export function statsRoutes(deps: AppDeps) {
  // Without a code the province or county level only comes up empty before seeding.
  const unknown = (level: StatsLevel, code: string | undefined) =>
    level === 'province' || code === undefined
      ? new ApiError(503, 'not_seeded', 'the database holds no county yet')
      : new ApiError(404, `unknown_${level}`, `no ${level} ${code}`, 'code');
  const router = new Hono()
    .get('/', validator('query', (value) => parseInput(statsQuery, value)), async (c) => {
      const { level, code, from, to, category } = c.req.valid('query');
      const stats = await deps.store.stats({ level, code, category, ...dayWindow(from, to) });
      if (!stats) throw unknown(level, code);
      return c.json(stats);
    })
    .get('/trend', validator('query', (value) => parseInput(trendQuery, value)), async (c) => {
      const { level, code, weeks, category } = c.req.valid('query');
      const trend = await deps.store.trend({ level, code, category, weeks: weeks ?? TREND_WEEKS_DEFAULT });
      if (!trend) throw unknown(level, code);
      return c.json(trend);
    });
  return guardMethods(router, { '/': ['GET'], '/trend': ['GET'] });
}
