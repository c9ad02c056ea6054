// Plain records of the fieldwork ledger: people, the per-grid roster ("1+2+4+2+X"), contact days,
// sign-ins, visits and supervisors' spot checks.
import type { ContactDayWindow } from './calendar.ts';

/** What a roster entry is: county-level leaders, cadres of county offices, party members, departments, volunteers. */
export type PersonKind = 'county_leader' | 'cadre' | 'party_member' | 'department' | 'volunteer';
export const PERSON_KINDS: readonly PersonKind[] = ['county_leader', 'cadre', 'party_member', 'department', 'volunteer'];

/** A role on a grid's roster; the order is the "1+2+4+2+X" pattern, 网格长 first. */
export type RosterRole = 'grid_leader' | 'cadre' | 'party_member' | 'department' | 'volunteer';
export const ROSTER_ROLES: readonly RosterRole[] = ['grid_leader', 'cadre', 'party_member', 'department', 'volunteer'];

export const ROSTER_ROLE_LABELS: Readonly<Record<RosterRole, string>> = {
  grid_leader: '网格长',
  cadre: '驻格干部',
  party_member: '党员',
  department: '职能部门',
  volunteer: '志愿者',
};

/** The pattern's minimum per grid ("1+2+4+2+X": X volunteers, any number). */
export const ROSTER_PATTERN: Readonly<Record<RosterRole, number>> = {
  grid_leader: 1,
  cadre: 2,
  party_member: 4,
  department: 2,
  volunteer: 0,
};

export interface PersonRecord {
  /** Stable identifier, 1–40 characters of letters, digits, '-' or '_'. */
  id: string;
  name: string;
  kind: PersonKind;
  /** Work unit (cadres) or a short description; null when none. */
  organisation: string | null;
  synthetic: boolean;
}

export interface RosterAssignment {
  gridCode: string;
  personId: string;
  role: RosterRole;
}

export type ContactDayRecord = ContactDayWindow;

export interface NewSignIn {
  personId: string;
  gridCode: string;
  /** ISO 8601 instant; it fixes the contact day. */
  signedInAt: string;
  synthetic: boolean;
}

export type VisitKind = 'received' | 'visited';
export const VISIT_KINDS: readonly VisitKind[] = ['received', 'visited'];

/** People received at the grid point (接待) or visited at home (走访) by a signed-in person on a contact day. */
export interface NewVisit {
  contactDate: string;
  gridCode: string;
  personId: string;
  kind: VisitKind;
  people: number;
  problemsLogged: number;
  note: string | null;
  synthetic: boolean;
}

export type SpotCheckResult = 'present' | 'late' | 'absent' | 'off_post';
export const SPOT_CHECK_RESULTS: readonly SpotCheckResult[] = ['present', 'late', 'absent', 'off_post'];

/** Action taken after a spot check, mildest first; the last three are disciplinary (处理). */
export type SpotCheckAction = 'none' | 'reminder' | 'criticism' | 'public_apology' | 'suspension';
export const SPOT_CHECK_ACTIONS: readonly SpotCheckAction[] = ['none', 'reminder', 'criticism', 'public_apology', 'suspension'];
export const DISCIPLINARY_ACTIONS: readonly SpotCheckAction[] = ['criticism', 'public_apology', 'suspension'];

export interface NewSpotCheck {
  contactDate: string;
  gridCode: string;
  personId: string;
  result: SpotCheckResult;
  action: SpotCheckAction;
  /** The supervisor or inspection group that checked. */
  inspector: string;
  note: string | null;
  synthetic: boolean;
}

/** The fieldwork part of a dataset, stored with it in the seeding transaction. */
export interface FieldworkDataset {
  people: PersonRecord[];
  roster: RosterAssignment[];
  contactDays: ContactDayRecord[];
  signIns: NewSignIn[];
  visits: NewVisit[];
  spotChecks: NewSpotCheck[];
}
