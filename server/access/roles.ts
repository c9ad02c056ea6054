// Roles, permissions and which role holds which permission at which reach, as plain data.

export const ROLES = ['viewer', 'grid_cadre', 'township_operator', 'township_planner', 'county_leader', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  /** Maps, territory, figures, problem points, the event stream: nothing about a person. */
  'map:read',
  /** Rosters, ledgers, exports, Open311 requests: names of people and what they reported. */
  'records:read',
  /** File a new problem. */
  'issue:report',
  /** Accept, reject, start, handle and comment on a problem (the grid's own work). */
  'issue:work',
  /** Dispatch, verify, rework, close, return, extend, long-term listing, de-escalation. */
  'issue:dispatch',
  /** Hand a problem up a tier. */
  'issue:escalate',
  /** Contact-day sign-ins and visits. */
  'fieldwork:record',
  /** Spot checks of attendance. */
  'fieldwork:inspect',
  /** Grid-plan edits. */
  'plan:edit',
  /** Accounts and API tokens. */
  'users:manage',
  /** The audit log. */
  'audit:read',
  /** One's own account: who am I, log out. */
  'self',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** `county`: anywhere; `own`: only inside the account's scope codes (its townships or grids). */
export type Reach = 'county' | 'own';

export const ROLE_GRANTS: Readonly<Record<Role, Readonly<Partial<Record<Permission, Reach>>>>> = {
  viewer: { 'map:read': 'county', self: 'county' },
  grid_cadre: {
    'map:read': 'county', self: 'county',
    'records:read': 'own', 'issue:report': 'own', 'issue:work': 'own', 'fieldwork:record': 'own',
  },
  township_operator: {
    'map:read': 'county', self: 'county',
    'records:read': 'own', 'issue:report': 'own', 'issue:work': 'own', 'issue:dispatch': 'own', 'issue:escalate': 'own',
    'fieldwork:record': 'own', 'fieldwork:inspect': 'own',
  },
  township_planner: { 'map:read': 'county', self: 'county', 'records:read': 'own', 'plan:edit': 'own' },
  county_leader: {
    'map:read': 'county', self: 'county', 'records:read': 'county', 'issue:escalate': 'county', 'fieldwork:inspect': 'county',
  },
  admin: { 'map:read': 'county', self: 'county', 'records:read': 'county', 'users:manage': 'county', 'audit:read': 'county' },
};

/** Length of the codes a role's scope is made of: townships (9 digits) or grids (15; villages, 12, too). */
export const SCOPE_CODE_LENGTHS: Readonly<Record<Role, readonly number[]>> = {
  viewer: [],
  grid_cadre: [12, 15],
  township_operator: [9],
  township_planner: [9],
  county_leader: [],
  admin: [],
};

/** Scope codes a role may name but need not: a county leader reaches every county, or only the counties (6 digits) named. */
export const OPTIONAL_SCOPE_CODE_LENGTHS: Readonly<Partial<Record<Role, readonly number[]>>> = {
  county_leader: [6],
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Whether a role's scope codes are well formed for it: `{ valid, reason }`. */
export function validateScopeCodes(role: Role, codes: readonly string[]): { valid: boolean; reason?: string } {
  const optional = OPTIONAL_SCOPE_CODE_LENGTHS[role];
  if (optional) {
    const wrong = codes.find((code) => !/^\d+$/.test(code) || !optional.includes(code.length));
    return wrong === undefined ? { valid: true } : { valid: false, reason: `scope code ${JSON.stringify(wrong)} is not ${optional.join(' or ')} digits` };
  }
  const lengths = SCOPE_CODE_LENGTHS[role];
  if (lengths.length === 0) {
    return codes.length === 0 ? { valid: true } : { valid: false, reason: `a ${role} reaches the whole county and takes no scope codes` };
  }
  if (codes.length === 0) return { valid: false, reason: `a ${role} needs at least one code of ${lengths.join(' or ')} digits` };
  for (const code of codes) {
    if (!/^\d+$/.test(code) || !lengths.includes(code.length)) {
      return { valid: false, reason: `scope code ${JSON.stringify(code)} is not ${lengths.join(' or ')} digits` };
    }
  }
  return { valid: true };
}
