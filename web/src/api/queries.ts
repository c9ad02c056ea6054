// TanStack Query hooks, one per resource. Geometry never changes while the page is open; figures
// and issues change with every write and are refreshed by the live events (and polling as backup).
import { QueryClient, keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, ApiRequestError, isTransient, type FieldworkParams, type StatsParams } from './client.ts';
import type { BasemapDetail, BasemapLayer, StatsLevel } from './types.ts';

export const queryKeys = {
  townships: ['townships'] as const,
  grids: ['grids'] as const,
  villages: (township: string) => ['villages', township] as const,
  basemap: (layer: BasemapLayer, detail: BasemapDetail | null) => ['basemap', layer, detail] as const,
  stats: (params: StatsParams) => ['stats', params.level, params.code ?? null, params.from ?? null, params.to ?? null, params.category ?? null] as const,
  trend: (level: StatsLevel, code: string | null, weeks: number, category: string | null) => ['trend', level, code, weeks, category] as const,
  points: ['points'] as const,
  recentIssues: (grid: string) => ['issues', grid] as const,
  fieldwork: (params: FieldworkParams) => ['fieldwork', params.level, params.level === 'county' ? null : (params.code ?? null), params.from ?? null, params.to ?? null] as const,
  roster: (grid: string) => ['roster', grid] as const,
  ledger: (issueId: number) => ['ledger', issueId] as const,
};

/** Keys whose data a write can change: refreshed on every `version` event. */
export const LIVE_KEYS = [['stats'], ['trend'], ['points'], ['issues'], ['fieldwork'], ['roster'], ['ledger']] as const;

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Keep retrying while the server is away; the last data stays on screen meanwhile.
        retry: (_failureCount, error) => isTransient(error),
        retryDelay: (attempt) => Math.min(1000 * 2 ** attempt, 15_000),
        refetchOnWindowFocus: false,
        staleTime: 15_000,
      },
    },
  });
}

const STATIC = { staleTime: Infinity, gcTime: Infinity } as const;

const townshipsQuery = { queryKey: queryKeys.townships, queryFn: ({ signal }: { signal?: AbortSignal }) => api.townships(signal), ...STATIC };
const gridsQuery = { queryKey: queryKeys.grids, queryFn: ({ signal }: { signal?: AbortSignal }) => api.grids(signal), ...STATIC };
const pointsQuery = { queryKey: queryKeys.points, queryFn: ({ signal }: { signal?: AbortSignal }) => api.issuePoints(signal) };
const basemapQuery = (layer: BasemapLayer, detail: BasemapDetail | null) => ({
  queryKey: queryKeys.basemap(layer, detail),
  queryFn: ({ signal }: { signal?: AbortSignal }) => api.basemap(layer, detail, signal),
  ...STATIC,
});

/**
 * Starts the requests every page's map needs before React renders (index.html preloads their
 * bytes; this parses them meanwhile).
 */
export function prefetchMapData(client: QueryClient): void {
  void client.prefetchQuery(townshipsQuery);
  void client.prefetchQuery(basemapQuery('streets', 'major'));
  void client.prefetchQuery(gridsQuery);
  void client.prefetchQuery(pointsQuery);
  void client.prefetchQuery(basemapQuery('water', null));
}

export function useTownships() {
  return useQuery(townshipsQuery);
}

export function useGrids() {
  return useQuery(gridsQuery);
}

export function useVillages(township: string | null) {
  return useQuery({
    queryKey: queryKeys.villages(township ?? ''),
    queryFn: ({ signal }) => api.villages(township as string, signal),
    enabled: township !== null,
    ...STATIC,
  });
}

/** A basemap layer, or one half of the streets; `enabled` false defers the request. */
export function useBasemap(layer: BasemapLayer, detail: BasemapDetail | null = null, enabled = true) {
  return useQuery({ ...basemapQuery(layer, detail), enabled });
}

export function useStats(params: StatsParams, refetchIntervalMs?: number) {
  return useQuery({
    queryKey: queryKeys.stats(params),
    queryFn: ({ signal }) => api.stats(params, signal),
    placeholderData: keepPreviousData,
    refetchInterval: refetchIntervalMs,
  });
}

export const TREND_WEEKS = 12;

export function useTrend(level: StatsLevel, code: string | null, category: string | null, refetchIntervalMs?: number) {
  return useQuery({
    queryKey: queryKeys.trend(level, code, TREND_WEEKS, category),
    queryFn: ({ signal }) => api.trend({ level, code, weeks: TREND_WEEKS, category }, signal),
    placeholderData: keepPreviousData,
    refetchInterval: refetchIntervalMs,
  });
}

export function useIssuePoints(refetchIntervalMs?: number) {
  return useQuery({ ...pointsQuery, refetchInterval: refetchIntervalMs });
}

export const RECENT_ISSUES = 8;

export function useRecentIssues(grid: string | null) {
  return useQuery({
    queryKey: queryKeys.recentIssues(grid ?? ''),
    queryFn: ({ signal }) => api.recentIssues({ grid, limit: RECENT_ISSUES }, signal),
    enabled: grid !== null,
  });
}

/** A store that keeps no fieldwork records says so with a 503: asking again will not help. */
function retryUnlessUnavailable(_failureCount: number, error: unknown): boolean {
  return isTransient(error) && !(error instanceof ApiRequestError && error.code === 'fieldwork_unavailable');
}

/** Contact-day figures (people received, attendance) of an area in a window of contact days. */
export function useFieldworkStats(params: FieldworkParams, refetchIntervalMs?: number) {
  return useQuery({
    queryKey: queryKeys.fieldwork(params),
    queryFn: ({ signal }) => api.fieldworkStats(params, signal),
    retry: retryUnlessUnavailable,
    placeholderData: keepPreviousData,
    refetchInterval: refetchIntervalMs,
  });
}

/** The grid's "1+2+4+2+X" roster; a store without fieldwork answers 503 and the panel says so. */
export function useRoster(grid: string | null) {
  return useQuery({
    queryKey: queryKeys.roster(grid ?? ''),
    queryFn: ({ signal }) => api.roster(grid as string, signal),
    retry: retryUnlessUnavailable,
    enabled: grid !== null,
  });
}

/** One problem's ledger entries, fetched when its detail is opened. */
export function useIssueLedger(issueId: number | null) {
  return useQuery({
    queryKey: queryKeys.ledger(issueId ?? 0),
    queryFn: ({ signal }) => api.ledger(issueId as number, signal),
    enabled: issueId !== null,
  });
}
