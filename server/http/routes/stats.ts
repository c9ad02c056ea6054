import { Hono } from 'hono';
import { validator } from 'hono/validator';
import type { AppDeps } from '../deps.ts';
import { ApiError, guardMethods } from '../errors.ts';
import { parseInput, statsQuery } from '../schemas.ts';

export function statsRoutes(deps: AppDeps) {
  const router = new Hono()
    .get('/', validator('query', (value) => parseInput(statsQuery, value)), async (c) => {
      const { level, code } = c.req.valid('query');
      const stats = await deps.store.stats({ level, code });
      if (!stats) {
        if (level === 'county') throw new ApiError(503, 'not_seeded', 'the database holds no county yet');
        throw new ApiError(404, `unknown_${level}`, `no ${level} ${code}`, 'code');
      }
      return c.json(stats);
    });
  return guardMethods(router, { '/': ['GET'] });
}
