// The HTTP API: thin routers over a GridStore and an injected point locator.
import { Hono } from 'hono';
import type { AppDeps } from './deps.ts';
import { apiNotFound, createErrorHandler, errorResponse } from './errors.ts';
import { findStaticFile, indexPageFor, staticResponse } from './static.ts';
import { healthRoutes } from './routes/health.ts';
import { townshipRoutes } from './routes/townships.ts';
import { countyRoutes, provinceRoutes } from './routes/counties.ts';
import { villageRoutes } from './routes/villages.ts';
import { gridRoutes } from './routes/grids.ts';
import { blockRoutes } from './routes/blocks.ts';
import { issueRoutes } from './routes/issues.ts';
import { ledgerRoutes } from './routes/ledger.ts';
import { open311Routes } from './routes/open311.ts';
import { statsRoutes } from './routes/stats.ts';
import { basemapRoutes } from './routes/basemap.ts';
import { eventRoutes } from './routes/events.ts';
import { ogcRoutes } from './routes/ogc.ts';
import { tileRoutes } from './routes/tiles.ts';
import { exportRoutes } from './routes/export.ts';
import { fieldworkRoutes, rosterRoutes } from './routes/fieldwork.ts';
import { fieldworkOf } from '../store/fieldwork.ts';
import { planRoutes } from './routes/plan.ts';
import { planOf } from '../store/plan.ts';
import { createEventBus } from '../events/bus.ts';
import { publishingStore } from '../events/publishing-store.ts';
import { installAccess } from './middleware/install.ts';
import { authRoutes, openAuthRoutes } from './routes/auth.ts';
import { adminRoutes } from './routes/admin.ts';

export type { AppDeps, PointLocator } from './deps.ts';

export function createApp(appDeps: AppDeps) {
  // Every write made through the app is announced to event-stream clients.
  const events = appDeps.events ?? createEventBus({ onListenerError: appDeps.logError });
  const deps = { ...appDeps, events, store: publishingStore(appDeps.store, events) };
  // No other app-wide middleware: each API route resolves to a single handler, which keeps the
  // cached GeoJSON hit path synchronous and lets serve.ts answer those hits before Hono. The access
  // middleware is the exception: serve.ts runs its gate in its place.
  const base = new Hono();
  if (deps.access) {
    installAccess(base, { settings: deps.access, store: deps.store, locator: deps.locator });
    base.route('/api/auth', authRoutes(deps.access, { now: deps.now })).route('/api/admin', adminRoutes(deps.access.store));
  } else {
    base.route('/api/auth', openAuthRoutes());
  }
  const app = base
    .route('/api/health', healthRoutes(deps))
    .route('/api/province', provinceRoutes(deps))
    .route('/api/counties', countyRoutes(deps))
    .route('/api/townships', townshipRoutes(deps))
    .route('/api/townships', planRoutes(deps, planOf(appDeps.store)))
    .route('/api/villages', villageRoutes(deps))
    .route('/api/grids', gridRoutes(deps))
    .route('/api/grids', rosterRoutes(fieldworkOf(appDeps.store)))
    .route('/api/blocks', blockRoutes(deps))
    // Ahead of the issue routes, so /api/issues/export.csv is not read as an issue id.
    .route('/api/issues', ledgerRoutes(deps))
    .route('/api/issues', issueRoutes(deps))
    .route('/api/stats', statsRoutes(deps))
    .route('/api/basemap', basemapRoutes(deps))
    .route('/api/events', eventRoutes(deps))
    .route('/open311/v2', open311Routes(deps))
    .route('/ogc', ogcRoutes(deps))
    .route('/tiles', tileRoutes(deps))
    .route('/api/export', exportRoutes(deps))
    .route('/api', fieldworkRoutes(deps, fieldworkOf(appDeps.store)));

  app.onError(createErrorHandler(deps.logError ?? ((error) => console.error(error))));

  const { staticRoot } = deps;
  const indexPage = indexPageFor(appDeps.store);
  app.notFound(async (c) => {
    const path = c.req.path;
    const isApi = path === '/api' || path.startsWith('/api/');
    if (staticRoot && !isApi && (c.req.method === 'GET' || c.req.method === 'HEAD')) {
      const file = await findStaticFile(staticRoot, path, indexPage);
      if (file) return staticResponse(c, file);
      return errorResponse(c, 404, 'not_found', `no file ${path}`);
    }
    return apiNotFound(c);
  });
  return app;
}

export type AppType = ReturnType<typeof createApp>;
