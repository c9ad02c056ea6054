// Server entry: open (and on first start seed) the database, index the grids, serve the API and web app.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from './http/app.ts';
import { startServer } from './http/serve.ts';
import { openStore } from './store/open-store.ts';
import { ensureSeeded } from './build/seed.ts';
import { buildLocator } from './geo/locate.ts';
import { followingLocator } from './store/plan-locator.ts';
import { stderrProgress } from './build/progress.ts';
import { accessFromEnvironment } from './access/environment.ts';
import { eventsAcrossInstances } from './events/pg-bridge.ts';

const port = Number(process.env.PORT ?? 8787);
const databaseUrl = process.env.DATABASE_URL ?? './var/gridmap.db';
const webRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/web');

const store = await openStore(databaseUrl, { prepareDirectory: (path) => mkdirSync(dirname(path), { recursive: true }) });
await ensureSeeded(store, stderrProgress('seed '));

const grids = (await store.listGrids()) ?? [];
// Rebuilt whenever a saved plan version changes the grids.
const locator = await followingLocator(store, buildLocator);
// On PostgreSQL several instances may serve one database: events travel between them by LISTEN/NOTIFY.
const events = await eventsAcrossInstances(databaseUrl, store, (error) => console.error(error));
const app = createApp({
  store,
  locator,
  events,
  staticRoot: existsSync(webRoot) ? webRoot : undefined,
  logError: (error) => console.error(error),
  warmTiles: true,
  onTilesWarm: (ms) => console.log(`gridmap: tile caches read ahead in ${(ms / 1000).toFixed(1)} s`),
  // GRIDMAP_AUTH=1: accounts and roles on every API route (see server/access/environment.ts).
  access: await accessFromEnvironment(store),
});

const server = startServer(app, { port }, (info) => {
  console.log(`gridmap: ${grids.length} grids, serving http://localhost:${info.port} (database ${databaseUrl})`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close();
    void Promise.resolve(events?.close())
      .then(() => store.close())
      .finally(() => process.exit(0));
  });
}
