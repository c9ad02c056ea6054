// How old the figures on screen are, and whether that should worry the viewer.
export type Connection = 'connecting' | 'open' | 'closed';

export interface DataAge {
  /** Milliseconds since the data was last confirmed by the server; null before any data. */
  ageMs: number | null;
  /** True when the live connection is down or the data is older than allowed. */
  stale: boolean;
}

export function dataAge(nowMs: number, asOfMs: number | null, connection: Connection, staleAfterMs: number): DataAge {
  if (asOfMs === null) return { ageMs: null, stale: connection !== 'open' };
  const ageMs = Math.max(0, nowMs - asOfMs);
  return { ageMs, stale: connection !== 'open' || ageMs > staleAfterMs };
}

/** The oldest of the given update times (0 or missing means not loaded yet). */
export function oldestUpdate(updatedAtMs: readonly (number | undefined)[]): number | null {
  const loaded = updatedAtMs.filter((value): value is number => value !== undefined && value > 0);
  return loaded.length === 0 ? null : Math.min(...loaded);
}

/** Reconnection delay after `attempt` failures: 2 s, doubling, at most 30 s. */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(30_000, 2000 * 2 ** Math.max(0, attempt));
}
