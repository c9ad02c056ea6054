// Schema step of pre-aggregated ledger figures (exactly one entry: migration 8).
//
// Counters of the figures per township (all time), per township and category, per township and
// ledger day, per township and ledger month, kept exact by triggers on `issues` in the writing
// transaction (a write that rolls back takes its counter changes with it). `overdue` depends on the
// clock, so it is never stored: it is derived at query time from open problems counted per ledger day
// and month of their deadline (clock-free counts) and a partial index over open problems.
//
// The SQL below is generated once from ROLLUP_COUNTERS and is part of the migration: changing a
// counter means a new migration that rebuilds these tables, never an edit here.
import type { Migration } from './migrations.ts';

export interface RollupCounter {
  /** Column of the rollup tables (and alias of the scan). */
  column: string;
  /** When a problem counts, over the columns of an issues row; `row` is `NEW.`, `OLD.` or ''. */
  condition: (row: string) => string;
}

/** One counter per field of LedgerFigures except `overdue`, defined exactly as the figures scan does. */
export const ROLLUP_COUNTERS: readonly RollupCounter[] = [
  { column: 'collected', condition: () => '1' },
  { column: 'closed', condition: (row) => `${row}status = 'closed'` },
  { column: 'closed_on_time', condition: (row) => `${row}status = 'closed' AND ${row}closed_at <= ${row}deadline_at` },
  { column: 'open_red', condition: (row) => `${row}status = 'open' AND ${row}tier = 'red'` },
  { column: 'open_orange', condition: (row) => `${row}status = 'open' AND ${row}tier = 'orange'` },
  { column: 'open_yellow', condition: (row) => `${row}status = 'open' AND ${row}tier = 'yellow'` },
  { column: 'evaluated', condition: (row) => `${row}satisfaction IS NOT NULL` },
  { column: 'satisfied', condition: (row) => `${row}satisfaction = 'satisfied'` },
  { column: 'basically_satisfied', condition: (row) => `${row}satisfaction = 'basically_satisfied'` },
  { column: 'dissatisfied', condition: (row) => `${row}satisfaction = 'dissatisfied'` },
  { column: 'accepted', condition: (row) => `${row}stage NOT IN ('reported', 'rejected')` },
  { column: 'reworked', condition: (row) => `${row}stage NOT IN ('reported', 'rejected') AND ${row}rework_count > 0` },
  { column: 'extended', condition: (row) => `${row}stage NOT IN ('reported', 'rejected') AND ${row}extension_count > 0` },
];

/** 0 or 1: a NULL comparison (no closing time, no satisfaction) does not count. */
export function counterValue(counter: RollupCounter, row: string): string {
  return `coalesce((${counter.condition(row)}), 0)`;
}

/**
 * The ledger day (Asia/Shanghai, UTC+8, see ledgerCalendar.ts) of a canonical UTC timestamp, so the
 * whole-day windows the API asks for fall exactly on day boundaries. A timestamp outside years
 * 0000–9999 keeps its own leading text, which sorts before every day as its text sorts before
 * every canonical timestamp: windows compare the same way on both sides.
 */
export function ledgerDayExpression(column: string): string {
  return `coalesce(date(${column}, '+8 hours'), substr(${column}, 1, 10))`;
}

interface RollupTable {
  name: string;
  /** Key columns with their expression over an issues row. */
  keys: ReadonlyArray<{ column: string; expression: (row: string) => string }>;
}

const TOWNSHIP_KEY = { column: 'township_code', expression: (row: string) => `${row}township_code` };

export const ROLLUP_TABLES: readonly RollupTable[] = [
  { name: 'issue_figures_by_township', keys: [TOWNSHIP_KEY] },
  { name: 'issue_figures_by_category', keys: [TOWNSHIP_KEY, { column: 'category', expression: (row) => `${row}category` }] },
  { name: 'issue_figures_by_day', keys: [TOWNSHIP_KEY, { column: 'day', expression: (row) => ledgerDayExpression(`${row}reported_at`) }] },
  {
    name: 'issue_figures_by_month',
    keys: [TOWNSHIP_KEY, { column: 'month', expression: (row) => `substr(${ledgerDayExpression(`${row}reported_at`)}, 1, 7)` }],
  },
];

/** Columns whose change can move a problem between counters or keys; other updates skip the triggers. */
const FIGURE_SOURCE_COLUMNS = [
  'township_code', 'category', 'reported_at', 'status', 'tier', 'closed_at', 'deadline_at', 'satisfaction', 'stage',
  'rework_count', 'extension_count',
];

/** Open problems by township and deadline: overdue counts at query time, closed problems never read. */
export const OVERDUE_INDEX = 'issues_open_by_township_deadline';

const COUNTER_COLUMNS = ROLLUP_COUNTERS.map((counter) => counter.column);

function createTable(table: RollupTable): string {
  const keys = table.keys.map((key) => `  ${key.column} TEXT NOT NULL,`).join('\n');
  const counters = COUNTER_COLUMNS.map((column) => `  ${column} INTEGER NOT NULL,`).join('\n');
  const primaryKey = table.keys.map((key) => key.column).join(', ');
  return `CREATE TABLE ${table.name} (\n${keys}\n${counters}\n  PRIMARY KEY (${primaryKey})\n) WITHOUT ROWID;`;
}

function upsertTail(table: RollupTable): string {
  const conflict = table.keys.map((key) => key.column).join(', ');
  const sets = COUNTER_COLUMNS.map((column) => `${column} = ${column} + excluded.${column}`).join(', ');
  return `ON CONFLICT (${conflict}) DO UPDATE SET ${sets}`;
}

/** A problem's contribution to one table as a select list: its keys, then +1/-1 per counter. */
function contribution(table: RollupTable, row: string, sign: '' | '-'): string {
  const keys = table.keys.map((key) => key.expression(row));
  const counters = ROLLUP_COUNTERS.map((counter) => `${sign}${counterValue(counter, row)}`);
  return [...keys, ...counters].join(', ');
}

function columnList(table: RollupTable): string {
  return [...table.keys.map((key) => key.column), ...COUNTER_COLUMNS].join(', ');
}

function createTriggers(table: RollupTable): string {
  const insertInto = `INSERT INTO ${table.name} (${columnList(table)})`;
  // "WHERE true" keeps the upsert's ON from reading as a join constraint (SQLite's documented rule).
  return `
CREATE TRIGGER ${table.name}_on_insert AFTER INSERT ON issues BEGIN
  ${insertInto} SELECT ${contribution(table, 'NEW.', '')} WHERE true
  ${upsertTail(table)};
END;
CREATE TRIGGER ${table.name}_on_update AFTER UPDATE OF ${FIGURE_SOURCE_COLUMNS.join(', ')} ON issues BEGIN
  ${insertInto} SELECT * FROM (
    SELECT ${contribution(table, 'OLD.', '-')}
    UNION ALL
    SELECT ${contribution(table, 'NEW.', '')}
  ) WHERE true
  ${upsertTail(table)};
END;
CREATE TRIGGER ${table.name}_on_delete AFTER DELETE ON issues BEGIN
  ${insertInto} SELECT ${contribution(table, 'OLD.', '-')} WHERE true
  ${upsertTail(table)};
END;`;
}

function backFill(table: RollupTable): string {
  const keys = table.keys.map((key) => key.expression(''));
  const sums = ROLLUP_COUNTERS.map((counter) => `sum(${counterValue(counter, '')})`);
  const groupBy = keys.map((_, index) => index + 1).join(', ');
  return `INSERT INTO ${table.name} (${columnList(table)})\n  SELECT ${[...keys, ...sums].join(', ')} FROM issues GROUP BY ${groupBy};`;
}

/**
 * Open problems per township and ledger day (or month) of their deadline. Which of them are overdue
 * depends on the clock, but these counts do not: every day before today's is wholly overdue, today's
 * is counted from OVERDUE_INDEX up to the instant asked for.
 */
export const OPEN_BY_DEADLINE_TABLES: readonly RollupTable[] = [
  { name: 'issue_open_by_deadline_day', keys: [TOWNSHIP_KEY, { column: 'day', expression: (row) => ledgerDayExpression(`${row}deadline_at`) }] },
  {
    name: 'issue_open_by_deadline_month',
    keys: [TOWNSHIP_KEY, { column: 'month', expression: (row) => `substr(${ledgerDayExpression(`${row}deadline_at`)}, 1, 7)` }],
  },
];

function createOpenTable(table: RollupTable): string {
  const keys = table.keys.map((key) => `  ${key.column} TEXT NOT NULL,`).join('\n');
  return `CREATE TABLE ${table.name} (\n${keys}\n  open INTEGER NOT NULL,\n  PRIMARY KEY (${table.keys.map((key) => key.column).join(', ')})\n) WITHOUT ROWID;`;
}

function createOpenTriggers(table: RollupTable): string {
  const columns = [...table.keys.map((key) => key.column), 'open'].join(', ');
  const keys = (row: string) => table.keys.map((key) => key.expression(row)).join(', ');
  const insertInto = `INSERT INTO ${table.name} (${columns})`;
  const tail = `ON CONFLICT (${table.keys.map((key) => key.column).join(', ')}) DO UPDATE SET open = open + excluded.open`;
  // Closed problems never touch these tables: the WHEN clauses skip them before any work.
  return `
CREATE TRIGGER ${table.name}_on_insert AFTER INSERT ON issues WHEN NEW.status = 'open' BEGIN
  ${insertInto} SELECT ${keys('NEW.')}, 1 WHERE true
  ${tail};
END;
CREATE TRIGGER ${table.name}_on_update AFTER UPDATE OF township_code, status, deadline_at ON issues
WHEN OLD.status = 'open' OR NEW.status = 'open' BEGIN
  ${insertInto} SELECT * FROM (
    SELECT ${keys('OLD.')}, -1 WHERE OLD.status = 'open'
    UNION ALL
    SELECT ${keys('NEW.')}, 1 WHERE NEW.status = 'open'
  ) WHERE true
  ${tail};
END;
CREATE TRIGGER ${table.name}_on_delete AFTER DELETE ON issues WHEN OLD.status = 'open' BEGIN
  ${insertInto} SELECT ${keys('OLD.')}, -1 WHERE true
  ${tail};
END;`;
}

function backFillOpen(table: RollupTable): string {
  const keys = table.keys.map((key) => key.expression(''));
  const groupBy = keys.map((_, index) => index + 1).join(', ');
  return `INSERT INTO ${table.name} (${[...table.keys.map((key) => key.column), 'open'].join(', ')})
  SELECT ${keys.join(', ')}, count(*) FROM issues WHERE status = 'open' GROUP BY ${groupBy};`;
}

/** Statements filling the (empty) rollup tables from the problems stored: the migration's back-fill. */
export const ROLLUP_BACK_FILL: readonly string[] = [...ROLLUP_TABLES.map(backFill), ...OPEN_BY_DEADLINE_TABLES.map(backFillOpen)];

const ROLLUP_SQL = [
  ...ROLLUP_TABLES.map(createTable),
  ...OPEN_BY_DEADLINE_TABLES.map(createOpenTable),
  ...ROLLUP_BACK_FILL,
  ...ROLLUP_TABLES.map(createTriggers),
  ...OPEN_BY_DEADLINE_TABLES.map(createOpenTriggers),
  // Covers every overdue question (scope, deadline, category, window) without reading a problem row.
  `CREATE INDEX ${OVERDUE_INDEX} ON issues(township_code, deadline_at, category, reported_at) WHERE status = 'open';`,
].join('\n');

export const ROLLUP_MIGRATIONS: readonly Migration[] = [
  {
    name: 'pre-aggregated ledger figures per township, category, day and month, and open problems by deadline, kept by triggers',
    sql: ROLLUP_SQL,
  },
];
