// What the HTTP layer is given: storage, a point locator, and presentation settings.
import type { GridStore } from '../store/store.ts';
import type { EventBus } from '../events/bus.ts';
import type { AccessSettings } from './middleware/identity.ts';

/** Finds the current grid containing a WGS84 point; null outside the county. */
export interface PointLocator {
  /** May answer later while it catches up with a newly saved grid plan. */
  locate(lon: number, lat: number): string | null | Promise<string | null>;
}

export interface AppDeps {
  store: GridStore;
  locator: PointLocator;
  /** Directory of the built web app; served with an index.html fallback for client routes. */
  staticRoot?: string;
  /** Attribution line for every FeatureCollection; defaults to the seeded dataset's. */
  attribution?: string;
  /** Clock for default report times; defaults to the system clock. */
  now?: () => Date;
  /** Receives unexpected errors (the client only sees a bare 500). */
  logError?: (error: unknown) => void;
  /** Where committed writes are announced (GET /api/events); the app creates one when absent. */
  events?: EventBus;
  /** Interval of the event stream's heartbeat comments; 15 s when absent. */
  eventsHeartbeatMs?: number;
  /**
   * Accounts and roles. When present every /api and /open311 route needs a session or API token and
   * the access policy's permission; when absent the API is open (tests of other features, demos).
   */
  access?: AccessSettings;
  /**
   * Reads a database of several counties into the tile caches in the background after start, so the
   * first low-zoom tiles don't wait for millions of problems and lines. Off in tests.
   */
  warmTiles?: boolean;
  /** Told when the read-ahead finished, with its duration (ms). */
  onTilesWarm?: (ms: number) => void;
}

export async function attributionOf(deps: AppDeps): Promise<string> {
  return deps.attribution ?? (await deps.store.datasetInfo())?.attribution ?? '';
}

/** Dataset id, used to keep ETags distinct between databases. */
export async function datasetSalt(deps: AppDeps): Promise<string> {
  return (await deps.store.datasetInfo())?.id ?? 'empty';
}
