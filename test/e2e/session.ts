// One seeded database, the real server over it and Chromium, set up before a test file's tests and
// torn down after them.
import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { getJson, seedTemporaryDatabase, startServer, webRoot, type RunningServer, type SeededDatabase } from './server.ts';

export interface E2eSession {
  readonly database: SeededDatabase;
  readonly server: RunningServer;
  readonly browser: Browser;
  /** GET a JSON answer from the running server. */
  api<T>(path: string): Promise<T>;
}

export function useE2eSession(): E2eSession {
  let database: SeededDatabase | undefined;
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    const staticRoot = webRoot();
    database = await seedTemporaryDatabase();
    server = await startServer(database.store, staticRoot);
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await database?.dispose();
  });
  const ready = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`the ${name} is used before the session started`);
    return value;
  };
  return {
    get database() {
      return ready(database, 'database');
    },
    get server() {
      return ready(server, 'server');
    },
    get browser() {
      return ready(browser, 'browser');
    },
    api: <T>(path: string) => getJson<T>(ready(server, 'server').origin, path),
  };
}
