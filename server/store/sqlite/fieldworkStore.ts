// FieldworkStore on the SQLite database of a SqliteGridStore: every write is one transaction run
// through the grid store's writer, so it bumps the same data version.
import type { Database } from 'better-sqlite3';
import {
  DEFAULT_CONTACT_DAY_CALENDAR,
  contactDayAt,
  contactDayOn,
  validateCalendar,
  isLateSignIn,
  withinSignInWindow,
  type ContactDayCalendar,
  type ContactDayWindow,
} from '../../fieldwork/calendar.ts';
import type { ContactDayRecord, NewSignIn, NewSpotCheck, NewVisit, PersonRecord, RosterAssignment, RosterRole } from '../../fieldwork/records.ts';
import { validateAssignment, validatePerson, validateSignIn, validateSpotCheck, validateVisit, type FieldworkCheck } from '../../fieldwork/rules.ts';
import {
  FieldworkError,
  type FieldworkQuery,
  type FieldworkStats,
  type FieldworkStore,
  type GridRoster,
  type SignInView,
  type SpotCheckView,
  type VisitView,
} from '../fieldwork.ts';
import { prepareFieldworkInserts } from './fieldworkWrite.ts';
import { selectFieldworkStats, selectRoster } from './fieldworkQueries.ts';

export interface SqliteFieldworkOptions {
  now: () => Date;
  /** Runs work in one immediate transaction and bumps the data version if it commits. */
  write: <T>(work: () => T) => T;
  calendar?: ContactDayCalendar;
}

function ensure(check: FieldworkCheck): void {
  if (!check.valid) throw new FieldworkError(check.problem, check.field, check.reason);
}

export class SqliteFieldworkStore implements FieldworkStore {
  readonly #db: Database;
  readonly #now: () => Date;
  readonly #write: SqliteFieldworkOptions['write'];
  readonly calendar: ContactDayCalendar;

  constructor(db: Database, options: SqliteFieldworkOptions) {
    this.#db = db;
    this.#now = options.now;
    this.#write = options.write;
    this.calendar = options.calendar ?? DEFAULT_CONTACT_DAY_CALENDAR;
    const validation = validateCalendar(this.calendar);
    if (!validation.valid) throw new RangeError(`contact-day calendar: ${validation.reason}`);
  }

  #gridExists(code: string): boolean {
    return this.#db.prepare('SELECT 1 FROM grids WHERE code = ? AND valid_to_version IS NULL').get(code) !== undefined;
  }

  #rosterFacts(record: { gridCode: string; personId: string }) {
    const roles = this.#db
      .prepare('SELECT role FROM fieldwork_roster WHERE grid_code = ? AND person_id = ?')
      .all(record.gridCode, record.personId) as Array<{ role: RosterRole }>;
    return {
      gridExists: this.#gridExists(record.gridCode),
      personExists: this.getPerson(record.personId) !== null,
      roles: roles.map((row) => row.role),
    };
  }

  #storedDay(date: string): ContactDayWindow | null {
    const row = this.#db.prepare('SELECT date, starts_at, ends_at FROM contact_days WHERE date = ?').get(date) as
      | { date: string; starts_at: string; ends_at: string }
      | undefined;
    return row ? { date: row.date, startsAt: row.starts_at, endsAt: row.ends_at } : null;
  }

  /** A stored contact day, or the calendar's day on that date (stored on first use). */
  #dayOn(date: string): { day: ContactDayWindow | null; stored: boolean } {
    const stored = this.#storedDay(date);
    return stored ? { day: stored, stored: true } : { day: contactDayOn(date, this.calendar), stored: false };
  }

  #storeDayIfNew(day: ContactDayWindow, stored: boolean): void {
    if (!stored) prepareFieldworkInserts(this.#db).contactDay(day);
  }

  addPerson(person: PersonRecord): PersonRecord {
    ensure(validatePerson(person));
    this.#write(() => {
      if (this.getPerson(person.id)) throw new FieldworkError('conflict', 'id', `person ${person.id} already exists`);
      prepareFieldworkInserts(this.#db).person(person);
    });
    return this.getPerson(person.id) as PersonRecord;
  }

  getPerson(id: string): PersonRecord | null {
    const row = this.#db.prepare('SELECT id, name, kind, organisation, synthetic FROM fieldwork_people WHERE id = ?').get(id) as
      | { id: string; name: string; kind: PersonRecord['kind']; organisation: string | null; synthetic: number }
      | undefined;
    return row ? { ...row, synthetic: row.synthetic === 1 } : null;
  }

  assign(assignment: RosterAssignment): RosterAssignment {
    this.#write(() => {
      const person = this.getPerson(assignment.personId);
      const leader = this.#db.prepare("SELECT 1 FROM fieldwork_roster WHERE grid_code = ? AND role = 'grid_leader'").get(assignment.gridCode);
      ensure(validateAssignment(assignment, { personKind: person?.kind ?? null, gridExists: this.#gridExists(assignment.gridCode), gridHasLeader: leader !== undefined }));
      const existing = this.#db.prepare('SELECT role FROM fieldwork_roster WHERE grid_code = ? AND person_id = ?').get(assignment.gridCode, assignment.personId);
      if (existing) throw new FieldworkError('conflict', 'personId', `${assignment.personId} is already on the roster of grid ${assignment.gridCode}`);
      prepareFieldworkInserts(this.#db).assignment(assignment);
    });
    return { ...assignment };
  }

  roster(gridCode: string): GridRoster | null {
    return selectRoster(this.#db, gridCode);
  }

  listContactDays(window: { from?: string; to?: string } = {}): ContactDayRecord[] {
    const rows = this.#db
      .prepare('SELECT date, starts_at, ends_at FROM contact_days WHERE date >= ? AND date <= ? ORDER BY date')
      .all(window.from ?? '0000-00-00', window.to ?? '9999-99-99') as Array<{ date: string; starts_at: string; ends_at: string }>;
    return rows.map((row) => ({ date: row.date, startsAt: row.starts_at, endsAt: row.ends_at }));
  }

  signIn(signIn: NewSignIn): SignInView {
    const id = this.#write(() => {
      const at = new Date(signIn.signedInAt);
      // A stored day keeps the window it was held with, even if the calendar changed since.
      const stored = this.listContactDays().find((day) => withinSignInWindow(day, at, this.calendar)) ?? null;
      const day = stored ?? (Number.isNaN(at.getTime()) ? null : contactDayAt(at, this.calendar));
      const already = day
        ? this.#db
            .prepare('SELECT 1 FROM contact_sign_ins WHERE contact_date = ? AND grid_code = ? AND person_id = ?')
            .get(day.date, signIn.gridCode, signIn.personId) !== undefined
        : false;
      ensure(validateSignIn(signIn, { ...this.#rosterFacts(signIn), contactDay: day, alreadySignedIn: already, now: this.#now() }));
      const held = day as ContactDayWindow;
      this.#storeDayIfNew(held, stored !== null);
      return prepareFieldworkInserts(this.#db).signIn(signIn, held, isLateSignIn(held, at, this.calendar));
    });
    return this.#signInView(id);
  }

  #signInView(id: number): SignInView {
    const row = this.#db
      .prepare('SELECT id, contact_date, grid_code, person_id, signed_in_at, late, synthetic FROM contact_sign_ins WHERE id = ?')
      .get(id) as { id: number; contact_date: string; grid_code: string; person_id: string; signed_in_at: string; late: number; synthetic: number };
    return {
      id: row.id, contactDate: row.contact_date, gridCode: row.grid_code, personId: row.person_id,
      signedInAt: row.signed_in_at, late: row.late === 1, synthetic: row.synthetic === 1,
    };
  }

  recordVisit(visit: NewVisit): VisitView {
    const recordedAt = this.#now().toISOString();
    const id = this.#write(() => {
      const day = this.#storedDay(visit.contactDate);
      const signedIn = this.#db
        .prepare('SELECT 1 FROM contact_sign_ins WHERE contact_date = ? AND grid_code = ? AND person_id = ?')
        .get(visit.contactDate, visit.gridCode, visit.personId) !== undefined;
      ensure(validateVisit(visit, { ...this.#rosterFacts(visit), contactDay: day, signedIn }));
      return prepareFieldworkInserts(this.#db).visit(visit, recordedAt);
    });
    const row = this.#db.prepare('SELECT note FROM contact_visits WHERE id = ?').get(id) as { note: string | null };
    return { ...visit, note: row.note, id, recordedAt };
  }

  recordSpotCheck(check: NewSpotCheck): SpotCheckView {
    const checkedAt = this.#now().toISOString();
    const id = this.#write(() => {
      const { day, stored } = this.#dayOn(check.contactDate);
      const already = this.#db
        .prepare('SELECT 1 FROM spot_checks WHERE contact_date = ? AND grid_code = ? AND person_id = ?')
        .get(check.contactDate, check.gridCode, check.personId) !== undefined;
      ensure(validateSpotCheck(check, { ...this.#rosterFacts(check), contactDay: day, alreadyChecked: already, now: this.#now() }));
      this.#storeDayIfNew(day as ContactDayWindow, stored);
      return prepareFieldworkInserts(this.#db).spotCheck(check, checkedAt);
    });
    const row = this.#db.prepare('SELECT inspector, note FROM spot_checks WHERE id = ?').get(id) as { inspector: string; note: string | null };
    return { ...check, inspector: row.inspector, note: row.note, id, checkedAt };
  }

  stats(query: FieldworkQuery): FieldworkStats | null {
    return selectFieldworkStats(this.#db, query);
  }
}
