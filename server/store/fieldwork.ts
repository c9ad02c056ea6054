// Storage interface of the fieldwork ledger (contact days, roster, sign-ins, visits, spot checks),
// kept apart from GridStore so a backend can offer it or not.
import type { Awaitable, GridStore } from './store.ts';
import type { FieldworkProblem } from '../fieldwork/rules.ts';
import type {
  ContactDayRecord,
  NewSignIn,
  NewSpotCheck,
  NewVisit,
  PersonRecord,
  RosterAssignment,
  RosterRole,
  SpotCheckAction,
  SpotCheckResult,
  VisitKind,
} from '../fieldwork/records.ts';

export type FieldworkLevel = 'county' | 'township' | 'village' | 'grid';

export interface RosterMember {
  personId: string;
  name: string;
  kind: PersonRecord['kind'];
  organisation: string | null;
  synthetic: boolean;
}

export interface RosterGroup {
  role: RosterRole;
  /** Chinese label of the role (网格长, 驻格干部, …). */
  label: string;
  members: RosterMember[];
}

export interface GridRoster {
  gridCode: string;
  gridName: string;
  /** Groups in the "1+2+4+2+X" order, 网格长 first; every role is listed, empty or not. */
  roles: RosterGroup[];
  /** Whether the roster meets the pattern's minimum for every role. */
  meetsPattern: boolean;
}

export interface SignInView extends NewSignIn {
  id: number;
  contactDate: string;
  late: boolean;
}

export interface VisitView extends NewVisit {
  id: number;
  recordedAt: string;
}

export interface SpotCheckView extends NewSpotCheck {
  id: number;
  checkedAt: string;
}

export interface FieldworkQuery {
  level: FieldworkLevel;
  /** Township (9), village (12) or grid (15 digits) code; ignored for the county. */
  code?: string;
  /** Inclusive window of contact-day dates, YYYY-MM-DD. */
  from?: string;
  to?: string;
}

export interface SpotCheckCounts {
  present: number;
  late: number;
  absent: number;
  offPost: number;
}

export interface FieldworkFigures {
  /** Contact days held in the window. */
  contactDays: number;
  /** Every sign-in recorded (cadres, grid leaders, party members, volunteers). */
  signIns: number;
  lateSignIns: number;
  /** Stationed cadres × contact days: who had to be there. */
  expectedSignIns: number;
  /** Sign-ins of those expected. */
  expectedPresent: number;
  /** expectedPresent / expectedSignIns; null when nobody was expected. */
  attendanceRate: number | null;
  peopleReceived: number;
  visits: number;
  problemsLogged: number;
  spotChecks: SpotCheckCounts;
  /** Distinct people given a disciplinary action after a spot check. */
  disciplined: number;
}

export interface FieldworkRow extends FieldworkFigures {
  code: string;
  name: string;
}

export interface FieldworkStats extends FieldworkFigures {
  level: FieldworkLevel;
  code: string;
  name: string;
  from: string | null;
  to: string | null;
  /** Rows of the level below (townships, villages, grids), sorted by code; none for a grid. */
  children: FieldworkRow[];
}

export interface FieldworkStore {
  addPerson(person: PersonRecord): Awaitable<PersonRecord>;
  getPerson(id: string): Awaitable<PersonRecord | null>;
  assign(assignment: RosterAssignment): Awaitable<RosterAssignment>;
  /** Null when the grid code is not a current grid. */
  roster(gridCode: string): Awaitable<GridRoster | null>;
  /** Recorded contact days in the window (inclusive), oldest first. */
  listContactDays(window?: { from?: string; to?: string }): Awaitable<ContactDayRecord[]>;
  /** Records the contact day holding signedInAt if the calendar has one there and it is not stored yet. */
  signIn(signIn: NewSignIn): Awaitable<SignInView>;
  recordVisit(visit: NewVisit): Awaitable<VisitView>;
  recordSpotCheck(check: NewSpotCheck): Awaitable<SpotCheckView>;
  /** Null when the township, village or grid code is unknown (or, for the county, nothing is seeded). */
  stats(query: FieldworkQuery): Awaitable<FieldworkStats | null>;
}

/** A fieldwork write refused; nothing was changed. */
export class FieldworkError extends Error {
  readonly problem: FieldworkProblem;
  readonly field: string;
  constructor(problem: FieldworkProblem, field: string, message: string) {
    super(message);
    this.name = 'FieldworkError';
    this.problem = problem;
    this.field = field;
  }
}

/** The fieldwork store a GridStore offers, if any. */
export function fieldworkOf(store: GridStore): FieldworkStore | null {
  const candidate = (store as GridStore & { fieldwork?: FieldworkStore }).fieldwork;
  return candidate && typeof candidate.stats === 'function' ? candidate : null;
}

export type { SpotCheckAction, SpotCheckResult, VisitKind };
