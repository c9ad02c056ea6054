// Weekly collected and closed counts over ISO weeks in ledger time (Asia/Shanghai).
import type { Database } from 'better-sqlite3';
import type { Trend, TrendQuery } from '../store.ts';
import { LEDGER_UTC_OFFSET_MS, trendWeeks } from '../ledgerCalendar.ts';
import { issueWhere } from './issueFilterSql.ts';
import { resolveUnit } from './statsQueries.ts';

const OFFSET_HOURS = LEDGER_UTC_OFFSET_MS / 3_600_000;

/** SQL for the Monday (ledger time) of a timestamp column: forward to Sunday, back six days. */
function weekOf(column: 'reported_at' | 'closed_at'): string {
  return `date(${column}, '+${OFFSET_HOURS} hours', 'weekday 0', '-6 days')`;
}

export function selectTrend(db: Database, query: TrendQuery, now: Date): Trend | null {
  const unit = resolveUnit(db, query.level, query.code);
  if (!unit) return null;
  const span = trendWeeks(now, query.weeks);
  const countByWeek = (column: 'reported_at' | 'closed_at'): Map<string, number> => {
    const where = issueWhere({ scope: unit.scope, filter: { category: query.category } });
    const range = `${where.sql ? `${where.sql} AND` : ' WHERE'} ${column} >= ? AND ${column} < ?`;
    const rows = db
      .prepare(`SELECT ${weekOf(column)} AS week, count(*) AS n FROM issues${range} GROUP BY week`)
      .all(...where.params, span.from, span.before) as Array<{ week: string; n: number }>;
    return new Map(rows.map((row) => [row.week, row.n]));
  };
  const collected = countByWeek('reported_at');
  const closed = countByWeek('closed_at');
  return {
    weeks: span.weekStarts.map((weekStart) => ({
      weekStart,
      collected: collected.get(weekStart) ?? 0,
      closed: closed.get(weekStart) ?? 0,
    })),
  };
}
