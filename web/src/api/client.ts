// A small typed client over fetch: one function per endpoint, relative URLs only (same origin).
import type {
  BasemapCollection,
  BasemapDetail,
  BasemapLayer,
  CountyCollection,
  FieldworkLevel,
  FieldworkStats,
  GridRoster,
  IssueLedger,
  Stats,
  GridCollection,
  GridFeature,
  IssueCollection,
  IssuePoints,
  ProvinceSummary,
  StatsLevel,
  TownshipCollection,
  Trend,
  VillageCollection,
} from './types.ts';
import { mayRequest, reportUnauthenticated } from './access.ts';

/** A failed request: `status` 0 means the server could not be reached. */
export class ApiRequestError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiRequestError';
    this.status = status;
    this.code = code;
  }
}

/** Worth retrying: the network or the server failed, not the request. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof ApiRequestError)) return true;
  return error.status === 0 || error.status === 408 || error.status === 429 || error.status >= 500;
}

export function queryString(params: Readonly<Record<string, string | number | null | undefined>>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * Figures and panels ask with low priority: on a first load the map's data and the font files of
 * its labels go first (browsers open only a few connections per server).
 */
const LOW_PRIORITY_PATHS = /^\/api\/(stats|fieldwork)\b/;

/** Never resolves; rejects when the signal aborts. */
function untilAborted(signal?: AbortSignal): Promise<never> {
  return new Promise((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason), { once: true }));
}

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return (await openJson(path, signal)).json() as Promise<T>;
}

/** The answer to a GET, checked but with its body not yet read (the caller reads or cancels it). */
async function openJson(path: string, signal?: AbortSignal): Promise<Response> {
  // Signed out (access control on): the request would only earn a 401. It waits instead: the app
  // shows sign-in, and signing in reloads the page.
  if (!(await mayRequest())) await untilAborted(signal);
  let response: Response;
  try {
    const priority: RequestPriority = LOW_PRIORITY_PATHS.test(path) ? 'low' : 'auto';
    response = await fetch(path, { signal, priority, headers: { Accept: 'application/json, application/geo+json' } });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiRequestError(0, 'unreachable', `cannot reach the server for ${path}`);
  }
  if (!response.ok) {
    if (response.status === 401) reportUnauthenticated();
    let code = 'http_error';
    let message = `${response.status} for ${path}`;
    try {
      const body = (await response.json()) as { error?: { code?: string; message?: string } };
      code = body.error?.code ?? code;
      message = body.error?.message ?? message;
    } catch {
      // Not JSON: keep the status line.
    }
    throw new ApiRequestError(response.status, code, message);
  }
  return response;
}

/**
 * A GET started now and read later, or never: the request goes out at once (picking up what
 * index.html preloads), while the decision to parse its body waits for other data.
 */
export interface DeferredJson<T> {
  /** The body's size on the wire as the server announced it; null when it did not, or the request failed. */
  bytes: Promise<number | null>;
  read(): Promise<T>;
  /** Drops the body unread. */
  discard(): void;
}

export function deferJson<T>(path: string): DeferredJson<T> {
  const opened = openJson(path);
  // A failure is reported by `read`; a discarded request's failure concerns nobody.
  opened.catch(() => {});
  const bytes = opened.then(
    (response) => {
      const length = response.headers.get('Content-Length');
      return length !== null && /^\d+$/.test(length) ? Number(length) : null;
    },
    () => null,
  );
  return {
    bytes,
    read: async () => (await opened).json() as Promise<T>,
    discard: () => void opened.then((response) => response.body?.cancel()).catch(() => {}),
  };
}

export interface StatsParams {
  level: StatsLevel;
  code?: string | null;
  from?: string | null;
  to?: string | null;
  category?: string | null;
}

export interface FieldworkParams {
  level: FieldworkLevel;
  code?: string | null;
  /** Inclusive contact-day dates, YYYY-MM-DD. */
  from?: string | null;
  to?: string | null;
}

/** An area and a window of report dates (YYYY-MM-DD, inclusive) for the ledger export. */
export interface LedgerExportParams {
  township?: string | null;
  grid?: string | null;
  from?: string | null;
  to?: string | null;
}

/** The CSV export of the ledger, as a plain link: the browser downloads it itself. */
export function ledgerExportUrl(params: LedgerExportParams): string {
  // A grid names its area exactly; the township would only repeat it.
  const township = params.grid ? null : params.township;
  return `/api/issues/export.csv${queryString({ township, grid: params.grid, from: params.from, to: params.to })}`;
}

export const ISSUE_POINTS_PATH = '/api/issues/points';
export const gridsPath = (township: string | null) => `/api/grids${queryString({ township })}`;
export const basemapPath = (layer: BasemapLayer, detail: BasemapDetail | null) => `/api/basemap${queryString({ layer, detail })}`;

/** The code a figures request sends: none for the province, optional for a county (the only one of a county database). */
function statsCode(level: StatsLevel, code: string | null | undefined): string | null {
  if (level === 'province') return null;
  return code ?? null;
}

export const api = {
  province: (signal?: AbortSignal) => getJson<ProvinceSummary>('/api/province', signal),
  counties: (signal?: AbortSignal) => getJson<CountyCollection>('/api/counties', signal),
  /** Every township, or one county's (a province database's county level). */
  townships: (county: string | null, signal?: AbortSignal) => getJson<TownshipCollection>(`/api/townships${queryString({ county })}`, signal),
  villages: (township: string, signal?: AbortSignal) => getJson<VillageCollection>(`/api/villages${queryString({ township })}`, signal),
  /** Every current grid, or one township's. */
  grids: (township: string | null, signal?: AbortSignal) => getJson<GridCollection>(gridsPath(township), signal),
  grid: (code: string, signal?: AbortSignal) => getJson<GridFeature>(`/api/grids/${encodeURIComponent(code)}`, signal),
  stats: (params: StatsParams, signal?: AbortSignal) =>
    getJson<Stats>(`/api/stats${queryString({ level: params.level, code: statsCode(params.level, params.code), from: params.from, to: params.to, category: params.category })}`, signal),
  trend: (params: { level: StatsLevel; code?: string | null; weeks: number; category?: string | null }, signal?: AbortSignal) =>
    getJson<Trend>(`/api/stats/trend${queryString({ level: params.level, code: statsCode(params.level, params.code), weeks: params.weeks, category: params.category })}`, signal),
  issuePoints: (signal?: AbortSignal) => getJson<IssuePoints>(ISSUE_POINTS_PATH, signal),
  recentIssues: (params: { grid?: string | null; township?: string | null; limit: number }, signal?: AbortSignal) =>
    getJson<IssueCollection>(`/api/issues${queryString(params)}`, signal),
  roster: (grid: string, signal?: AbortSignal) => getJson<GridRoster>(`/api/grids/${encodeURIComponent(grid)}/roster`, signal),
  fieldworkStats: (params: FieldworkParams, signal?: AbortSignal) =>
    getJson<FieldworkStats>(`/api/fieldwork/stats${queryString({ level: params.level, code: params.level === 'county' ? null : params.code, from: params.from, to: params.to })}`, signal),
  ledger: (issueId: number, signal?: AbortSignal) => getJson<IssueLedger>(`/api/issues/${issueId}/ledger`, signal),
  basemap: (layer: BasemapLayer, detail: BasemapDetail | null, signal?: AbortSignal) =>
    getJson<BasemapCollection>(basemapPath(layer, detail), signal),
};
