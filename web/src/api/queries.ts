// TanStack Query hooks, one per resource. Geometry never changes while the page is open; figures
// and issues change with every write and are refreshed by the live events (and polling as backup).
import { QueryClient, keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiRequestError, basemapPath, deferJson, gridsPath, isTransient, ISSUE_POINTS_PATH, type DeferredJson, type FieldworkParams, type StatsParams } from './client.ts';
import type { BasemapDetail, BasemapLayer, GridCollection, StatsLevel, TownshipCollection } from './types.ts';
import { chooseSources, databaseShape, PAGE_THRESHOLDS, pageScale, type SourceChoice } from '../map/source-choice.ts';

export const queryKeys = {
  townships: ['townships'] as const,
  countyTownships: (county: string) => ['townships', county] as const,
  grids: ['grids'] as const,
  townshipGrids: (township: string) => ['grids', township] as const,
  counties: ['counties'] as const,
  province: ['province'] as const,
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

const townshipsQuery = { queryKey: queryKeys.townships, queryFn: ({ signal }: { signal?: AbortSignal }) => api.townships(null, signal), ...STATIC };
const gridsQuery = { queryKey: queryKeys.grids, queryFn: ({ signal }: { signal?: AbortSignal }) => api.grids(null, signal), ...STATIC };
const pointsQuery = { queryKey: queryKeys.points, queryFn: ({ signal }: { signal?: AbortSignal }) => api.issuePoints(signal) };
const basemapQuery = (layer: BasemapLayer, detail: BasemapDetail | null) => ({
  queryKey: queryKeys.basemap(layer, detail),
  queryFn: ({ signal }: { signal?: AbortSignal }) => api.basemap(layer, detail, signal),
  ...STATIC,
});

/**
 * A body this small is read as soon as it arrives, whatever the layer's size turns out to be: a
 * county's grids and problems stay on the path they always had (the township list, which says
 * whether a layer is large, often comes last). Larger bodies wait for that word.
 */
const READ_AT_ONCE_BYTES = 4 * 1024 * 1024;

/**
 * Starts the requests every page's map needs before React renders (index.html preloads their
 * bytes; this parses them meanwhile). A province's page (the server says so in the page) asks
 * only for the townships: its large layers come as tiles, and the server then preloads nothing else.
 */
export function prefetchMapData(client: QueryClient, scale: 'county' | 'province' = pageScale()): void {
  const townshipsChoice = client.prefetchQuery(townshipsQuery).then(() => {
    const townships = client.getQueryData<TownshipCollection>(queryKeys.townships);
    return townships ? chooseSources(databaseShape(townships.features.map((feature) => feature.properties)), null, PAGE_THRESHOLDS) : null;
  });
  if (scale === 'province') return;
  const settle = <T,>(path: string, layer: keyof SourceChoice, query: { queryKey: readonly unknown[] }) => {
    const deferred: DeferredJson<T> = deferJson<T>(path);
    const read = () => void client.prefetchQuery({ ...query, queryFn: () => deferred.read() });
    void deferred.bytes.then((bytes) => {
      if (bytes !== null && bytes <= READ_AT_ONCE_BYTES) return read();
      void townshipsChoice.then((choice) => (choice?.[layer] === 'geojson' ? read() : deferred.discard()));
    });
  };
  settle(gridsPath(null), 'grids', gridsQuery);
  settle(ISSUE_POINTS_PATH, 'problems', pointsQuery);
  settle(basemapPath('streets', 'major'), 'basemap', basemapQuery('streets', 'major'));
  settle(basemapPath('water', null), 'basemap', basemapQuery('water', null));
}

/** Every township, or (with a county code) one county's. */
export function useTownships(county: string | null = null) {
  return useQuery<TownshipCollection>({
    queryKey: county === null ? queryKeys.townships : queryKeys.countyTownships(county),
    queryFn: ({ signal }) => api.townships(county, signal),
    ...STATIC,
  });
}

/** Every grid; `enabled` false when the grids come as tiles. */
export function useGrids(enabled = true) {
  return useQuery({ ...gridsQuery, enabled });
}

/**
 * A township's grids: taken from the whole layer when it is loaded (and `fromWhole`), else asked
 * for alone.
 */
export function useTownshipGrids(township: string | null, fromWhole = true) {
  const cached = useQueryClient().getQueryData<GridCollection>(queryKeys.grids);
  const whole = fromWhole ? cached : undefined;
  const own = useQuery({
    queryKey: queryKeys.townshipGrids(township ?? ''),
    queryFn: ({ signal }) => api.grids(township, signal),
    enabled: township !== null && whole === undefined,
    ...STATIC,
  });
  return whole ?? own.data;
}

/** The counties of a province database (enabled once there is more than one). */
export function useCounties(enabled: boolean) {
  return useQuery({ queryKey: queryKeys.counties, queryFn: ({ signal }) => api.counties(signal), enabled, ...STATIC });
}

export function useProvince(enabled: boolean) {
  return useQuery({ queryKey: queryKeys.province, queryFn: ({ signal }) => api.province(signal), enabled, staleTime: Infinity });
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

export function useStats(params: StatsParams, refetchIntervalMs?: number, enabled = true) {
  return useQuery({
    enabled,
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

/** Every problem point; `enabled` false when the problems come as tiles. */
export function useIssuePoints(refetchIntervalMs?: number, enabled = true) {
  return useQuery({ ...pointsQuery, refetchInterval: refetchIntervalMs, enabled });
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
export function useFieldworkStats(params: FieldworkParams, refetchIntervalMs?: number, enabled = true) {
  return useQuery({
    enabled,
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
