// Time windows are whole days in China Standard Time (UTC+8, no daylight saving), ending today.
import type { TimeWindow } from './url-state.ts';

const CST_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

const WINDOW_DAYS: Readonly<Record<Exclude<TimeWindow, 'all'>, number>> = { '7d': 7, '30d': 30, '90d': 90 };

export interface WindowRange {
  /** Inclusive calendar dates (YYYY-MM-DD, China Standard Time) for the API. */
  from: string;
  to: string;
  /** The first instant of `from`, as a UTC ISO string, comparable with `reportedAt`. */
  fromInstant: string;
}

function cstDate(instantMs: number): string {
  return new Date(instantMs + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** Null for 'all' (no bounds). */
export function windowRange(window: TimeWindow, now: Date): WindowRange | null {
  if (window === 'all') return null;
  const days = WINDOW_DAYS[window];
  const todayStartCst = Math.floor((now.getTime() + CST_OFFSET_MS) / DAY_MS) * DAY_MS - CST_OFFSET_MS;
  const fromMs = todayStartCst - (days - 1) * DAY_MS;
  return { from: cstDate(fromMs), to: cstDate(now.getTime()), fromInstant: new Date(fromMs).toISOString() };
}
