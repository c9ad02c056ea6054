// Calendar rules of the ledger shared by every backend and the HTTP layer: days and ISO weeks are
// counted in China Standard Time (Asia/Shanghai, UTC+8 all year, no daylight saving since 1991).
import type { IssueFilter } from './store.ts';

export const LEDGER_UTC_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Midnight (ledger time) starting a YYYY-MM-DD day, as epoch milliseconds; null for a non-date. */
export function ledgerDayStart(date: string): number | null {
  const match = DATE_PATTERN.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const utcMidnight = Date.UTC(year, month - 1, day);
  const check = new Date(utcMidnight);
  // Rejects 2015-02-30 and friends, which Date.UTC silently rolls over.
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return utcMidnight - LEDGER_UTC_OFFSET_MS;
}

export function isLedgerDate(text: string): boolean {
  return ledgerDayStart(text) !== null;
}

/** The ledger-time calendar date (YYYY-MM-DD) of an instant. */
export function ledgerDate(epochMs: number): string {
  return new Date(epochMs + LEDGER_UTC_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * An inclusive window of ledger days as a half-open window of instants: `to` covers its whole day.
 * Dates must already be valid (see isLedgerDate).
 */
export function dayWindow(from: string | undefined, to: string | undefined): Pick<IssueFilter, 'reportedFrom' | 'reportedBefore'> {
  const window: Pick<IssueFilter, 'reportedFrom' | 'reportedBefore'> = {};
  const start = from === undefined ? null : ledgerDayStart(from);
  const end = to === undefined ? null : ledgerDayStart(to);
  if (start !== null) window.reportedFrom = new Date(start).toISOString();
  if (end !== null) window.reportedBefore = new Date(end + DAY_MS).toISOString();
  return window;
}

/** Epoch milliseconds of the Monday 00:00 (ledger time) opening the ISO week that holds `epochMs`. */
export function weekStartMs(epochMs: number): number {
  const local = epochMs + LEDGER_UTC_OFFSET_MS;
  const localMidnight = Math.floor(local / DAY_MS) * DAY_MS;
  const daysSinceMonday = (new Date(localMidnight).getUTCDay() + 6) % 7;
  return localMidnight - daysSinceMonday * DAY_MS - LEDGER_UTC_OFFSET_MS;
}

export interface TrendWeeks {
  /** Monday dates, oldest first; the last is the week holding `now`. */
  weekStarts: string[];
  /** First instant of the oldest week (ISO 8601). */
  from: string;
  /** First instant after the current week (ISO 8601). */
  before: string;
}

export function trendWeeks(now: Date, weeks: number): TrendWeeks {
  const current = weekStartMs(now.getTime());
  const oldest = current - (weeks - 1) * WEEK_MS;
  const weekStarts: string[] = [];
  for (let index = 0; index < weeks; index++) weekStarts.push(ledgerDate(oldest + index * WEEK_MS));
  return { weekStarts, from: new Date(oldest).toISOString(), before: new Date(current + WEEK_MS).toISOString() };
}
