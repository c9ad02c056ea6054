import { Hono } from 'hono';
import type { AppDeps } from '../deps.ts';
import { guardMethods } from '../errors.ts';

export function healthRoutes(deps: AppDeps) {
  const router = new Hono()
    .get('/', async (c) => c.json({ status: 'ok' as const, dataVersion: deps.store.dataVersion(), seeded: await deps.store.isSeeded() }));
  return guardMethods(router, { '/': ['GET'] });
}
