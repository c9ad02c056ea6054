// TanStack Query hooks, one per resource. Geometry never changes while the page is open; figures
// and issues change with every write and are refreshed by the live events (and polling as backup).
import { QueryClient, keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, isTransient, type StatsParams } from './client.ts';
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
};

/** Keys whose data a write can change: refreshed on every `version` event. */
export const LIVE_KEYS = [['stats'], ['trend'], ['points'], ['issues']] as const;

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

export function useTownships() {
  return useQuery({ queryKey: queryKeys.townships, queryFn: ({ signal }) => api.townships(signal), ...STATIC });
}

export function useGrids() {
  return useQuery({ queryKey: queryKeys.grids, queryFn: ({ signal }) => api.grids(signal), ...STATIC });
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
  return useQuery({
    queryKey: queryKeys.basemap(layer, detail),
    queryFn: ({ signal }) => api.basemap(layer, detail, signal),
    enabled,
    ...STATIC,
  });
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
  return useQuery({
    queryKey: queryKeys.points,
    queryFn: ({ signal }) => api.issuePoints(signal),
    refetchInterval: refetchIntervalMs,
  });
}

export const RECENT_ISSUES = 8;

export function useRecentIssues(grid: string | null) {
  return useQuery({
    queryKey: queryKeys.recentIssues(grid ?? ''),
    queryFn: ({ signal }) => api.recentIssues({ grid, limit: RECENT_ISSUES }, signal),
    enabled: grid !== null,
  });
}
