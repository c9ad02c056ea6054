// Test wiring for access control: the fieldwork fixture at a contact-day evening, one account per
// role with a live session, and request helpers.
import { createApp } from '../../server/http/app.ts';
import { openSqliteStore, type SqliteGridStore } from '../../server/store/sqlite/sqliteStore.ts';
import { newSecret, secretHash, type ScryptParameters } from '../../server/access/secrets.ts';
import type { Role } from '../../server/access/roles.ts';
import type { AccessSettings } from '../../server/http/middleware/identity.ts';
import { GRID_A, loadFieldworkDataset } from '../fixtures/fieldwork/load.ts';
import { fixtureLocator } from '../http/helpers.ts';
import type { Dataset } from '../../server/model.ts';

/** Wednesday 2015-05-06 18:05 Asia/Shanghai: inside a contact day. */
export const EVENING = new Date('2015-05-06T10:05:00.000Z');
export const TOWNSHIP_A = '360121100';
export const TOWNSHIP_B = '360121101';
/** Cheap scrypt for tests (the stored parameters travel with each hash). */
export const TEST_SCRYPT: ScryptParameters = { N: 1024, r: 8, p: 1 };

export type Actor = Role | 'anonymous' | 'operator_b';

export const ACCOUNTS: Record<Exclude<Actor, 'anonymous'>, { role: Role; scopeCodes: string[] }> = {
  viewer: { role: 'viewer', scopeCodes: [] },
  grid_cadre: { role: 'grid_cadre', scopeCodes: [GRID_A] },
  township_operator: { role: 'township_operator', scopeCodes: [TOWNSHIP_A] },
  operator_b: { role: 'township_operator', scopeCodes: [TOWNSHIP_B] },
  township_planner: { role: 'township_planner', scopeCodes: [TOWNSHIP_A] },
  county_leader: { role: 'county_leader', scopeCodes: [] },
  admin: { role: 'admin', scopeCodes: [] },
};

export interface AccessTestApp {
  app: ReturnType<typeof createApp>;
  store: SqliteGridStore;
  dataset: Dataset;
  errors: unknown[];
  /** Session secret (cookie value) per account. */
  sessions: Record<string, string>;
  request(actor: Actor, path: string, init?: RequestInit): Promise<Response>;
}

export function makeAccessApp(overrides: Partial<AccessSettings> = {}, path = ':memory:'): AccessTestApp {
  const dataset = loadFieldworkDataset();
  const store = openSqliteStore(path, { now: () => EVENING });
  store.seedDataset(dataset);
  const errors: unknown[] = [];
  const sessions: Record<string, string> = {};
  for (const [username, account] of Object.entries(ACCOUNTS)) {
    const user = store.access.createUser({ username, displayName: username, role: account.role, scopeCodes: account.scopeCodes, passwordHash: null, createdBy: 'test' });
    const secret = newSecret();
    store.access.createSession(secretHash(secret), user.id, new Date(EVENING.getTime() + 3_600_000).toISOString());
    sessions[username] = secret;
  }
  const app = createApp({
    store,
    locator: fixtureLocator(dataset),
    attribution: 'test',
    now: () => EVENING,
    logError: (error) => errors.push(error),
    access: { store: store.access, writeLimit: { capacity: 10_000, refillPerSecond: 10_000 }, ...overrides },
  });
  const request = (actor: Actor, target: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (actor !== 'anonymous') headers.set('cookie', `gridmap_session=${sessions[actor]}`);
    return Promise.resolve(app.request(target, { ...init, headers }));
  };
  return { app, store, dataset, errors, sessions, request };
}

export function jsonInit(method: string, body: unknown): RequestInit {
  return { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** A point well inside a grid of the dataset (the centre of its first ring's bounding box). */
export function pointIn(dataset: Dataset, gridCode: string): { lon: number; lat: number } {
  const grid = dataset.grids.find((g) => g.code === gridCode)!;
  const ring = grid.polygon[0];
  const lons = ring.map((p) => p[0]);
  const lats = ring.map((p) => p[1]);
  return { lon: (Math.min(...lons) + Math.max(...lons)) / 2, lat: (Math.min(...lats) + Math.max(...lats)) / 2 };
}
