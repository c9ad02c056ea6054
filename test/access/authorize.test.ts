import { describe, expect, it } from 'vitest';
import { authorize, codeScope, COUNTY_SCOPE, UNKNOWN_SCOPE, withinScope, type Principal } from '../../server/access/authorize.ts';
import { permissionFor, policyMatcher, ROUTE_POLICY, TRANSITION_PERMISSIONS } from '../../server/access/policy.ts';
import { PERMISSIONS, ROLE_GRANTS, ROLES, validateScopeCodes, type Role } from '../../server/access/roles.ts';
import { TRANSITION_ACTIONS } from '../../server/ledger/transitions.ts';

const GRID_A = '360121100001001';
const GRID_OTHER_TOWNSHIP = '360121101001001';

function principal(role: Role, scopeCodes: string[] = [], disabled = false): Principal {
  return { username: role, role, scopeCodes, disabled };
}

describe('authorize', () => {
  it('refuses nobody signed in and disabled accounts whatever the role', () => {
    expect(authorize(null, 'map:read', COUNTY_SCOPE)).toMatchObject({ allowed: false, reason: 'sign in first' });
    expect(authorize(principal('admin', [], true), 'map:read', COUNTY_SCOPE).allowed).toBe(false);
  });

  it('lets a viewer read the map and nothing more', () => {
    const viewer = principal('viewer');
    expect(authorize(viewer, 'map:read', COUNTY_SCOPE).allowed).toBe(true);
    for (const permission of PERMISSIONS.filter((p) => p !== 'map:read' && p !== 'self')) {
      const decision = authorize(viewer, permission, codeScope(GRID_A));
      expect(decision.allowed).toBe(false);
      expect(decision.reason).toContain('viewer role');
    }
  });

  it('keeps a grid cadre to their grids', () => {
    const cadre = principal('grid_cadre', [GRID_A]);
    expect(authorize(cadre, 'issue:work', codeScope(GRID_A)).allowed).toBe(true);
    expect(authorize(cadre, 'issue:work', codeScope('360121100002001')).allowed).toBe(false);
    // The township holding the grid is wider than the grid.
    expect(authorize(cadre, 'records:read', codeScope('360121100')).allowed).toBe(false);
    expect(authorize(cadre, 'records:read', COUNTY_SCOPE).allowed).toBe(false);
    expect(authorize(cadre, 'issue:dispatch', codeScope(GRID_A)).allowed).toBe(false);
    expect(authorize(cadre, 'issue:work', UNKNOWN_SCOPE).allowed).toBe(false);
  });

  it('keeps a township operator to their township, every grid in it included', () => {
    const operator = principal('township_operator', ['360121100']);
    expect(authorize(operator, 'issue:dispatch', codeScope(GRID_A)).allowed).toBe(true);
    expect(authorize(operator, 'issue:escalate', codeScope('360121100')).allowed).toBe(true);
    const outside = authorize(operator, 'issue:dispatch', codeScope(GRID_OTHER_TOWNSHIP));
    expect(outside).toMatchObject({ allowed: false });
    expect(outside.reason).toContain('outside');
    expect(authorize(operator, 'plan:edit', codeScope('360121100')).allowed).toBe(false);
  });

  it('gives the planner plan edits in their township only', () => {
    const planner = principal('township_planner', ['360121100']);
    expect(authorize(planner, 'plan:edit', codeScope('360121100')).allowed).toBe(true);
    expect(authorize(planner, 'plan:edit', codeScope('360121101')).allowed).toBe(false);
    expect(authorize(planner, 'issue:work', codeScope(GRID_A)).allowed).toBe(false);
  });

  it('lets a county leader read everything and escalate anywhere, but not dispatch', () => {
    const leader = principal('county_leader');
    expect(authorize(leader, 'records:read', COUNTY_SCOPE).allowed).toBe(true);
    expect(authorize(leader, 'issue:escalate', codeScope(GRID_OTHER_TOWNSHIP)).allowed).toBe(true);
    expect(authorize(leader, 'issue:dispatch', codeScope(GRID_A)).allowed).toBe(false);
    expect(authorize(leader, 'users:manage', COUNTY_SCOPE).allowed).toBe(false);
  });

  it('keeps account management to administrators', () => {
    for (const role of ROLES) {
      expect(authorize(principal(role), 'users:manage', COUNTY_SCOPE).allowed).toBe(role === 'admin');
      expect(authorize(principal(role), 'audit:read', COUNTY_SCOPE).allowed).toBe(role === 'admin');
    }
  });

  it('matches scope codes by prefix only', () => {
    expect(withinScope(GRID_A, ['360121100'])).toBe(true);
    expect(withinScope('360121100', [GRID_A])).toBe(false);
    expect(withinScope(GRID_A, [''])).toBe(false);
  });
});

describe('scope codes', () => {
  it('fit the role', () => {
    expect(validateScopeCodes('grid_cadre', [GRID_A]).valid).toBe(true);
    expect(validateScopeCodes('grid_cadre', []).valid).toBe(false);
    expect(validateScopeCodes('township_operator', [GRID_A]).valid).toBe(false);
    expect(validateScopeCodes('township_operator', ['360121100']).valid).toBe(true);
    expect(validateScopeCodes('county_leader', ['360121100']).valid).toBe(false);
    expect(validateScopeCodes('viewer', []).valid).toBe(true);
  });
});

describe('route policy', () => {
  const matcher = policyMatcher();

  it('puts literal paths ahead of parameters', () => {
    expect(matcher.match('GET', '/api/issues/export.csv')?.rule.permission).toBe('records:read');
    expect(matcher.match('GET', '/api/issues/points')?.rule.permission).toBe('map:read');
    expect(matcher.match('GET', '/api/issues/12')?.rule.permission).toBe('map:read');
    expect(matcher.match('GET', `/api/grids/${GRID_A}/roster`)).toMatchObject({ rule: { permission: 'records:read' }, params: { code: GRID_A } });
    expect(matcher.match('HEAD', '/api/townships')?.rule.pattern).toBe('/api/townships');
  });

  it('lists nothing it does not know', () => {
    expect(matcher.match('DELETE', '/api/townships')).toBeNull();
    expect(matcher.match('GET', '/api/townships/')).toBeNull();
    expect(matcher.match('GET', '/api/secret')).toBeNull();
    expect(matcher.knowsPath('/api/townships')).toBe(true);
  });

  it('asks each transition for its own permission', () => {
    expect(Object.keys(TRANSITION_PERMISSIONS).sort()).toEqual([...TRANSITION_ACTIONS].sort());
    const rule = matcher.match('POST', '/api/issues/3/transitions')!.rule;
    expect(permissionFor(rule, 'dispatch')).toBe('issue:dispatch');
    expect(permissionFor(rule, 'escalate')).toBe('issue:escalate');
    expect(permissionFor(rule, 'toString')).toBe('issue:work');
    expect(permissionFor(rule, 42)).toBe('issue:work');
  });

  it('rate-limits and audits every non-GET rule', () => {
    for (const rule of ROUTE_POLICY) expect(rule.write).toBe(rule.method !== 'GET');
  });

  it('grants only known permissions', () => {
    for (const grants of Object.values(ROLE_GRANTS)) {
      for (const permission of Object.keys(grants)) expect(PERMISSIONS).toContain(permission);
    }
  });
});
