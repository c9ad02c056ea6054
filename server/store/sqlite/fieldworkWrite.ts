// Inserts of fieldwork records, shared by seeding and the store's single writes. Callers own the transaction.
import type { Database } from 'better-sqlite3';
import type { ContactDayCalendar, ContactDayWindow } from '../../fieldwork/calendar.ts';
import { isLateSignIn, withinSignInWindow } from '../../fieldwork/calendar.ts';
import type { FieldworkDataset, NewSignIn, NewSpotCheck, NewVisit, PersonRecord, RosterAssignment, RosterRole } from '../../fieldwork/records.ts';
import { validateAssignment, validatePerson, validateSignIn, validateSpotCheck, validateVisit, type FieldworkCheck } from '../../fieldwork/rules.ts';
import { canonicalTimestamp } from '../issueRules.ts';
import { FieldworkError } from '../fieldwork.ts';
import { StoreError } from '../store.ts';

/** Canonical UTC form of an instant already checked by the rules. */
function instant(value: string): string {
  const canonical = canonicalTimestamp(value);
  if (canonical === null) throw new FieldworkError('invalid', 'time', `not an ISO 8601 instant: ${value}`);
  return canonical;
}

export interface FieldworkInserts {
  person(person: PersonRecord): void;
  assignment(assignment: RosterAssignment): void;
  contactDay(day: ContactDayWindow): void;
  signIn(signIn: NewSignIn, day: ContactDayWindow, late: boolean): number;
  visit(visit: NewVisit, recordedAt: string): number;
  spotCheck(check: NewSpotCheck, checkedAt: string): number;
}

export function prepareFieldworkInserts(db: Database): FieldworkInserts {
  const person = db.prepare('INSERT INTO fieldwork_people (id, name, kind, organisation, synthetic) VALUES (?, ?, ?, ?, ?)');
  const assignment = db.prepare('INSERT INTO fieldwork_roster (grid_code, person_id, role) VALUES (?, ?, ?)');
  const contactDay = db.prepare('INSERT INTO contact_days (date, starts_at, ends_at) VALUES (?, ?, ?)');
  const signIn = db.prepare(
    'INSERT INTO contact_sign_ins (contact_date, grid_code, person_id, signed_in_at, late, synthetic) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const visit = db.prepare(
    `INSERT INTO contact_visits (contact_date, grid_code, person_id, kind, people, problems_logged, note, recorded_at, synthetic)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const spotCheck = db.prepare(
    `INSERT INTO spot_checks (contact_date, grid_code, person_id, result, action, inspector, note, checked_at, synthetic)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const flag = (value: boolean) => (value ? 1 : 0);
  return {
    person: (p) => void person.run(p.id, p.name.trim(), p.kind, p.organisation?.trim() || null, flag(p.synthetic)),
    assignment: (a) => void assignment.run(a.gridCode, a.personId, a.role),
    contactDay: (d) => void contactDay.run(d.date, instant(d.startsAt), instant(d.endsAt)),
    signIn: (s, day, late) =>
      Number(signIn.run(day.date, s.gridCode, s.personId, instant(s.signedInAt), flag(late), flag(s.synthetic)).lastInsertRowid),
    visit: (v, recordedAt) =>
      Number(
        visit.run(v.contactDate, v.gridCode, v.personId, v.kind, v.people, v.problemsLogged, v.note?.trim() || null, recordedAt, flag(v.synthetic))
          .lastInsertRowid,
      ),
    spotCheck: (c, checkedAt) =>
      Number(
        spotCheck.run(c.contactDate, c.gridCode, c.personId, c.result, c.action, c.inspector.trim(), c.note?.trim() || null, checkedAt, flag(c.synthetic))
          .lastInsertRowid,
      ),
  };
}

/** A dataset is refused as a whole, like any other invalid dataset. */
function refuse(check: FieldworkCheck, what: string): void {
  if (!check.valid) throw new StoreError('invalid', `dataset rejected: fieldwork ${what}: ${check.reason} (${check.field})`);
}

function duplicate(what: string): StoreError {
  return new StoreError('invalid', `dataset rejected: fieldwork ${what}`);
}

/**
 * Writes the fieldwork part of a dataset after its grids. Every record passes the same rules as a
 * single write, with facts taken from the records themselves rather than one query each.
 */
export function writeFieldwork(db: Database, fieldwork: FieldworkDataset, calendar: ContactDayCalendar, now: Date): void {
  const inserts = prepareFieldworkInserts(db);
  const gridCodes = new Set((db.prepare('SELECT code FROM grid_codes').all() as Array<{ code: string }>).map((row) => row.code));
  const kinds = new Map<string, PersonRecord['kind']>();
  const storedPerson = db.prepare('SELECT 1 FROM fieldwork_people WHERE id = ?');
  for (const person of fieldwork.people) {
    refuse(validatePerson(person), `person ${person.id}`);
    if (kinds.has(person.id)) throw duplicate(`person ${person.id} appears twice`);
    // Another county of the database already has this person id.
    if (storedPerson.get(person.id) !== undefined) throw new StoreError('conflict', `fieldwork person ${person.id} is already stored`);
    kinds.set(person.id, person.kind);
    inserts.person(person);
  }
  const roles = new Map<string, RosterRole[]>();
  const leaders = new Set<string>();
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
    inserts.assignment(assignment);
  }
  const days = new Map<string, ContactDayWindow>();
  const storedDay = db.prepare('SELECT starts_at, ends_at FROM contact_days WHERE date = ?');
  for (const day of fieldwork.contactDays) {
    if (days.has(day.date)) throw duplicate(`contact day ${day.date} appears twice`);
    days.set(day.date, day);
    // Contact days are shared by the counties of a database: one already stored must agree.
    const stored = storedDay.get(day.date) as { starts_at: string; ends_at: string } | undefined;
    if (!stored) inserts.contactDay(day);
    else if (stored.starts_at !== instant(day.startsAt) || stored.ends_at !== instant(day.endsAt)) {
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
  for (const signIn of fieldwork.signIns) {
    const at = new Date(signIn.signedInAt);
    const day = dayList.find((candidate) => withinSignInWindow(candidate, at, calendar)) ?? null;
    const key = day ? `${day.date}|${signIn.gridCode}|${signIn.personId}` : '';
    refuse(validateSignIn(signIn, { ...facts(signIn), contactDay: day, alreadySignedIn: signedIn.has(key), now }), `sign-in of ${signIn.personId}`);
    signedIn.add(key);
    inserts.signIn(signIn, day as ContactDayWindow, isLateSignIn(day as ContactDayWindow, at, calendar));
  }
  for (const visit of fieldwork.visits) {
    const day = days.get(visit.contactDate) ?? null;
    const signed = signedIn.has(`${visit.contactDate}|${visit.gridCode}|${visit.personId}`);
    refuse(validateVisit(visit, { ...facts(visit), contactDay: day, signedIn: signed }), `visit by ${visit.personId}`);
    inserts.visit(visit, instant((day as ContactDayWindow).endsAt));
  }
  const checked = new Set<string>();
  for (const check of fieldwork.spotChecks) {
    const day = days.get(check.contactDate) ?? null;
    const key = `${check.contactDate}|${check.gridCode}|${check.personId}`;
    refuse(validateSpotCheck(check, { ...facts(check), contactDay: day, alreadyChecked: checked.has(key), now }), `spot check of ${check.personId}`);
    checked.add(key);
    inserts.spotCheck(check, instant((day as ContactDayWindow).endsAt));
  }
}
