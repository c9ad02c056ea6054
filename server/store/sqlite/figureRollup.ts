// Ledger figures from the pre-aggregated counters (migrations-rollup.ts) instead of a scan of every
// problem: the same answers as the scan in statsQueries.ts, field by field, at any scale.
//
// A reporting window is cut into whole months (per-month rollup), whole ledger days (per-day rollup)
// and at most two partial days at its ends, scanned from `issues` by their report-time indexes.
// `overdue` depends on the clock: derived from open problems counted per deadline day and month,
// and the partial index over open problems.
// Grid scopes and grid groupings are left to the scan (grids are small; a grid's problems move with
// plan edits); so are windows combined with a category, and bounds that are not canonical timestamps.
import type { Database } from 'better-sqlite3';
import type { IssueFilter } from '../store.ts';
import { emptyLedgerFigures, type LedgerFigures } from '../ledgerFigures.ts';
import { LEDGER_UTC_OFFSET_MS } from '../ledgerCalendar.ts';
import { OVERDUE_INDEX, ROLLUP_COUNTERS, counterValue } from './migrations-rollup.ts';

/** The problems of everything (null), a county (6 digits), a township or a grid, as in issueFilterSql.ts. */
export interface RollupScope {
  column: 'county' | 'township_code' | 'grid_code';
  value: string;
}

export type RollupGroup = 'county' | 'township_code' | 'grid_code';

const DAY_MS = 86_400_000;
const CANONICAL_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** Sorts before and after every day or month key. */
const LOWEST_KEY = '';
const HIGHEST_KEY = '~';

type Counters = Record<string, number>;

interface SqlPart {
  sql: string;
  params: string[];
}

interface HalfOpen {
  from: string;
  before: string;
}

/** How a window splits into scanned instants, whole ledger days and whole ledger months. */
interface WindowPlan {
  scans: HalfOpen[];
  days: HalfOpen[];
  months: HalfOpen[];
}

function groupExpression(group: RollupGroup | null, column: string): string {
  if (group === 'county') return `substr(${column}, 1, 6)`;
  if (group === 'township_code') return column;
  return "''";
}

function scopeCondition(scope: RollupScope | null, column: string): SqlPart {
  if (!scope) return { sql: '1', params: [] };
  if (scope.column === 'county') {
    // Township codes (9 digits) nest under their county's 6: a range the township indexes serve.
    return { sql: `${column} >= ? AND ${column} <= ?`, params: [`${scope.value}000`, `${scope.value}999`] };
  }
  return { sql: `${column} = ?`, params: [scope.value] };
}

function ledgerDayKey(instantMs: number): string {
  return new Date(instantMs + LEDGER_UTC_OFFSET_MS).toISOString().slice(0, 10);
}

function isoOrNull(instantMs: number): string | null {
  if (!Number.isFinite(instantMs)) return null;
  const text = new Date(instantMs).toISOString();
  return CANONICAL_TIMESTAMP.test(text) ? text : null;
}

function nextMonth(month: string): string {
  const year = Number(month.slice(0, 4));
  const index = Number(month.slice(5, 7));
  return index === 12 ? `${String(year + 1).padStart(4, '0')}-01` : `${month.slice(0, 5)}${String(index + 1).padStart(2, '0')}`;
}

/**
 * Cuts [reportedFrom, reportedBefore) along ledger-day and ledger-month boundaries; null when a bound
 * is not a canonical UTC timestamp (string order would then not be time order) or leaves years 0000–9999.
 */
export function planWindow(reportedFrom: string | undefined, reportedBefore: string | undefined): WindowPlan | null {
  const plan: WindowPlan = { scans: [], days: [], months: [] };
  for (const bound of [reportedFrom, reportedBefore]) {
    if (bound !== undefined && !CANONICAL_TIMESTAMP.test(bound)) return null;
  }
  // First whole day's start and last whole day's end, as instants and as day keys.
  let firstDay = LOWEST_KEY;
  let endDay = HIGHEST_KEY;
  let firstDayStart: string | null = null;
  let lastDayEnd: string | null = null;
  if (reportedFrom !== undefined) {
    const from = Date.parse(reportedFrom);
    const start = Math.ceil((from + LEDGER_UTC_OFFSET_MS) / DAY_MS) * DAY_MS - LEDGER_UTC_OFFSET_MS;
    firstDayStart = isoOrNull(start);
    if (firstDayStart === null) return null;
    firstDay = ledgerDayKey(start);
  }
  if (reportedBefore !== undefined) {
    const before = Date.parse(reportedBefore);
    const end = Math.floor((before + LEDGER_UTC_OFFSET_MS) / DAY_MS) * DAY_MS - LEDGER_UTC_OFFSET_MS;
    lastDayEnd = isoOrNull(end);
    if (lastDayEnd === null) return null;
    endDay = ledgerDayKey(end);
  }
  if (reportedFrom !== undefined && reportedBefore !== undefined && !(firstDay < endDay)) {
    // Less than one whole day: scan it all.
    plan.scans.push({ from: reportedFrom, before: reportedBefore });
    return plan;
  }
  if (reportedFrom !== undefined && firstDayStart !== null && reportedFrom < firstDayStart) {
    plan.scans.push({ from: reportedFrom, before: firstDayStart });
  }
  if (reportedBefore !== undefined && lastDayEnd !== null && lastDayEnd < reportedBefore) {
    plan.scans.push({ from: lastDayEnd, before: reportedBefore });
  }
  // Whole months inside the whole days: from the first month starting on or after firstDay, up to
  // the month holding endDay (exclusive), so each lies entirely inside [firstDay, endDay).
  const firstMonth = firstDay === LOWEST_KEY ? LOWEST_KEY : firstDay.endsWith('-01') ? firstDay.slice(0, 7) : nextMonth(firstDay.slice(0, 7));
  const endMonth = endDay === HIGHEST_KEY ? HIGHEST_KEY : endDay.slice(0, 7);
  if (firstMonth.length > 7) return null;
  if (firstMonth < endMonth) {
    plan.months.push({ from: firstMonth, before: endMonth });
    const headEnd = firstMonth === LOWEST_KEY ? LOWEST_KEY : `${firstMonth}-01`;
    const tailStart = endMonth === HIGHEST_KEY ? HIGHEST_KEY : `${endMonth}-01`;
    if (firstDay < headEnd) plan.days.push({ from: firstDay, before: headEnd });
    if (tailStart < endDay) plan.days.push({ from: tailStart, before: endDay });
  } else {
    plan.days.push({ from: firstDay, before: endDay });
  }
  return plan;
}

const ROLLUP_SUMS = ROLLUP_COUNTERS.map((counter) => `sum(r.${counter.column}) AS ${counter.column}`).join(', ');
const SCAN_SUMS = ROLLUP_COUNTERS.map((counter) => `sum(${counterValue(counter, '')}) AS ${counter.column}`).join(', ');

/** The SELECTs whose per-code sums make up the figures (all but overdue). */
function figureParts(group: RollupGroup | null, scope: RollupScope | null, filter: IssueFilter): SqlPart[] | null {
  const hasWindow = filter.reportedFrom !== undefined || filter.reportedBefore !== undefined;
  const rollupScope = scopeCondition(scope, 'r.township_code');
  const rollupGroup = groupExpression(group, 'r.township_code');
  if (!hasWindow) {
    if (filter.category === undefined) {
      return [{
        sql: `SELECT ${rollupGroup} AS code, ${ROLLUP_SUMS} FROM issue_figures_by_township AS r WHERE ${rollupScope.sql} GROUP BY code`,
        params: rollupScope.params,
      }];
    }
    return [{
      sql: `SELECT ${rollupGroup} AS code, ${ROLLUP_SUMS} FROM issue_figures_by_category AS r
            WHERE ${rollupScope.sql} AND r.category = ? GROUP BY code`,
      params: [...rollupScope.params, filter.category],
    }];
  }
  // A window within one category would need a rollup per township, category and day: scan instead.
  if (filter.category !== undefined) return null;
  const plan = planWindow(filter.reportedFrom, filter.reportedBefore);
  if (!plan) return null;
  const parts: SqlPart[] = [];
  // Driven by the townships that have problems, so each one seeks its own key range of days or months.
  const townships = scopeCondition(scope, 't.township_code');
  const ranged = (table: string, key: string, range: HalfOpen): SqlPart => ({
    sql: `SELECT ${rollupGroup} AS code, ${ROLLUP_SUMS}
          FROM issue_figures_by_township AS t CROSS JOIN ${table} AS r
            ON r.township_code = t.township_code AND r.${key} >= ? AND r.${key} < ?
          WHERE ${townships.sql} GROUP BY code`,
    params: [range.from, range.before, ...townships.params],
  });
  for (const range of plan.months) parts.push(ranged('issue_figures_by_month', 'month', range));
  for (const range of plan.days) parts.push(ranged('issue_figures_by_day', 'day', range));
  const issueScope = scopeCondition(scope, 'township_code');
  for (const range of plan.scans) {
    parts.push({
      sql: `SELECT ${groupExpression(group, 'township_code')} AS code, ${SCAN_SUMS} FROM issues
            WHERE ${issueScope.sql} AND reported_at >= ? AND reported_at < ? GROUP BY code`,
      params: [...issueScope.params, range.from, range.before],
    });
  }
  return parts;
}

/**
 * Open problems past their deadline per code. Without a window or category: open problems whose
 * deadline fell in an earlier ledger month or an earlier day of this month, from the clock-free
 * counts per deadline month and day, plus those due earlier today, walked in OVERDUE_INDEX. With a
 * window or category: the overdue entries of OVERDUE_INDEX, township by township. The index is
 * named so a window never turns the count into a walk over every problem reported in it.
 */
function overdueParts(group: RollupGroup | null, scope: RollupScope | null, nowIso: string, filter: IssueFilter): SqlPart[] {
  const townships = scopeCondition(scope, 't.township_code');
  const code = groupExpression(group, 't.township_code');
  const walk = (deadlineFrom: string, clauses: string[], params: string[]): SqlPart => ({
    sql: `SELECT ${code} AS code, count(*) AS overdue
          FROM issue_figures_by_township AS t CROSS JOIN issues AS i INDEXED BY ${OVERDUE_INDEX}
            ON i.township_code = t.township_code AND i.status = 'open' AND i.deadline_at >= ? AND i.deadline_at < ?${clauses.map((clause) => ` AND ${clause}`).join('')}
          WHERE ${townships.sql} GROUP BY code`,
    params: [deadlineFrom, nowIso, ...params, ...townships.params],
  });
  const filtered = filter.reportedFrom !== undefined || filter.reportedBefore !== undefined || filter.category !== undefined;
  const nowMs = Date.parse(nowIso);
  const todayStart = CANONICAL_TIMESTAMP.test(nowIso)
    ? isoOrNull(Math.floor((nowMs + LEDGER_UTC_OFFSET_MS) / DAY_MS) * DAY_MS - LEDGER_UTC_OFFSET_MS)
    : null;
  if (filtered || todayStart === null) {
    const clauses: string[] = [];
    const params: string[] = [];
    if (filter.reportedFrom !== undefined) {
      clauses.push('i.reported_at >= ?');
      params.push(filter.reportedFrom);
    }
    if (filter.reportedBefore !== undefined) {
      clauses.push('i.reported_at < ?');
      params.push(filter.reportedBefore);
    }
    if (filter.category !== undefined) {
      clauses.push('i.category = ?');
      params.push(filter.category);
    }
    return [walk(LOWEST_KEY, clauses, params)];
  }
  const today = ledgerDayKey(Date.parse(todayStart));
  const thisMonth = today.slice(0, 7);
  const counted = (table: string, condition: string, params: string[]): SqlPart => ({
    sql: `SELECT ${code} AS code, sum(r.open) AS overdue
          FROM issue_figures_by_township AS t CROSS JOIN ${table} AS r ON r.township_code = t.township_code AND ${condition}
          WHERE ${townships.sql} GROUP BY code`,
    params: [...params, ...townships.params],
  });
  return [
    counted('issue_open_by_deadline_month', 'r.month < ?', [thisMonth]),
    counted('issue_open_by_deadline_day', 'r.day >= ? AND r.day < ?', [`${thisMonth}-01`, today]),
    walk(todayStart, [], []),
  ];
}

function toFigures(counters: Counters, overdue: number): LedgerFigures {
  return {
    collected: counters.collected,
    closed: counters.closed,
    closedOnTime: counters.closed_on_time,
    openByTier: { red: counters.open_red, orange: counters.open_orange, yellow: counters.open_yellow },
    overdue,
    evaluated: counters.evaluated,
    satisfied: counters.satisfied,
    basicallySatisfied: counters.basically_satisfied,
    dissatisfied: counters.dissatisfied,
    accepted: counters.accepted,
    reworked: counters.reworked,
    extended: counters.extended,
  };
}

/** Figures per code over every part; codes with no problem in the slice are absent. */
function gatherFigures(
  db: Database,
  group: RollupGroup | null,
  scope: RollupScope | null,
  nowIso: string,
  filter: IssueFilter,
): Map<string, LedgerFigures> | null {
  if (scope?.column === 'grid_code' || group === 'grid_code') return null;
  const parts = figureParts(group, scope, filter);
  if (!parts) return null;
  const totals = new Map<string, Counters>();
  for (const part of parts) {
    const rows = db.prepare(part.sql).all(...part.params) as Array<Counters & { code: string }>;
    for (const row of rows) {
      const total = totals.get(row.code);
      if (!total) {
        totals.set(row.code, { ...row });
        continue;
      }
      for (const counter of ROLLUP_COUNTERS) total[counter.column] += row[counter.column] ?? 0;
    }
  }
  const overdueByCode = new Map<string, number>();
  for (const part of overdueParts(group, scope, nowIso, filter)) {
    for (const row of db.prepare(part.sql).all(...part.params) as Array<{ code: string; overdue: number }>) {
      overdueByCode.set(row.code, (overdueByCode.get(row.code) ?? 0) + row.overdue);
    }
  }
  const figures = new Map<string, LedgerFigures>();
  for (const [code, counters] of totals) {
    // Rollup rows stay behind (all zero) when their problems move or go.
    if (!(counters.collected > 0)) continue;
    figures.set(code, toFigures(counters, overdueByCode.get(code) ?? 0));
  }
  return figures;
}

/** The figures of a scope from the rollups; null when the scan must answer (see the file comment). */
export function rollupLedgerFigures(
  db: Database,
  scope: RollupScope | null,
  nowIso: string,
  filter: IssueFilter = {},
): LedgerFigures | null {
  const figures = gatherFigures(db, null, scope, nowIso, filter);
  if (!figures) return null;
  return figures.get('') ?? emptyLedgerFigures();
}

/** Figures per county or township code within a scope; null when the scan must answer. */
export function rollupLedgerFiguresBy(
  db: Database,
  group: RollupGroup,
  scope: RollupScope | null,
  nowIso: string,
  filter: IssueFilter = {},
): Map<string, LedgerFigures> | null {
  return gatherFigures(db, group, scope, nowIso, filter);
}
