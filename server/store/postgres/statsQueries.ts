// Headline figures with the ranking of the level below, and the weekly trend, for the province, a
// county, township or grid, optionally narrowed to a reporting window and a category.
import type { IssueFilter, RankingRow, Stats, StatsLevel, StatsQuery, Trend, TrendQuery } from '../store.ts';
import { emptyLedgerFigures, ledgerRates, statsRow, type LedgerFigures } from '../ledgerFigures.ts';
import { LEDGER_UTC_OFFSET_MS, trendWeeks } from '../ledgerCalendar.ts';
import { issueClauses, issueGroupExpression, type IssueGroupColumn, type IssueScope } from './issueQueries.ts';
import { selectProvince } from './countyQueries.ts';
import { SqlParams, whereClause, type Queryable } from './sql.ts';

/** Figure columns; `now` is the placeholder of the clock reading used for overdue. */
function figureColumns(now: string): string {
  const accepted = "stage NOT IN ('reported', 'rejected')";
  return `count(*) AS collected,
  count(*) FILTER (WHERE status = 'closed') AS closed,
  count(*) FILTER (WHERE status = 'closed' AND closed_at <= deadline_at) AS closed_on_time,
  count(*) FILTER (WHERE status = 'open' AND tier = 'red') AS red,
  count(*) FILTER (WHERE status = 'open' AND tier = 'orange') AS orange,
  count(*) FILTER (WHERE status = 'open' AND tier = 'yellow') AS yellow,
  count(*) FILTER (WHERE status = 'open' AND deadline_at < ${now}) AS overdue,
  count(*) FILTER (WHERE satisfaction IS NOT NULL) AS evaluated,
  count(*) FILTER (WHERE satisfaction = 'satisfied') AS satisfied,
  count(*) FILTER (WHERE satisfaction = 'basically_satisfied') AS basically_satisfied,
  count(*) FILTER (WHERE satisfaction = 'dissatisfied') AS dissatisfied,
  count(*) FILTER (WHERE ${accepted}) AS accepted,
  count(*) FILTER (WHERE ${accepted} AND rework_count > 0) AS reworked,
  count(*) FILTER (WHERE ${accepted} AND extension_count > 0) AS extended`;
}

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

/** Figures of one slice, or per county/township/grid code when grouped (codes without problems are absent). */
async function selectFigures(
  db: Queryable,
  group: IssueGroupColumn | null,
  scope: IssueScope | null,
  nowIso: string,
  filter: IssueFilter,
): Promise<Map<string, LedgerFigures>> {
  const params = new SqlParams();
  const now = params.add(nowIso);
  const where = whereClause(issueClauses(params, { scope, filter }));
  const column = group ? issueGroupExpression(group) : null;
  const select = column ? `${column} AS code, ` : "'' AS code, ";
  const { rows } = await db.query<FigureRow & { code: string }>(
    `SELECT ${select}${figureColumns(now)} FROM issues${where}${column ? ` GROUP BY ${column}` : ''}`,
    params.values,
  );
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
export async function resolveUnit(db: Queryable, level: StatsLevel, code: string | undefined): Promise<ResolvedUnit | null> {
  if (level === 'province') {
    const province = await selectProvince(db);
    return province ? { code: province.code, name: province.name, scope: null } : null;
  }
  if (level === 'county') {
    const { rows } = await db.query<{ code: string; name: string; county_count: number }>(
      `SELECT code, name, (SELECT count(*)::int FROM counties) AS county_count FROM counties
       ${code === undefined ? '' : 'WHERE code = $1'} ORDER BY code LIMIT 1`,
      code === undefined ? [] : [code],
    );
    const county = rows[0];
    if (!county) return null;
    // The only county of a database: no range condition needed, every problem counts.
    return { code: county.code, name: county.name, scope: county.county_count === 1 ? null : { column: 'county', value: county.code } };
  }
  if (level === 'township') {
    const { rows } = await db.query<{ code: string; name: string }>('SELECT code, name FROM townships WHERE code = $1', [code ?? '']);
    return rows[0] ? { ...rows[0], scope: { column: 'township_code', value: rows[0].code } } : null;
  }
  // Latest shape of the code, so a grid retired by a redraw still reports its history.
  const { rows } = await db.query<{ code: string; name: string }>(
    'SELECT code, name FROM grids WHERE code = $1 ORDER BY valid_from_version DESC LIMIT 1',
    [code ?? ''],
  );
  return rows[0] ? { ...rows[0], scope: { column: 'grid_code', value: rows[0].code } } : null;
}

interface ChildUnit {
  code: string;
  name: string;
  households: number;
}

async function childRows(db: Queryable, level: StatsLevel, unit: ResolvedUnit, nowIso: string, filter: IssueFilter): Promise<RankingRow[]> {
  let children: ChildUnit[];
  let figures: Map<string, LedgerFigures>;
  if (level === 'province') {
    children = (
      await db.query<ChildUnit>(
        `SELECT c.code, c.name, coalesce(g.households, 0)::int AS households
         FROM counties c
         LEFT JOIN (
           SELECT substr(township_code, 1, 6) AS county_code, sum(households) AS households
           FROM grids WHERE valid_to_version IS NULL GROUP BY substr(township_code, 1, 6)
         ) g ON g.county_code = c.code
         ORDER BY c.code`,
      )
    ).rows;
    figures = await selectFigures(db, 'county', null, nowIso, filter);
  } else if (level === 'county') {
    children = (
      await db.query<ChildUnit>(
        `SELECT t.code, t.name,
           (SELECT coalesce(sum(households), 0) FROM grids g WHERE g.township_code = t.code AND g.valid_to_version IS NULL) AS households
         FROM townships t WHERE t.county_code = $1 ORDER BY t.code`,
        [unit.code],
      )
    ).rows;
    figures = await selectFigures(db, 'township_code', unit.scope, nowIso, filter);
  } else if (level === 'township') {
    children = (
      await db.query<ChildUnit>(
        'SELECT code, name, households FROM grids WHERE township_code = $1 AND valid_to_version IS NULL ORDER BY code',
        [unit.code],
      )
    ).rows;
    figures = await selectFigures(db, 'grid_code', unit.scope, nowIso, filter);
  } else {
    return [];
  }
  return children.map((child) => statsRow(child, figures.get(child.code) ?? emptyLedgerFigures()));
}

export async function selectStats(db: Queryable, query: StatsQuery, nowIso: string): Promise<Stats | null> {
  const unit = await resolveUnit(db, query.level, query.code);
  if (!unit) return null;
  const filter: IssueFilter = { reportedFrom: query.reportedFrom, reportedBefore: query.reportedBefore, category: query.category };
  const [figures, children] = await Promise.all([
    selectFigures(db, null, unit.scope, nowIso, filter).then((byCode) => byCode.get('') ?? emptyLedgerFigures()),
    childRows(db, query.level, unit, nowIso, filter),
  ]);
  const { closedOnTime: _closedOnTime, ...counts } = figures;
  return {
    level: query.level,
    code: unit.code,
    name: unit.name,
    ...counts,
    open: figures.collected - figures.closed,
    ...ledgerRates(figures),
    children,
    asOf: nowIso,
  };
}

const OFFSET_HOURS = LEDGER_UTC_OFFSET_MS / 3_600_000;

/** The Monday (ledger time) of a stored instant, as YYYY-MM-DD: date_trunc('week') is ISO, Monday first. */
function weekOf(column: 'reported_at' | 'closed_at'): string {
  return `to_char(date_trunc('week', (${column}::timestamptz AT TIME ZONE 'UTC') + interval '${OFFSET_HOURS} hours'), 'YYYY-MM-DD')`;
}

export async function selectTrend(db: Queryable, query: TrendQuery, now: Date): Promise<Trend | null> {
  const unit = await resolveUnit(db, query.level, query.code);
  if (!unit) return null;
  const span = trendWeeks(now, query.weeks);
  const countByWeek = async (column: 'reported_at' | 'closed_at'): Promise<Map<string, number>> => {
    const params = new SqlParams();
    const clauses = issueClauses(params, { scope: unit.scope, filter: { category: query.category } });
    clauses.push(`${column} >= ${params.add(span.from)}`, `${column} < ${params.add(span.before)}`);
    const { rows } = await db.query<{ week: string; n: number }>(
      `SELECT ${weekOf(column)} AS week, count(*) AS n FROM issues${whereClause(clauses)} GROUP BY week`,
      params.values,
    );
    return new Map(rows.map((row) => [row.week, row.n]));
  };
  const [collected, closed] = await Promise.all([countByWeek('reported_at'), countByWeek('closed_at')]);
  return {
    weeks: span.weekStarts.map((weekStart) => ({
      weekStart,
      collected: collected.get(weekStart) ?? 0,
      closed: closed.get(weekStart) ?? 0,
    })),
  };
}
