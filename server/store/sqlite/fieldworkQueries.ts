// Reads of the fieldwork ledger: a grid's roster, and attendance/visit figures for the county, a
// township, a village or a grid over a window of contact days, with the level below ranked.
import type { Database } from 'better-sqlite3';
import { DISCIPLINARY_ACTIONS, ROSTER_PATTERN, ROSTER_ROLES, ROSTER_ROLE_LABELS, type RosterRole } from '../../fieldwork/records.ts';
import { EXPECTED_EVERY_CONTACT_DAY } from '../../fieldwork/rules.ts';
import { attendanceRate } from '../../fieldwork/figures.ts';
import type { FieldworkFigures, FieldworkLevel, FieldworkQuery, FieldworkRow, FieldworkStats, GridRoster, RosterMember } from '../fieldwork.ts';

export function selectRoster(db: Database, gridCode: string): GridRoster | null {
  const grid = db.prepare('SELECT code, name FROM grids WHERE code = ? AND valid_to_version IS NULL').get(gridCode) as
    | { code: string; name: string }
    | undefined;
  if (!grid) return null;
  const rows = db
    .prepare(
      `SELECT r.role, p.id, p.name, p.kind, p.organisation, p.synthetic
       FROM fieldwork_roster r JOIN fieldwork_people p ON p.id = r.person_id
       WHERE r.grid_code = ? ORDER BY p.id`,
    )
    .all(gridCode) as Array<{ role: RosterRole; id: string; name: string; kind: RosterMember['kind']; organisation: string | null; synthetic: number }>;
  const roles = ROSTER_ROLES.map((role) => ({
    role,
    label: ROSTER_ROLE_LABELS[role],
    members: rows
      .filter((row) => row.role === role)
      .map((row) => ({ personId: row.id, name: row.name, kind: row.kind, organisation: row.organisation, synthetic: row.synthetic === 1 })),
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
  township: { column: 'g.village_code', sql: 'SELECT code, name FROM villages WHERE township_code = ? ORDER BY code' },
  village: {
    column: 'g.code',
    sql: `SELECT d.code, d.name FROM grids d JOIN grid_codes c ON c.code = d.code
          WHERE c.village_code = ? AND d.valid_to_version IS NULL ORDER BY d.code`,
  },
  grid: null,
};

function resolveUnit(db: Database, level: FieldworkLevel, code: string | undefined): Unit | null {
  const lookup = (sql: string) => db.prepare(sql).get(code ?? '') as { code: string; name: string } | undefined;
  if (level === 'county') {
    const county = db.prepare('SELECT code, name FROM counties LIMIT 1').get() as { code: string; name: string } | undefined;
    return county ? { ...county, scope: null } : null;
  }
  const row =
    level === 'township'
      ? lookup('SELECT code, name FROM townships WHERE code = ?')
      : level === 'village'
        ? lookup('SELECT code, name FROM villages WHERE code = ?')
        : lookup('SELECT code, name FROM grids WHERE code = ? ORDER BY valid_from_version DESC LIMIT 1');
  if (!row) return null;
  const column: GroupColumn = level === 'township' ? 'g.township_code' : level === 'village' ? 'g.village_code' : 'g.code';
  return { ...row, scope: { column, value: row.code } };
}

interface Window {
  from?: string;
  to?: string;
}

/** WHERE clause over a table aliased `t` joined to grid_codes `g`; dates compare as YYYY-MM-DD strings. */
function where(scope: Scope | null, window: Window, dated: boolean): { sql: string; params: string[] } {
  const parts: string[] = [], params: string[] = [];
  if (scope) {
    parts.push(`${scope.column} = ?`);
    params.push(scope.value);
  }
  if (dated && window.from !== undefined) {
    parts.push('t.contact_date >= ?');
    params.push(window.from);
  }
  if (dated && window.to !== undefined) {
    parts.push('t.contact_date <= ?');
    params.push(window.to);
  }
  return { sql: parts.length ? ` WHERE ${parts.join(' AND ')}` : '', params };
}

const inList = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');

type Row = Record<string, number> & { code: string };

function grouped(db: Database, select: string, table: string, group: GroupColumn | null, scope: Scope | null, window: Window, dated = true): Map<string, Row> {
  const clause = where(scope, window, dated);
  const key = group ?? "''";
  const rows = db
    .prepare(`SELECT ${key} AS code, ${select} FROM ${table} JOIN grid_codes g ON g.code = t.grid_code${clause.sql} GROUP BY ${key}`)
    .all(...clause.params) as Row[];
  return new Map(rows.map((row) => [row.code, row]));
}

function figuresBy(db: Database, group: GroupColumn | null, scope: Scope | null, window: Window, contactDays: number): Map<string, FieldworkFigures> {
  const signIns = grouped(
    db,
    `count(*) AS sign_ins, coalesce(sum(t.late), 0) AS late,
     coalesce(sum(r.role IN (${inList(EXPECTED_EVERY_CONTACT_DAY)})), 0) AS expected_present`,
    'contact_sign_ins t JOIN fieldwork_roster r ON r.grid_code = t.grid_code AND r.person_id = t.person_id',
    group, scope, window,
  );
  const expectedRoles = grouped(
    db, `coalesce(sum(t.role IN (${inList(EXPECTED_EVERY_CONTACT_DAY)})), 0) AS stationed`, 'fieldwork_roster t', group, scope, window, false,
  );
  const visits = grouped(
    db, 'count(*) AS visits, coalesce(sum(t.people), 0) AS people, coalesce(sum(t.problems_logged), 0) AS problems', 'contact_visits t', group, scope, window,
  );
  const checks = grouped(
    db,
    `coalesce(sum(t.result = 'present'), 0) AS present, coalesce(sum(t.result = 'late'), 0) AS late,
     coalesce(sum(t.result = 'absent'), 0) AS absent, coalesce(sum(t.result = 'off_post'), 0) AS off_post,
     count(DISTINCT CASE WHEN t.action IN (${inList(DISCIPLINARY_ACTIONS)}) THEN t.person_id END) AS disciplined`,
    'spot_checks t', group, scope, window,
  );
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

export function emptyFieldworkFigures(contactDays: number): FieldworkFigures {
  return {
    contactDays, signIns: 0, lateSignIns: 0, expectedSignIns: 0, expectedPresent: 0, attendanceRate: null,
    peopleReceived: 0, visits: 0, problemsLogged: 0, spotChecks: { present: 0, late: 0, absent: 0, offPost: 0 }, disciplined: 0,
  };
}

export function countContactDays(db: Database, window: Window): number {
  const clause = where(null, window, true);
  return (db.prepare(`SELECT count(*) AS n FROM contact_days t${clause.sql.replaceAll('t.contact_date', 't.date')}`).get(...clause.params) as { n: number }).n;
}

export function selectFieldworkStats(db: Database, query: FieldworkQuery): FieldworkStats | null {
  const unit = resolveUnit(db, query.level, query.code);
  if (!unit) return null;
  const window: Window = { from: query.from, to: query.to };
  const contactDays = countContactDays(db, window);
  const figures = figuresBy(db, null, unit.scope, window, contactDays).get('') ?? emptyFieldworkFigures(contactDays);
  const child = CHILD[query.level];
  let children: FieldworkRow[] = [];
  if (child) {
    const units = db.prepare(child.sql).all(...(query.level === 'county' ? [] : [unit.code])) as Array<{
      code: string;
      name: string;
    }>;
    const byChild = figuresBy(db, child.column, unit.scope, window, contactDays);
    children = units.map((row) => ({ code: row.code, name: row.name, ...(byChild.get(row.code) ?? emptyFieldworkFigures(contactDays)) }));
  }
  return { level: query.level, code: unit.code, name: unit.name, from: query.from ?? null, to: query.to ?? null, ...figures, children };
}
