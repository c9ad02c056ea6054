// Inserts of fieldwork records on PostgreSQL, shared by seeding (in batches) and the store's single
// writes. Callers own the transaction.
import type { ContactDayCalendar, ContactDayWindow } from '../../fieldwork/calendar.ts';
import { isLateSignIn, withinSignInWindow } from '../../fieldwork/calendar.ts';
import type { FieldworkDataset, NewSignIn, NewSpotCheck, NewVisit, PersonRecord, RosterAssignment, RosterRole } from '../../fieldwork/records.ts';
import { validateAssignment, validatePerson, validateSignIn, validateSpotCheck, validateVisit, type FieldworkCheck } from '../../fieldwork/rules.ts';
import { canonicalTimestamp } from '../issueRules.ts';
import { FieldworkError } from '../fieldwork.ts';
import { StoreError } from '../store.ts';
import { insertRows, syncIdentity, type ColumnSpec, type Queryable } from './sql.ts';

/** Canonical UTC form of an instant already checked by the rules. */
function instant(value: string): string {
  const canonical = canonicalTimestamp(value);
  if (canonical === null) throw new FieldworkError('invalid', 'time', `not an ISO 8601 instant: ${value}`);
  return canonical;
}

const column = (name: string, type: ColumnSpec['type'] = 'text'): ColumnSpec => ({ name, type });

const PERSON: readonly ColumnSpec[] = [column('id'), column('name'), column('kind'), column('organisation'), column('synthetic', 'boolean')];
const ROSTER: readonly ColumnSpec[] = [column('grid_code'), column('person_id'), column('role')];
const CONTACT_DAY: readonly ColumnSpec[] = [column('date'), column('starts_at'), column('ends_at')];
const SIGN_IN: readonly ColumnSpec[] = [
  column('id', 'integer'), column('contact_date'), column('grid_code'), column('person_id'), column('signed_in_at'),
  column('late', 'boolean'), column('synthetic', 'boolean'),
];
const VISIT: readonly ColumnSpec[] = [
  column('id', 'integer'), column('contact_date'), column('grid_code'), column('person_id'), column('kind'), column('people', 'integer'),
  column('problems_logged', 'integer'), column('note'), column('recorded_at'), column('synthetic', 'boolean'),
];
const SPOT_CHECK: readonly ColumnSpec[] = [
  column('id', 'integer'), column('contact_date'), column('grid_code'), column('person_id'), column('result'), column('action'),
  column('inspector'), column('note'), column('checked_at'), column('synthetic', 'boolean'),
];

const personRow = (p: PersonRecord) => [p.id, p.name.trim(), p.kind, p.organisation?.trim() || null, p.synthetic];
const rosterRow = (a: RosterAssignment) => [a.gridCode, a.personId, a.role];
const dayRow = (d: ContactDayWindow) => [d.date, instant(d.startsAt), instant(d.endsAt)];
const signInRow = (id: number, s: NewSignIn, day: ContactDayWindow, late: boolean) =>
  [id, day.date, s.gridCode, s.personId, instant(s.signedInAt), late, s.synthetic];
const visitRow = (id: number, v: NewVisit, recordedAt: string) =>
  [id, v.contactDate, v.gridCode, v.personId, v.kind, v.people, v.problemsLogged, v.note?.trim() || null, recordedAt, v.synthetic];
const spotCheckRow = (id: number, c: NewSpotCheck, checkedAt: string) =>
  [id, c.contactDate, c.gridCode, c.personId, c.result, c.action, c.inspector.trim(), c.note?.trim() || null, checkedAt, c.synthetic];

async function nextId(db: Queryable, table: string): Promise<number> {
  const { rows } = await db.query<{ next: number }>(`SELECT coalesce(max(id), 0) + 1 AS next FROM ${table}`);
  return rows[0].next;
}

/** Single-record inserts for the store's writes; the three record kinds return their new id. */
export const fieldworkInserts = {
  person: (db: Queryable, person: PersonRecord) => insertRows(db, 'fieldwork_people', PERSON, [personRow(person)]),
  assignment: (db: Queryable, assignment: RosterAssignment) => insertRows(db, 'fieldwork_roster', ROSTER, [rosterRow(assignment)]),
  contactDay: (db: Queryable, day: ContactDayWindow) => insertRows(db, 'contact_days', CONTACT_DAY, [dayRow(day)]),
  async signIn(db: Queryable, signIn: NewSignIn, day: ContactDayWindow, late: boolean): Promise<number> {
    const id = await nextId(db, 'contact_sign_ins');
    await insertRows(db, 'contact_sign_ins', SIGN_IN, [signInRow(id, signIn, day, late)]);
    await syncIdentity(db, 'contact_sign_ins');
    return id;
  },
  async visit(db: Queryable, visit: NewVisit, recordedAt: string): Promise<number> {
    const id = await nextId(db, 'contact_visits');
    await insertRows(db, 'contact_visits', VISIT, [visitRow(id, visit, recordedAt)]);
    await syncIdentity(db, 'contact_visits');
    return id;
  },
  async spotCheck(db: Queryable, check: NewSpotCheck, checkedAt: string): Promise<number> {
    const id = await nextId(db, 'spot_checks');
    await insertRows(db, 'spot_checks', SPOT_CHECK, [spotCheckRow(id, check, checkedAt)]);
    await syncIdentity(db, 'spot_checks');
    return id;
  },
};

/** A dataset is refused as a whole, like any other invalid dataset. */
function refuse(check: FieldworkCheck, what: string): void {
  if (!check.valid) throw new StoreError('invalid', `dataset rejected: fieldwork ${what}: ${check.reason} (${check.field})`);
}

function duplicate(what: string): StoreError {
  return new StoreError('invalid', `dataset rejected: fieldwork ${what}`);
}

/**
 * Writes the fieldwork part of a dataset after its grids. Every record passes the same rules as a
 * single write, with facts taken from the records themselves rather than one query each; rows are
 * gathered first and inserted in batches.
 */
export async function writeFieldwork(db: Queryable, fieldwork: FieldworkDataset, calendar: ContactDayCalendar, now: Date): Promise<void> {
  const { rows: codeRows } = await db.query<{ code: string }>('SELECT code FROM grid_codes');
  const gridCodes = new Set(codeRows.map((row) => row.code));
  const kinds = new Map<string, PersonRecord['kind']>();
  const people: unknown[][] = [];
  for (const person of fieldwork.people) {
    refuse(validatePerson(person), `person ${person.id}`);
    if (kinds.has(person.id)) throw duplicate(`person ${person.id} appears twice`);
    kinds.set(person.id, person.kind);
    people.push(personRow(person));
  }
  // Another county of the database may already have one of these person ids.
  const { rows: storedPeople } = await db.query<{ id: string }>('SELECT id FROM fieldwork_people WHERE id = ANY($1::text[])', [[...kinds.keys()]]);
  if (storedPeople[0]) throw new StoreError('conflict', `fieldwork person ${storedPeople[0].id} is already stored`);
  const roles = new Map<string, RosterRole[]>();
  const leaders = new Set<string>();
  const roster: unknown[][] = [];
  for (const assignment of fieldwork.roster) {
    refuse(
      validateAssignment(assignment, {
        personKind: kinds.get(assignment.personId) ?? null,
        gridExists: gridCodes.has(assignment.gridCode),
        gridHasLeader: leaders.has(assignment.gridCode),
      }),
      `roster entry ${assignment.gridCode}/${assignment.personId}`,
    );
    const key = `${assignment.gridCode}|${assignment.personId}`;
    if (roles.has(key)) throw duplicate(`roster lists ${assignment.personId} twice on grid ${assignment.gridCode}`);
    roles.set(key, [assignment.role]);
    if (assignment.role === 'grid_leader') leaders.add(assignment.gridCode);
    roster.push(rosterRow(assignment));
  }
  const days = new Map<string, ContactDayWindow>();
  const dayRows: unknown[][] = [];
  // Contact days are shared by the counties of a database: one already stored must agree.
  const { rows: storedDays } = await db.query<{ date: string; starts_at: string; ends_at: string }>(
    'SELECT date, starts_at, ends_at FROM contact_days WHERE date = ANY($1::text[])',
    [fieldwork.contactDays.map((day) => day.date)],
  );
  const storedWindows = new Map(storedDays.map((row) => [row.date, row]));
  for (const day of fieldwork.contactDays) {
    if (days.has(day.date)) throw duplicate(`contact day ${day.date} appears twice`);
    days.set(day.date, day);
    const row = dayRow(day);
    const stored = storedWindows.get(day.date);
    if (!stored) dayRows.push(row);
    else if (stored.starts_at !== row[1] || stored.ends_at !== row[2]) {
      throw new StoreError('conflict', `contact day ${day.date} is already stored with another window`);
    }
  }
  const dayList = [...days.values()];
  const facts = (record: { gridCode: string; personId: string }) => ({
    gridExists: gridCodes.has(record.gridCode),
    personExists: kinds.has(record.personId),
    roles: roles.get(`${record.gridCode}|${record.personId}`) ?? [],
  });
  const signedIn = new Set<string>();
  const signIns: unknown[][] = [];
  let signInId = await nextId(db, 'contact_sign_ins');
  for (const signIn of fieldwork.signIns) {
    const at = new Date(signIn.signedInAt);
    const day = dayList.find((candidate) => withinSignInWindow(candidate, at, calendar)) ?? null;
    const key = day ? `${day.date}|${signIn.gridCode}|${signIn.personId}` : '';
    refuse(validateSignIn(signIn, { ...facts(signIn), contactDay: day, alreadySignedIn: signedIn.has(key), now }), `sign-in of ${signIn.personId}`);
    signedIn.add(key);
    const held = day as ContactDayWindow;
    signIns.push(signInRow(signInId++, signIn, held, isLateSignIn(held, at, calendar)));
  }
  const visits: unknown[][] = [];
  let visitId = await nextId(db, 'contact_visits');
  for (const visit of fieldwork.visits) {
    const day = days.get(visit.contactDate) ?? null;
    const signed = signedIn.has(`${visit.contactDate}|${visit.gridCode}|${visit.personId}`);
    refuse(validateVisit(visit, { ...facts(visit), contactDay: day, signedIn: signed }), `visit by ${visit.personId}`);
    visits.push(visitRow(visitId++, visit, instant((day as ContactDayWindow).endsAt)));
  }
  const checked = new Set<string>();
  const checks: unknown[][] = [];
  let checkId = await nextId(db, 'spot_checks');
  for (const check of fieldwork.spotChecks) {
    const day = days.get(check.contactDate) ?? null;
    const key = `${check.contactDate}|${check.gridCode}|${check.personId}`;
    refuse(validateSpotCheck(check, { ...facts(check), contactDay: day, alreadyChecked: checked.has(key), now }), `spot check of ${check.personId}`);
    checked.add(key);
    checks.push(spotCheckRow(checkId++, check, instant((day as ContactDayWindow).endsAt)));
  }
  await insertRows(db, 'fieldwork_people', PERSON, people);
  await insertRows(db, 'fieldwork_roster', ROSTER, roster);
  await insertRows(db, 'contact_days', CONTACT_DAY, dayRows);
  await insertRows(db, 'contact_sign_ins', SIGN_IN, signIns);
  await insertRows(db, 'contact_visits', VISIT, visits);
  await insertRows(db, 'spot_checks', SPOT_CHECK, checks);
  for (const table of ['contact_sign_ins', 'contact_visits', 'spot_checks']) await syncIdentity(db, table);
}
