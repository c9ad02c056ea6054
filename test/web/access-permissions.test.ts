// The web app hides controls with `can` from the permissions /api/auth/session gives; it must agree
// with the server's own decision (`authorize`) for every role, permission and place, so the UI
// neither offers what the server refuses nor hides what it allows.
import { describe, expect, it } from 'vitest';
import { can, type SessionState } from '../../web/src/api/access.ts';
import { authorize, codeScope, COUNTY_SCOPE } from '../../server/access/authorize.ts';
import { PERMISSIONS, ROLE_GRANTS, ROLES, type Role } from '../../server/access/roles.ts';

const TOWNSHIP = '360121100';
const GRID = '360121100001001';
const SCOPES: Record<Role, string[]> = {
  viewer: [],
  grid_cadre: [GRID],
  township_operator: [TOWNSHIP],
  township_planner: [TOWNSHIP],
  county_leader: [],
  admin: [],
};
const PLACES = [null, TOWNSHIP, GRID, '360121101', '360121101002003', '360121100001002'];

function signedIn(role: Role): SessionState {
  const user = { username: role, displayName: role, role, scopeCodes: SCOPES[role], disabled: false, createdAt: '', createdBy: 'test', updatedAt: '', updatedBy: 'test' };
  return { phase: 'signed-in', session: { access: 'on', user, via: 'session', permissions: ROLE_GRANTS[role] } };
}

describe('can (web) agrees with authorize (server)', () => {
  it('for every role, permission and place', () => {
    const disagreements: string[] = [];
    for (const role of ROLES) {
      const session = signedIn(role);
      const principal = { username: role, role, scopeCodes: SCOPES[role], disabled: false };
      for (const permission of PERMISSIONS) {
        for (const place of PLACES) {
          const server = authorize(principal, permission, place === null ? COUNTY_SCOPE : codeScope(place)).allowed;
          if (can(session, permission, place) !== server) disagreements.push(`${role} ${permission} ${place ?? 'county'}: server ${server}`);
        }
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('shows everything without access control and nothing while signed out or unknown', () => {
    expect(can({ phase: 'open' }, 'plan:edit', TOWNSHIP)).toBe(true);
    expect(can({ phase: 'signed-out', notice: null }, 'map:read')).toBe(false);
    expect(can({ phase: 'checking' }, 'map:read')).toBe(false);
  });
});
