// The grid-plan endpoints: a typed client and TanStack Query hooks. Saves answer 409 when the plan
// moved on since it was loaded and 422 with the problems the server found; both come back as data.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PlanChangeset, PlanDiff, PlanProblem, PlanSaveResult, PlanVersionSummary, RebalanceProposal, TownshipPlan } from '../../../server/plan/types.ts';
import { ApiRequestError, queryString } from './client.ts';
import { reportUnauthenticated } from './access.ts';

export type { PlanChangeset, PlanDiff, PlanProblem, PlanSaveResult, PlanVersionSummary, RebalanceProposal, TownshipPlan };

/** What a save (or a rollback) came to. */
export type SaveOutcome =
  | { kind: 'saved'; result: PlanSaveResult }
  | { kind: 'stale'; currentVersion: number | null }
  | { kind: 'refused'; field: string | null; reason: string; problems: PlanProblem[] };

const planPath = (township: string) => `/api/townships/${encodeURIComponent(township)}/plan`;

async function requestJson<T>(path: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: { Accept: 'application/json', ...(init?.body ? { 'Content-Type': 'application/json' } : {}) } });
  } catch (error) {
    if (init?.signal?.aborted) throw error;
    throw new ApiRequestError(0, 'unreachable', `cannot reach the server for ${path}`);
  }
  // The session ended (access control on): back to the sign-in view.
  if (response.status === 401) reportUnauthenticated();
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON: the status says enough.
  }
  return { status: response.status, body: body as T };
}

function failure(path: string, status: number, body: unknown): ApiRequestError {
  const error = (body as { error?: unknown } | null)?.error;
  const code = typeof error === 'string' ? error : ((error as { code?: string } | undefined)?.code ?? 'http_error');
  const message = typeof error === 'object' && error !== null ? ((error as { message?: string }).message ?? `${status} for ${path}`) : `${status} for ${path}`;
  return new ApiRequestError(status, code, message);
}

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const { status, body } = await requestJson<T>(path, { signal });
  if (status < 200 || status >= 300) throw failure(path, status, body);
  return body;
}

/** Reads a 409 or 422 answer into an outcome, whichever error layout the server uses. */
export function outcomeOf(status: number, body: unknown): SaveOutcome | null {
  const record = (body ?? {}) as Record<string, unknown>;
  const error = record.error;
  const nested = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const pick = (name: string): unknown => record[name] ?? nested[name];
  if (status === 201 || status === 200) return { kind: 'saved', result: body as PlanSaveResult };
  if (status === 409) {
    const current = pick('currentVersion');
    return { kind: 'stale', currentVersion: typeof current === 'number' ? current : null };
  }
  if (status === 422 || status === 400) {
    const problems = Array.isArray(pick('problems')) ? (pick('problems') as PlanProblem[]) : [];
    const field = pick('field');
    const reason = pick('reason') ?? nested.message ?? (typeof error === 'string' ? error : '');
    return { kind: 'refused', field: typeof field === 'string' ? field : null, reason: String(reason), problems };
  }
  return null;
}

async function postOutcome(path: string, payload: unknown): Promise<SaveOutcome> {
  const { status, body } = await requestJson<unknown>(path, { method: 'POST', body: JSON.stringify(payload) });
  const outcome = outcomeOf(status, body);
  if (!outcome) throw failure(path, status, body);
  return outcome;
}

export const planApi = {
  plan: (township: string, signal?: AbortSignal) => getJson<TownshipPlan>(planPath(township), signal),
  versions: (township: string, signal?: AbortSignal) => getJson<PlanVersionSummary[]>(`${planPath(township)}/versions`, signal),
  diff: (township: string, from: number, to: number, signal?: AbortSignal) => getJson<PlanDiff>(`${planPath(township)}/diff${queryString({ from, to })}`, signal),
  save: (township: string, changeset: PlanChangeset) => postOutcome(planPath(township), changeset),
  rollback: (township: string, request: { toVersion: number; baseVersion: number; author: string; reason: string }) => postOutcome(`${planPath(township)}/rollback`, request),
  rebalance: async (township: string, baseVersion: number): Promise<RebalanceProposal> => {
    const path = `${planPath(township)}/rebalance`;
    const { status, body } = await requestJson<RebalanceProposal>(path, { method: 'POST', body: JSON.stringify({ baseVersion }) });
    if (status !== 200) throw failure(path, status, body);
    return body;
  },
};

export const planKeys = {
  plan: (township: string) => ['plan', township] as const,
  /** Keyed by the version the editor holds as well: a newer plan brings a newer list. */
  versions: (township: string, current?: number) => (current === undefined ? (['plan-versions', township] as const) : (['plan-versions', township, current] as const)),
  diff: (township: string, from: number, to: number) => ['plan-diff', township, from, to] as const,
};

/** The township's current plan; fetched once per load (the editor works on its own copy). */
export function usePlan(township: string) {
  return useQuery({ queryKey: planKeys.plan(township), queryFn: ({ signal }) => planApi.plan(township, signal), staleTime: Infinity, gcTime: 0, retry: 1 });
}

export function usePlanVersions(township: string, currentVersion: number) {
  return useQuery({ queryKey: planKeys.versions(township, currentVersion), queryFn: ({ signal }) => planApi.versions(township, signal) });
}

export function usePlanDiff(township: string, versions: { from: number; to: number } | null) {
  return useQuery({
    queryKey: planKeys.diff(township, versions?.from ?? 0, versions?.to ?? 0),
    queryFn: ({ signal }) => planApi.diff(township, versions!.from, versions!.to, signal),
    enabled: versions !== null,
  });
}

/** After a save the other views' grid layers are stale too: everything grid-shaped is refetched. */
function useAfterSave(township: string) {
  const client = useQueryClient();
  return (outcome: SaveOutcome) => {
    if (outcome.kind !== 'saved') return;
    void client.invalidateQueries({ queryKey: planKeys.versions(township) });
    for (const key of [['grids'], ['townships'], ['villages'], ['stats']]) void client.invalidateQueries({ queryKey: key });
  };
}

export function useSavePlan(township: string) {
  const afterSave = useAfterSave(township);
  return useMutation({ mutationFn: (changeset: PlanChangeset) => planApi.save(township, changeset), onSuccess: afterSave });
}

export function useRollback(township: string) {
  const afterSave = useAfterSave(township);
  return useMutation({
    mutationFn: (request: { toVersion: number; baseVersion: number; author: string; reason: string }) => planApi.rollback(township, request),
    onSuccess: afterSave,
  });
}

export function useRebalance(township: string) {
  return useMutation({ mutationFn: (baseVersion: number) => planApi.rebalance(township, baseVersion) });
}
