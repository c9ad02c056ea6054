// Headline figures and the ranking of the level below, for the province, a county, township or grid, optionally
// narrowed to a reporting window and a category.
import type { Database } from 'better-sqlite3';
import type { IssueFilter, RankingRow, Stats, StatsLevel, StatsQuery } from '../store.ts';
import { selectProvince } from './countyQueries.ts';
import { emptyLedgerFigures, ledgerRates, statsRow, type LedgerFigures } from '../ledgerFigures.ts';
import { rollupLedgerFigures, rollupLedgerFiguresBy } from './figureRollup.ts';
import { issueGroupExpression, issueWhere, type IssueGroupColumn, type IssueScope } from './issueFilterSql.ts';

const FIGURE_COLUMNS = `count(*) AS collected,
  coalesce(sum(status = 'closed'), 0) AS closed,
  coalesce(sum(status = 'closed' AND closed_at <= deadline_at), 0) AS closed_on_time,
  coalesce(sum(status = 'open' AND tier = 'red'), 0) AS red,
  coalesce(sum(status = 'open' AND tier = 'orange'), 0) AS orange,
  coalesce(sum(status = 'open' AND tier = 'yellow'), 0) AS yellow,
  coalesce(sum(status = 'open' AND deadline_at < ?), 0) AS overdue,
  coalesce(sum(satisfaction IS NOT NULL), 0) AS evaluated,
  coalesce(sum(satisfaction = 'satisfied'), 0) AS satisfied,
  coalesce(sum(satisfaction = 'basically_satisfied'), 0) AS basically_satisfied,
  coalesce(sum(satisfaction = 'dissatisfied'), 0) AS dissatisfied,
  coalesce(sum(stage NOT IN ('reported', 'rejected')), 0) AS accepted,
  coalesce(sum(stage NOT IN ('reported', 'rejected') AND rework_count > 0), 0) AS reworked,
  coalesce(sum(stage NOT IN ('reported', 'rejected') AND extension_count > 0), 0) AS extended`;

type FigureRow = Record<string, number>;

function toFigures(row: FigureRow): LedgerFigures {
  return {
    collected: row.collected,
    closed: row.closed,
    closedOnTime: row.closed_on_time,
    openByTier: { red: row.red, orange: row.orange, yellow: row.yellow },
    overdue: row.overdue,
    evaluated: row.evaluated,
    satisfied: row.satisfied,
    basicallySatisfied: row.basically_satisfied,
    dissatisfied: row.dissatisfied,
    accepted: row.accepted,
    reworked: row.reworked,
    extended: row.extended,
  };
}

export function selectLedgerFigures(db: Database, scope: IssueScope | null, nowIso: string, filter: IssueFilter = {}): LedgerFigures {
  const fast = rollupLedgerFigures(db, scope, nowIso, filter);
  if (fast) return fast;
  return scanLedgerFigures(db, scope, nowIso, filter);
}

/** The figures by a scan of every matching problem: the reference of the rollups and their fallback. */
export function scanLedgerFigures(db: Database, scope: IssueScope | null, nowIso: string, filter: IssueFilter = {}): LedgerFigures {
  const where = issueWhere({ scope, filter });
  const row = db.prepare(`SELECT ${FIGURE_COLUMNS} FROM issues${where.sql}`).get(nowIso, ...where.params) as FigureRow;
  return toFigures(row);
}

/** Figures per county, township or grid code; codes without matching problems are absent. */
export function selectLedgerFiguresBy(
  db: Database,
  group: IssueGroupColumn,
  scope: IssueScope | null,
  nowIso: string,
  filter: IssueFilter = {},
): Map<string, LedgerFigures> {
  const fast = rollupLedgerFiguresBy(db, group, scope, nowIso, filter);
  if (fast) return fast;
  return scanLedgerFiguresBy(db, group, scope, nowIso, filter);
}

/** Figures per code by a scan of every matching problem (see scanLedgerFigures). */
export function scanLedgerFiguresBy(
  db: Database,
  group: IssueGroupColumn,
  scope: IssueScope | null,
  nowIso: string,
  filter: IssueFilter = {},
): Map<string, LedgerFigures> {
  const where = issueWhere({ scope, filter });
  const rows = db
    .prepare(`SELECT ${issueGroupExpression(group)} AS code, ${FIGURE_COLUMNS} FROM issues${where.sql} GROUP BY ${issueGroupExpression(group)}`)
    .all(nowIso, ...where.params) as Array<FigureRow & { code: string }>;
  return new Map(rows.map((row) => [row.code as string, toFigures(row)]));
}

export interface ResolvedUnit {
  code: string;
  name: string;
  /** Null for the province: every problem counts. */
  scope: IssueScope | null;
}

/**
 * The province, a county (the first by code when none is named), a township or a grid by code;
 * null when unknown (or nothing is seeded).
 */
export function resolveUnit(db: Database, level: StatsLevel, code: string | undefined): ResolvedUnit | null {
  if (level === 'province') {
    const province = selectProvince(db);
    return province ? { code: province.code, name: province.name, scope: null } : null;
  }
  if (level === 'county') {
    const county = (
      code === undefined
        ? db.prepare('SELECT code, name FROM counties ORDER BY code LIMIT 1').get()
        : db.prepare('SELECT code, name FROM counties WHERE code = ?').get(code)
    ) as { code: string; name: string } | undefined;
    if (!county) return null;
    // The only county of a database: no range condition needed, every problem counts.
    const only = (db.prepare('SELECT count(*) AS n FROM counties').get() as { n: number }).n === 1;
    return { ...county, scope: only ? null : { column: 'county', value: county.code } };
  }
  if (level === 'township') {
    const row = db.prepare('SELECT code, name FROM townships WHERE code = ?').get(code ?? '') as { code: string; name: string } | undefined;
    return row ? { ...row, scope: { column: 'township_code', value: row.code } } : null;
  }
  // Latest shape of the code, so a grid retired by a redraw still reports its history.
  const row = db
    .prepare('SELECT code, name FROM grids WHERE code = ? ORDER BY valid_from_version DESC LIMIT 1')
    .get(code ?? '') as { code: string; name: string } | undefined;
  return row ? { ...row, scope: { column: 'grid_code', value: row.code } } : null;
}

interface ChildUnit {
  code: string;
  name: string;
  households: number;
}

function childRows(db: Database, level: StatsLevel, unit: ResolvedUnit, nowIso: string, filter: IssueFilter): RankingRow[] {
  let children: ChildUnit[];
  let figures: Map<string, LedgerFigures>;
  if (level === 'province') {
    children = db
      .prepare(
        `SELECT c.code, c.name, coalesce(g.households, 0) AS households
         FROM counties c
         LEFT JOIN (
           SELECT substr(township_code, 1, 6) AS county_code, sum(households) AS households
           FROM grids WHERE valid_to_version IS NULL GROUP BY substr(township_code, 1, 6)
         ) g ON g.county_code = c.code
         ORDER BY c.code`,
      )
      .all() as ChildUnit[];
    figures = selectLedgerFiguresBy(db, 'county', null, nowIso, filter);
  } else if (level === 'county') {
    children = db
      .prepare(
        `SELECT t.code, t.name,
           (SELECT coalesce(sum(households), 0) FROM grids g WHERE g.township_code = t.code AND g.valid_to_version IS NULL) AS households
         FROM townships t WHERE t.county_code = ? ORDER BY t.code`,
      )
      .all(unit.code) as ChildUnit[];
    figures = selectLedgerFiguresBy(db, 'township_code', unit.scope, nowIso, filter);
  } else if (level === 'township') {
    children = db
      .prepare('SELECT code, name, households FROM grids WHERE township_code = ? AND valid_to_version IS NULL ORDER BY code')
      .all(unit.code) as ChildUnit[];
    figures = selectLedgerFiguresBy(db, 'grid_code', unit.scope, nowIso, filter);
  } else {
    return [];
  }
  return children.map((child) => statsRow(child, figures.get(child.code) ?? emptyLedgerFigures()));
}

export function selectStats(db: Database, query: StatsQuery, nowIso: string): Stats | null {
  const unit = resolveUnit(db, query.level, query.code);
  if (!unit) return null;
  const filter: IssueFilter = { reportedFrom: query.reportedFrom, reportedBefore: query.reportedBefore, category: query.category };
  const figures = selectLedgerFigures(db, unit.scope, nowIso, filter);
  const { closedOnTime: _closedOnTime, ...counts } = figures;
  return {
    level: query.level,
    code: unit.code,
    name: unit.name,
    ...counts,
    open: figures.collected - figures.closed,
    ...ledgerRates(figures),
    children: childRows(db, query.level, unit, nowIso, filter),
    asOf: nowIso,
  };
}
