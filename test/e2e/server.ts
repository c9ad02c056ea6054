// The real server for browser tests and benchmarks: a seeded SQLite database in a temporary
// directory and the app served on loopback the way server/main.ts serves it. It can be stopped
// and started again on the same port to play a server restart.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createApp } from '../../server/http/app.ts';
import { startServer as serveApp } from '../../server/http/serve.ts';
import { buildLocator, type Locator } from '../../server/geo/locate.ts';
import { openStore } from '../../server/store/open-store.ts';
import { ensureSeeded } from '../../server/build/seed.ts';
import type { GridStore } from '../../server/store/store.ts';
import type { Dataset } from '../../server/model.ts';
import type { AccessSettings } from '../../server/http/middleware/identity.ts';

export const LOOPBACK = '127.0.0.1';

/** The built web app: dist/web unless GRIDMAP_WEB_ROOT names another build. */
export function webRoot(): string {
  const root = resolve(process.env.GRIDMAP_WEB_ROOT ?? 'dist/web');
  if (!existsSync(join(root, 'index.html'))) throw new Error(`no web build in ${root}: run \`npx vite build\` first`);
  return root;
}

export interface SeededDatabase {
  directory: string;
  path: string;
  store: GridStore;
  /** Closes the store and deletes the directory. */
  dispose(): Promise<void>;
}

/**
 * A fresh database in a temporary directory: seeded as on a first server start, or with the
 * given dataset (e.g. one with extra problems for load tests).
 */
export async function seedTemporaryDatabase(dataset?: Dataset): Promise<SeededDatabase> {
  const directory = mkdtempSync(join(tmpdir(), 'gridmap-e2e-'));
  const path = join(directory, 'gridmap.db');
  const store = await openStore(path);
  if (dataset) await store.seedDataset(dataset);
  else await ensureSeeded(store);
  return {
    directory,
    path,
    store,
    dispose: async () => {
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:40123 */
  origin: string;
  port: number;
  /** Closes every connection (event streams included) and stops listening. */
  stop(): Promise<void>;
  /** Listens again on the same port with a freshly created app, as after a process restart. */
  restart(): Promise<void>;
}

/** `access`: serve with access control on, as GRIDMAP_AUTH=1 does. */
export async function startServer(store: GridStore, staticRoot: string, options: { access?: AccessSettings } = {}): Promise<RunningServer> {
  const locator: Locator = buildLocator((await store.listGrids()) ?? []);
  const listen = (port: number) =>
    new Promise<Server>((done, fail) => {
      const app = createApp({ store, locator, staticRoot, logError: (error) => console.error(error), access: options.access });
      const server = serveApp(app, { port, hostname: LOOPBACK }, () => done(server));
      server.once('error', fail);
    });
  let server: Server | null = await listen(0);
  const port = (server.address() as AddressInfo).port;
  const stop = async () => {
    const running = server;
    server = null;
    if (!running) return;
    const closed = new Promise<void>((done) => running.close(() => done()));
    running.closeAllConnections();
    await closed;
  };
  return {
    origin: `http://${LOOPBACK}:${port}`,
    port,
    stop,
    restart: async () => {
      await stop();
      server = await listen(port);
    },
  };
}

/** GET a JSON resource from the server. */
export async function getJson<T>(origin: string, path: string): Promise<T> {
  const response = await fetch(origin + path);
  if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}
