// The one access decision: may this account do this, here? Pure; the HTTP layer derives the inputs.
import { ROLE_GRANTS, type Permission, type Role } from './roles.ts';

/** Who asks, as far as a decision needs. */
export interface Principal {
  username: string;
  role: Role;
  /** County (6, county leaders only), township (9), village (12) or grid (15 digit) codes the account works in. */
  scopeCodes: readonly string[];
  disabled: boolean;
}

/**
 * Where the request acts: the whole county (no narrower place named), the whole database (every
 * county: the province level), an administrative or grid code, or `unknown` when the place could
 * not be established from the request (malformed input, unknown problem).
 */
export type Scope = { kind: 'county' } | { kind: 'database' } | { kind: 'code'; code: string } | { kind: 'unknown' };

export const COUNTY_SCOPE: Scope = Object.freeze({ kind: 'county' });
export const DATABASE_SCOPE: Scope = Object.freeze({ kind: 'database' });
export const UNKNOWN_SCOPE: Scope = Object.freeze({ kind: 'unknown' });
export const codeScope = (code: string): Scope => ({ kind: 'code', code });

export interface Decision {
  allowed: boolean;
  reason: string;
}

/**
 * Codes nest by prefix (county 6 → township 9 → village 12 → grid 15 digits), so a place lies inside
 * a scope code when the code is a prefix of it.
 */
export function withinScope(code: string, scopeCodes: readonly string[]): boolean {
  return scopeCodes.some((scopeCode) => scopeCode.length > 0 && code.startsWith(scopeCode));
}

export function authorize(principal: Principal | null, permission: Permission, scope: Scope): Decision {
  if (!principal) return { allowed: false, reason: 'sign in first' };
  if (principal.disabled) return { allowed: false, reason: `account ${principal.username} is disabled` };
  const reach = ROLE_GRANTS[principal.role]?.[permission];
  if (!reach) return { allowed: false, reason: `the ${principal.role} role may not ${permission}` };
  if (scope.kind === 'database') {
    // Every county at once: only accounts bound to no place reach that far.
    if (reach === 'county' && principal.scopeCodes.length === 0) return { allowed: true, reason: `${principal.role} holds ${permission} everywhere` };
    return { allowed: false, reason: `${permission} reaches only ${principal.scopeCodes.join(', ') || 'its own places'}, not every county` };
  }
  if (reach === 'county') {
    // A county leader bound to some counties reaches those counties only.
    const counties = principal.scopeCodes.filter((code) => code.length === 6);
    if (counties.length > 0 && scope.kind === 'code' && !withinScope(scope.code, counties)) {
      return { allowed: false, reason: `${scope.code} lies outside the account's counties (${counties.join(', ')})` };
    }
    return { allowed: true, reason: `${principal.role} holds ${permission} county-wide` };
  }
  if (scope.kind === 'county') {
    return { allowed: false, reason: `${permission} reaches only ${principal.scopeCodes.join(', ') || 'no place'}; name a township or grid inside it` };
  }
  if (scope.kind === 'unknown') return { allowed: false, reason: `the place of this request could not be established for ${permission}` };
  if (withinScope(scope.code, principal.scopeCodes)) return { allowed: true, reason: `${scope.code} lies within the account's scope` };
  return { allowed: false, reason: `${scope.code} lies outside the account's scope (${principal.scopeCodes.join(', ') || 'none'})` };
}
