// Reads of the fieldwork ledger on PostgreSQL: a grid's roster, and attendance/visit figures for the
// county, a township, a village or a grid over a window of contact days, with the level below ranked.
import { DISCIPLINARY_ACTIONS, ROSTER_PATTERN, ROSTER_ROLES, ROSTER_ROLE_LABELS, type RosterRole } from '../../fieldwork/records.ts';
import { EXPECTED_EVERY_CONTACT_DAY } from '../../fieldwork/rules.ts';
import { attendanceRate } from '../../fieldwork/figures.ts';
import type { FieldworkFigures, FieldworkLevel, FieldworkQuery, FieldworkRow, FieldworkStats, GridRoster, RosterMember } from '../fieldwork.ts';
import { SqlParams, whereClause, type Queryable } from './sql.ts';

export async function selectRoster(db: Queryable, gridCode: string): Promise<GridRoster | null> {
  const { rows: grids } = await db.query<{ code: string; name: string }>(
    'SELECT code, name FROM grids WHERE code = $1 AND valid_to_version IS NULL',
    [gridCode],
  );
  const grid = grids[0];
  if (!grid) return null;
  const { rows } = await db.query<{ role: RosterRole; id: string; name: string; kind: RosterMember['kind']; organisation: string | null; synthetic: boolean }>(
    `SELECT r.role, p.id, p.name, p.kind, p.organisation, p.synthetic
     FROM fieldwork_roster r JOIN fieldwork_people p ON p.id = r.person_id
     WHERE r.grid_code = $1 ORDER BY p.id`,
    [gridCode],
  );
  const roles = ROSTER_ROLES.map((role) => ({
    role,
    label: ROSTER_ROLE_LABELS[role],
    members: rows
      .filter((row) => row.role === role)
      .map((row) => ({ personId: row.id, name: row.name, kind: row.kind, organisation: row.organisation, synthetic: row.synthetic })),
  }));
  return { gridCode: grid.code, gridName: grid.name, roles, meetsPattern: roles.every((group) => group.members.length >= ROSTER_PATTERN[group.role]) };
}

type GroupColumn = 'g.township_code' | 'g.village_code' | 'g.code';

interface Scope {
  column: GroupColumn;
  value: string;
}

interface Unit {
  code: string;
  name: string;
  scope: Scope | null;
}

const CHILD: Record<FieldworkLevel, { column: GroupColumn; sql: string } | null> = {
  county: { column: 'g.township_code', sql: 'SELECT code, name FROM townships ORDER BY code' },
  township: { column: 'g.village_code', sql: 'SELECT code, name FROM villages WHERE township_code = $1 ORDER BY code' },
  village: {
    column: 'g.code',
    sql: `SELECT d.code, d.name FROM grids d JOIN grid_codes c ON c.code = d.code
          WHERE c.village_code = $1 AND d.valid_to_version IS NULL ORDER BY d.code`,
  },
  grid: null,
};

async function resolveUnit(db: Queryable, level: FieldworkLevel, code: string | undefined): Promise<Unit | null> {
  const lookup = async (sql: string) => (await db.query<{ code: string; name: string }>(sql, [code ?? ''])).rows[0];
  if (level === 'county') {
    const { rows } = await db.query<{ code: string; name: string }>('SELECT code, name FROM counties LIMIT 1');
    return rows[0] ? { ...rows[0], scope: null } : null;
  }
  const row =
    level === 'township'
      ? await lookup('SELECT code, name FROM townships WHERE code = $1')
      : level === 'village'
        ? await lookup('SELECT code, name FROM villages WHERE code = $1')
        : await lookup('SELECT code, name FROM grids WHERE code = $1 ORDER BY valid_from_version DESC LIMIT 1');
  if (!row) return null;
  const column: GroupColumn = level === 'township' ? 'g.township_code' : level === 'village' ? 'g.village_code' : 'g.code';
  return { ...row, scope: { column, value: row.code } };
}

interface Window {
  from?: string;
  to?: string;
}

/** Clauses over a table aliased `t` joined to grid_codes `g`; dates compare as YYYY-MM-DD strings. */
function clausesFor(params: SqlParams, scope: Scope | null, window: Window, dateColumn: string | null): string[] {
  const clauses: string[] = [];
  if (scope) clauses.push(`${scope.column} = ${params.add(scope.value)}`);
  if (dateColumn && window.from !== undefined) clauses.push(`${dateColumn} >= ${params.add(window.from)}`);
  if (dateColumn && window.to !== undefined) clauses.push(`${dateColumn} <= ${params.add(window.to)}`);
  return clauses;
}

const inList = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');

type Row = Record<string, number> & { code: string };

async function grouped(
  db: Queryable, select: string, table: string, group: GroupColumn | null, scope: Scope | null, window: Window, dated = true,
): Promise<Map<string, Row>> {
  const params = new SqlParams();
  const where = whereClause(clausesFor(params, scope, window, dated ? 't.contact_date' : null));
  // Ungrouped, an aggregate over no rows still yields one row; HAVING keeps "no rows, no entry" as when grouped.
  const tail = group ? ` GROUP BY ${group}` : ' HAVING count(*) > 0';
  const { rows } = await db.query<Row>(
    `SELECT ${group ?? "''"} AS code, ${select} FROM ${table} JOIN grid_codes g ON g.code = t.grid_code${where}${tail}`,
    params.values,
  );
  return new Map(rows.map((row) => [row.code, row]));
}

async function figuresBy(db: Queryable, group: GroupColumn | null, scope: Scope | null, window: Window, contactDays: number): Promise<Map<string, FieldworkFigures>> {
  const expected = inList(EXPECTED_EVERY_CONTACT_DAY);
  const [signIns, expectedRoles, visits, checks] = await Promise.all([
    grouped(
      db,
      `count(*) AS sign_ins, count(*) FILTER (WHERE t.late) AS late, count(*) FILTER (WHERE r.role IN (${expected})) AS expected_present`,
      'contact_sign_ins t JOIN fieldwork_roster r ON r.grid_code = t.grid_code AND r.person_id = t.person_id',
      group, scope, window,
    ),
    grouped(db, `count(*) FILTER (WHERE t.role IN (${expected})) AS stationed`, 'fieldwork_roster t', group, scope, window, false),
    grouped(
      db, 'count(*) AS visits, coalesce(sum(t.people), 0) AS people, coalesce(sum(t.problems_logged), 0) AS problems', 'contact_visits t', group, scope, window,
    ),
    grouped(
      db,
      `count(*) FILTER (WHERE t.result = 'present') AS present, count(*) FILTER (WHERE t.result = 'late') AS late,
       count(*) FILTER (WHERE t.result = 'absent') AS absent, count(*) FILTER (WHERE t.result = 'off_post') AS off_post,
       count(DISTINCT CASE WHEN t.action IN (${inList(DISCIPLINARY_ACTIONS)}) THEN t.person_id END) AS disciplined`,
      'spot_checks t', group, scope, window,
    ),
  ]);
  const codes = new Set([...signIns.keys(), ...expectedRoles.keys(), ...visits.keys(), ...checks.keys()]);
  const result = new Map<string, FieldworkFigures>();
  for (const code of codes) {
    const s = signIns.get(code), e = expectedRoles.get(code), v = visits.get(code), c = checks.get(code);
    const expectedSignIns = (e?.stationed ?? 0) * contactDays;
    const expectedPresent = s?.expected_present ?? 0;
    result.set(code, {
      contactDays,
      signIns: s?.sign_ins ?? 0,
      lateSignIns: s?.late ?? 0,
      expectedSignIns,
      expectedPresent,
      attendanceRate: attendanceRate(expectedPresent, expectedSignIns),
      peopleReceived: v?.people ?? 0,
      visits: v?.visits ?? 0,
      problemsLogged: v?.problems ?? 0,
      spotChecks: { present: c?.present ?? 0, late: c?.late ?? 0, absent: c?.absent ?? 0, offPost: c?.off_post ?? 0 },
      disciplined: c?.disciplined ?? 0,
    });
  }
  return result;
}

function emptyFieldworkFigures(contactDays: number): FieldworkFigures {
  return {
    contactDays, signIns: 0, lateSignIns: 0, expectedSignIns: 0, expectedPresent: 0, attendanceRate: null,
    peopleReceived: 0, visits: 0, problemsLogged: 0, spotChecks: { present: 0, late: 0, absent: 0, offPost: 0 }, disciplined: 0,
  };
}

async function countContactDays(db: Queryable, window: Window): Promise<number> {
  const params = new SqlParams();
  const where = whereClause(clausesFor(params, null, window, 'date'));
  const { rows } = await db.query<{ n: number }>(`SELECT count(*) AS n FROM contact_days${where}`, params.values);
  return rows[0].n;
}

export async function selectFieldworkStats(db: Queryable, query: FieldworkQuery): Promise<FieldworkStats | null> {
  const unit = await resolveUnit(db, query.level, query.code);
  if (!unit) return null;
  const window: Window = { from: query.from, to: query.to };
  const contactDays = await countContactDays(db, window);
  const figures = (await figuresBy(db, null, unit.scope, window, contactDays)).get('') ?? emptyFieldworkFigures(contactDays);
  const child = CHILD[query.level];
  let children: FieldworkRow[] = [];
  if (child) {
    const { rows: units } = await db.query<{ code: string; name: string }>(child.sql, query.level === 'county' ? [] : [unit.code]);
    const byChild = await figuresBy(db, child.column, unit.scope, window, contactDays);
    children = units.map((row) => ({ code: row.code, name: row.name, ...(byChild.get(row.code) ?? emptyFieldworkFigures(contactDays)) }));
  }
  return { level: query.level, code: unit.code, name: unit.name, from: query.from ?? null, to: query.to ?? null, ...figures, children };
}
