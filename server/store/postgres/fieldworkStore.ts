// FieldworkStore on the PostgreSQL database of a PostgresGridStore: every write is one transaction
// run through the grid store's writer, so it bumps the same data version.
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
import { fieldworkInserts } from './fieldworkWrite.ts';
import { selectFieldworkStats, selectRoster } from './fieldworkQueries.ts';
import type { Queryable } from './sql.ts';

export interface PostgresFieldworkOptions {
  /** The pool, for reads. */
  db: Queryable;
  now: () => Date;
  /** Runs work in one transaction on one connection and bumps the data version if it commits. */
  write: <T>(work: (db: Queryable) => Promise<T>) => Promise<T>;
  calendar?: ContactDayCalendar;
}

function ensure(check: FieldworkCheck): void {
  if (!check.valid) throw new FieldworkError(check.problem, check.field, check.reason);
}

async function exists(db: Queryable, sql: string, values: unknown[]): Promise<boolean> {
  return ((await db.query(sql, values)).rowCount ?? 0) > 0;
}

async function readPerson(db: Queryable, id: string): Promise<PersonRecord | null> {
  const { rows } = await db.query<PersonRecord>('SELECT id, name, kind, organisation, synthetic FROM fieldwork_people WHERE id = $1', [id]);
  return rows[0] ? { ...rows[0] } : null;
}

async function readContactDays(db: Queryable, window: { from?: string; to?: string } = {}): Promise<ContactDayRecord[]> {
  const { rows } = await db.query<{ date: string; starts_at: string; ends_at: string }>(
    'SELECT date, starts_at, ends_at FROM contact_days WHERE date >= $1 AND date <= $2 ORDER BY date',
    [window.from ?? '0000-00-00', window.to ?? '9999-99-99'],
  );
  return rows.map((row) => ({ date: row.date, startsAt: row.starts_at, endsAt: row.ends_at }));
}

async function storedDay(db: Queryable, date: string): Promise<ContactDayWindow | null> {
  return (await readContactDays(db, { from: date, to: date }))[0] ?? null;
}

const gridExists = (db: Queryable, code: string) => exists(db, 'SELECT 1 FROM grids WHERE code = $1 AND valid_to_version IS NULL', [code]);

async function rosterFacts(db: Queryable, record: { gridCode: string; personId: string }) {
  const { rows } = await db.query<{ role: RosterRole }>('SELECT role FROM fieldwork_roster WHERE grid_code = $1 AND person_id = $2', [
    record.gridCode, record.personId,
  ]);
  return {
    gridExists: await gridExists(db, record.gridCode),
    personExists: (await readPerson(db, record.personId)) !== null,
    roles: rows.map((row) => row.role),
  };
}

export class PostgresFieldworkStore implements FieldworkStore {
  readonly #db: Queryable;
  readonly #now: () => Date;
  readonly #write: PostgresFieldworkOptions['write'];
  readonly calendar: ContactDayCalendar;

  constructor(options: PostgresFieldworkOptions) {
    this.#db = options.db;
    this.#now = options.now;
    this.#write = options.write;
    this.calendar = options.calendar ?? DEFAULT_CONTACT_DAY_CALENDAR;
    const validation = validateCalendar(this.calendar);
    if (!validation.valid) throw new RangeError(`contact-day calendar: ${validation.reason}`);
  }

  async addPerson(person: PersonRecord): Promise<PersonRecord> {
    ensure(validatePerson(person));
    await this.#write(async (db) => {
      if (await readPerson(db, person.id)) throw new FieldworkError('conflict', 'id', `person ${person.id} already exists`);
      await fieldworkInserts.person(db, person);
    });
    return (await this.getPerson(person.id)) as PersonRecord;
  }

  getPerson(id: string): Promise<PersonRecord | null> {
    return readPerson(this.#db, id);
  }

  async assign(assignment: RosterAssignment): Promise<RosterAssignment> {
    await this.#write(async (db) => {
      const person = await readPerson(db, assignment.personId);
      const hasLeader = await exists(db, "SELECT 1 FROM fieldwork_roster WHERE grid_code = $1 AND role = 'grid_leader'", [assignment.gridCode]);
      ensure(validateAssignment(assignment, { personKind: person?.kind ?? null, gridExists: await gridExists(db, assignment.gridCode), gridHasLeader: hasLeader }));
      if (await exists(db, 'SELECT 1 FROM fieldwork_roster WHERE grid_code = $1 AND person_id = $2', [assignment.gridCode, assignment.personId])) {
        throw new FieldworkError('conflict', 'personId', `${assignment.personId} is already on the roster of grid ${assignment.gridCode}`);
      }
      await fieldworkInserts.assignment(db, assignment);
    });
    return { ...assignment };
  }

  roster(gridCode: string): Promise<GridRoster | null> {
    return selectRoster(this.#db, gridCode);
  }

  listContactDays(window: { from?: string; to?: string } = {}): Promise<ContactDayRecord[]> {
    return readContactDays(this.#db, window);
  }

  async signIn(signIn: NewSignIn): Promise<SignInView> {
    const id = await this.#write(async (db) => {
      const at = new Date(signIn.signedInAt);
      // A stored day keeps the window it was held with, even if the calendar changed since.
      const stored = (await readContactDays(db)).find((day) => withinSignInWindow(day, at, this.calendar)) ?? null;
      const day = stored ?? (Number.isNaN(at.getTime()) ? null : contactDayAt(at, this.calendar));
      const already = day
        ? await exists(db, 'SELECT 1 FROM contact_sign_ins WHERE contact_date = $1 AND grid_code = $2 AND person_id = $3', [
            day.date, signIn.gridCode, signIn.personId,
          ])
        : false;
      ensure(validateSignIn(signIn, { ...(await rosterFacts(db, signIn)), contactDay: day, alreadySignedIn: already, now: this.#now() }));
      const held = day as ContactDayWindow;
      if (!stored) await fieldworkInserts.contactDay(db, held);
      return fieldworkInserts.signIn(db, signIn, held, isLateSignIn(held, at, this.calendar));
    });
    const { rows } = await this.#db.query<{
      id: number; contact_date: string; grid_code: string; person_id: string; signed_in_at: string; late: boolean; synthetic: boolean;
    }>('SELECT id, contact_date, grid_code, person_id, signed_in_at, late, synthetic FROM contact_sign_ins WHERE id = $1', [id]);
    const row = rows[0];
    return {
      id: row.id, contactDate: row.contact_date, gridCode: row.grid_code, personId: row.person_id,
      signedInAt: row.signed_in_at, late: row.late, synthetic: row.synthetic,
    };
  }

  async recordVisit(visit: NewVisit): Promise<VisitView> {
    const recordedAt = this.#now().toISOString();
    const id = await this.#write(async (db) => {
      const day = await storedDay(db, visit.contactDate);
      const signedIn = await exists(db, 'SELECT 1 FROM contact_sign_ins WHERE contact_date = $1 AND grid_code = $2 AND person_id = $3', [
        visit.contactDate, visit.gridCode, visit.personId,
      ]);
      ensure(validateVisit(visit, { ...(await rosterFacts(db, visit)), contactDay: day, signedIn }));
      return fieldworkInserts.visit(db, visit, recordedAt);
    });
    const { rows } = await this.#db.query<{ note: string | null }>('SELECT note FROM contact_visits WHERE id = $1', [id]);
    return { ...visit, note: rows[0].note, id, recordedAt };
  }

  async recordSpotCheck(check: NewSpotCheck): Promise<SpotCheckView> {
    const checkedAt = this.#now().toISOString();
    const id = await this.#write(async (db) => {
      const stored = await storedDay(db, check.contactDate);
      const day = stored ?? contactDayOn(check.contactDate, this.calendar);
      const already = await exists(db, 'SELECT 1 FROM spot_checks WHERE contact_date = $1 AND grid_code = $2 AND person_id = $3', [
        check.contactDate, check.gridCode, check.personId,
      ]);
      ensure(validateSpotCheck(check, { ...(await rosterFacts(db, check)), contactDay: day, alreadyChecked: already, now: this.#now() }));
      if (!stored) await fieldworkInserts.contactDay(db, day as ContactDayWindow);
      return fieldworkInserts.spotCheck(db, check, checkedAt);
    });
    const { rows } = await this.#db.query<{ inspector: string; note: string | null }>('SELECT inspector, note FROM spot_checks WHERE id = $1', [id]);
    return { ...check, inspector: rows[0].inspector, note: rows[0].note, id, checkedAt };
  }

  stats(query: FieldworkQuery): Promise<FieldworkStats | null> {
    return selectFieldworkStats(this.#db, query);
  }
}
