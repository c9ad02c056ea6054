// Validation of fieldwork writes. The store gathers the facts (person, roster roles, contact day,
// existing sign-in); these pure rules decide, naming the offending field.
import type { ContactDayWindow } from './calendar.ts';
import { canonicalTimestamp } from '../store/issueRules.ts';
import {
  PERSON_KINDS,
  ROSTER_ROLES,
  SPOT_CHECK_ACTIONS,
  SPOT_CHECK_RESULTS,
  VISIT_KINDS,
  type NewSignIn,
  type NewSpotCheck,
  type NewVisit,
  type PersonKind,
  type PersonRecord,
  type RosterAssignment,
  type RosterRole,
} from './records.ts';

/** invalid: malformed input (400); not_found: unknown grid, person or day (404); unprocessable: breaks a rule (422); conflict: already recorded (409). */
export type FieldworkProblem = 'invalid' | 'not_found' | 'unprocessable' | 'conflict';

export type FieldworkCheck = { valid: true } | { valid: false; reason: string; field: string; problem: FieldworkProblem };

const OK: FieldworkCheck = { valid: true };
const fail = (problem: FieldworkProblem, field: string, reason: string): FieldworkCheck => ({ valid: false, problem, field, reason });

const PERSON_ID_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;
const GRID_CODE_PATTERN = /^\d{15}$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
/** People counted in one visit record: a large meeting at the grid point, never thousands. */
export const MAX_PEOPLE_PER_VISIT = 500;
const MAX_TEXT = 200;
/** Clocks of handsets drift; a sign-in a little ahead of the server is still accepted. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** Which kinds of person may hold a role: a grid leader is a county-level leader or a senior cadre. */
export const ROLE_KINDS: Readonly<Record<RosterRole, readonly PersonKind[]>> = {
  grid_leader: ['county_leader', 'cadre'],
  cadre: ['cadre'],
  party_member: ['party_member', 'cadre'],
  department: ['department'],
  volunteer: ['volunteer', 'party_member'],
};

/**
 * Who is expected at the grid on every contact day: the stationed cadres (联驻干部). Grid leaders cover
 * many grids and come by rotation; party members and volunteers take part when they can.
 */
export const EXPECTED_EVERY_CONTACT_DAY: readonly RosterRole[] = ['cadre'];

/** Departments are units, not people present in the evening: they take problems, not sign-ins. */
export const SIGN_IN_ROLES: readonly RosterRole[] = ['grid_leader', 'cadre', 'party_member', 'volunteer'];

function isIsoInstant(text: unknown): text is string {
  return typeof text === 'string' && canonicalTimestamp(text) !== null;
}

function checkText(value: unknown, field: string, required: boolean): FieldworkCheck {
  if (value === null || value === undefined) return required ? fail('invalid', field, `${field} is required`) : OK;
  if (typeof value !== 'string' || (required && value.trim().length === 0)) return fail('invalid', field, `${field} must be a non-empty string`);
  if (value.length > MAX_TEXT) return fail('invalid', field, `${field} is longer than ${MAX_TEXT} characters`);
  return OK;
}

function checkReference(record: { personId: unknown; gridCode: unknown }): FieldworkCheck {
  if (typeof record.personId !== 'string' || !PERSON_ID_PATTERN.test(record.personId)) {
    return fail('invalid', 'personId', 'personId is 1–40 letters, digits, "-" or "_"');
  }
  if (typeof record.gridCode !== 'string' || !GRID_CODE_PATTERN.test(record.gridCode)) return fail('invalid', 'gridCode', 'a grid code is 15 digits');
  return OK;
}

export function validatePerson(person: PersonRecord): FieldworkCheck {
  if (typeof person.id !== 'string' || !PERSON_ID_PATTERN.test(person.id)) return fail('invalid', 'id', 'id is 1–40 letters, digits, "-" or "_"');
  const name = checkText(person.name, 'name', true);
  if (!name.valid) return name;
  if (!PERSON_KINDS.includes(person.kind)) return fail('invalid', 'kind', `kind is one of ${PERSON_KINDS.join(', ')}`);
  const organisation = checkText(person.organisation, 'organisation', false);
  if (!organisation.valid) return organisation;
  return typeof person.synthetic === 'boolean' ? OK : fail('invalid', 'synthetic', 'synthetic must be true or false');
}

/** `personKind` is null when the person is unknown; `gridExists` false when the grid code is not current. */
export function validateAssignment(assignment: RosterAssignment, facts: { personKind: PersonKind | null; gridExists: boolean; gridHasLeader: boolean }): FieldworkCheck {
  const reference = checkReference(assignment);
  if (!reference.valid) return reference;
  if (!ROSTER_ROLES.includes(assignment.role)) return fail('invalid', 'role', `role is one of ${ROSTER_ROLES.join(', ')}`);
  if (!facts.gridExists) return fail('not_found', 'gridCode', `no current grid ${assignment.gridCode}`);
  if (facts.personKind === null) return fail('not_found', 'personId', `no person ${assignment.personId}`);
  if (!ROLE_KINDS[assignment.role].includes(facts.personKind)) {
    return fail('unprocessable', 'role', `a ${facts.personKind} cannot be ${assignment.role} (allowed: ${ROLE_KINDS[assignment.role].join(', ')})`);
  }
  if (assignment.role === 'grid_leader' && facts.gridHasLeader) return fail('conflict', 'role', `grid ${assignment.gridCode} already has a grid leader`);
  return OK;
}

/** Facts about the person and grid that every contact-day write depends on. */
export interface RosterFacts {
  gridExists: boolean;
  personExists: boolean;
  /** The person's roles on the grid; empty when not on its roster. */
  roles: readonly RosterRole[];
}

function checkRoster(record: { personId: string; gridCode: string }, facts: RosterFacts): FieldworkCheck {
  if (!facts.gridExists) return fail('not_found', 'gridCode', `no current grid ${record.gridCode}`);
  if (!facts.personExists) return fail('not_found', 'personId', `no person ${record.personId}`);
  if (facts.roles.length === 0) return fail('unprocessable', 'personId', `${record.personId} is not on the roster of grid ${record.gridCode}`);
  return OK;
}

export interface SignInFacts extends RosterFacts {
  /** The contact day whose sign-in window holds signedInAt; null when none does. */
  contactDay: ContactDayWindow | null;
  alreadySignedIn: boolean;
  now: Date;
}

export function validateSignIn(signIn: NewSignIn, facts: SignInFacts): FieldworkCheck {
  const reference = checkReference(signIn);
  if (!reference.valid) return reference;
  if (!isIsoInstant(signIn.signedInAt)) return fail('invalid', 'signedInAt', 'signedInAt is an ISO 8601 instant');
  if (Date.parse(signIn.signedInAt) > facts.now.getTime() + CLOCK_SKEW_MS) return fail('unprocessable', 'signedInAt', 'signedInAt is in the future');
  const roster = checkRoster(signIn, facts);
  if (!roster.valid) return roster;
  if (!facts.roles.some((role) => SIGN_IN_ROLES.includes(role))) {
    return fail('unprocessable', 'personId', `${signIn.personId} is on grid ${signIn.gridCode} as a department, which does not sign in`);
  }
  if (!facts.contactDay) return fail('unprocessable', 'signedInAt', `${signIn.signedInAt} is not within a contact day's sign-in window`);
  if (facts.alreadySignedIn) return fail('conflict', 'personId', `${signIn.personId} already signed in to grid ${signIn.gridCode} on ${facts.contactDay.date}`);
  return OK;
}

export interface VisitFacts extends RosterFacts {
  contactDay: ContactDayWindow | null;
  /** Whether the person signed in to the grid on that contact day. */
  signedIn: boolean;
}

export function validateVisit(visit: NewVisit, facts: VisitFacts): FieldworkCheck {
  const reference = checkReference(visit);
  if (!reference.valid) return reference;
  if (typeof visit.contactDate !== 'string' || !DATE_PATTERN.test(visit.contactDate)) return fail('invalid', 'contactDate', 'contactDate is YYYY-MM-DD');
  if (!VISIT_KINDS.includes(visit.kind)) return fail('invalid', 'kind', `kind is one of ${VISIT_KINDS.join(', ')}`);
  if (!Number.isInteger(visit.people) || visit.people < 1 || visit.people > MAX_PEOPLE_PER_VISIT) {
    return fail('invalid', 'people', `people is a whole number 1…${MAX_PEOPLE_PER_VISIT}`);
  }
  if (!Number.isInteger(visit.problemsLogged) || visit.problemsLogged < 0 || visit.problemsLogged > MAX_PEOPLE_PER_VISIT) {
    return fail('invalid', 'problemsLogged', `problemsLogged is a whole number 0…${MAX_PEOPLE_PER_VISIT}`);
  }
  const note = checkText(visit.note, 'note', false);
  if (!note.valid) return note;
  const roster = checkRoster(visit, facts);
  if (!roster.valid) return roster;
  if (!facts.contactDay) return fail('not_found', 'contactDate', `${visit.contactDate} is not a recorded contact day`);
  if (!facts.signedIn) return fail('unprocessable', 'personId', `${visit.personId} did not sign in to grid ${visit.gridCode} on ${visit.contactDate}`);
  return OK;
}

export interface SpotCheckFacts extends RosterFacts {
  contactDay: ContactDayWindow | null;
  alreadyChecked: boolean;
  now: Date;
}

export function validateSpotCheck(check: NewSpotCheck, facts: SpotCheckFacts): FieldworkCheck {
  const reference = checkReference(check);
  if (!reference.valid) return reference;
  if (typeof check.contactDate !== 'string' || !DATE_PATTERN.test(check.contactDate)) return fail('invalid', 'contactDate', 'contactDate is YYYY-MM-DD');
  if (!SPOT_CHECK_RESULTS.includes(check.result)) return fail('invalid', 'result', `result is one of ${SPOT_CHECK_RESULTS.join(', ')}`);
  if (!SPOT_CHECK_ACTIONS.includes(check.action)) return fail('invalid', 'action', `action is one of ${SPOT_CHECK_ACTIONS.join(', ')}`);
  const inspector = checkText(check.inspector, 'inspector', true);
  if (!inspector.valid) return inspector;
  const note = checkText(check.note, 'note', false);
  if (!note.valid) return note;
  if (check.result === 'present' && check.action !== 'none') return fail('unprocessable', 'action', 'a person found present takes no action');
  const roster = checkRoster(check, facts);
  if (!roster.valid) return roster;
  if (!facts.contactDay) return fail('not_found', 'contactDate', `${check.contactDate} is not a contact day`);
  if (Date.parse(facts.contactDay.startsAt) > facts.now.getTime()) return fail('unprocessable', 'contactDate', `the contact day ${check.contactDate} has not begun`);
  if (facts.alreadyChecked) return fail('conflict', 'personId', `${check.personId} was already checked in grid ${check.gridCode} on ${check.contactDate}`);
  return OK;
}
