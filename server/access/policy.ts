// The access policy as data: for every route (method + path pattern) the permission it needs and
// where the place it acts on comes from. Routes not listed are refused (deny by default).
import type { Permission } from './roles.ts';
import type { TransitionAction } from '../ledger/types.ts';

export type PolicyMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Where a request's place (township, village or grid code) is read from. */
export type ScopeSource =
  /** The whole county: no narrower place. */
  | { from: 'county' }
  /** Figures by level: the whole database for `level=province`, otherwise the county. */
  | { from: 'level' }
  /** A path parameter holding a code. */
  | { from: 'param'; name: string }
  /** The first query parameter present, in order; the county when none is. */
  | { from: 'query'; names: readonly string[] }
  /** A string field of the JSON body holding a code. */
  | { from: 'body'; name: string }
  /** The stored grid of the problem whose id is the path parameter (`123` or `123.json`). */
  | { from: 'issue'; param: string }
  /** The grid located at a WGS84 point given by two body fields (JSON or form). */
  | { from: 'point'; lon: string; lat: string };

export interface RouteRule {
  method: PolicyMethod;
  /** Hono-style pattern: `:name` is one segment, a trailing `*` any rest. */
  pattern: string;
  /** `public`: no account needed. */
  permission: Permission | 'public';
  /** When the permission depends on the body's `action` field (problem transitions). */
  permissionByAction?: Readonly<Record<string, Permission>>;
  scope: ScopeSource;
  /** Writes are rate-limited and recorded in the audit log. */
  write: boolean;
  /** A larger body than the app-wide limit, for routes that take one (the route keeps its own limit). */
  maxBodyBytes?: number;
}

const COUNTY = { from: 'county' } as const;

/** Which permission each transition of the problem lifecycle needs. */
export const TRANSITION_PERMISSIONS: Readonly<Record<TransitionAction, Permission>> = {
  accept: 'issue:work',
  reject: 'issue:work',
  start: 'issue:work',
  handle: 'issue:work',
  comment: 'issue:work',
  dispatch: 'issue:dispatch',
  verify: 'issue:dispatch',
  rework: 'issue:dispatch',
  close: 'issue:dispatch',
  return: 'issue:dispatch',
  extend: 'issue:dispatch',
  long_term: 'issue:dispatch',
  deescalate: 'issue:dispatch',
  escalate: 'issue:escalate',
};

const read = (pattern: string, permission: Permission | 'public' = 'map:read', scope: ScopeSource = COUNTY): RouteRule => ({
  method: 'GET', pattern, permission, scope, write: false,
});
const write = (method: PolicyMethod, pattern: string, permission: Permission | 'public', scope: ScopeSource = COUNTY): RouteRule => ({
  method, pattern, permission, scope, write: true,
});

/** Ordered: the first matching rule applies, so literal paths come before parameters. */
export const ROUTE_POLICY: readonly RouteRule[] = [
  read('/api/health', 'public'),
  write('POST', '/api/auth/login', 'public'),
  write('POST', '/api/auth/logout', 'self'),
  read('/api/auth/me', 'self'),
  read('/api/auth/session', 'public'),

  read('/api/province'),
  read('/api/counties'),
  read('/api/townships'),
  read('/api/villages'),
  read('/api/grids'),
  read('/api/grids/:code/roster', 'records:read', { from: 'param', name: 'code' }),
  read('/api/grids/:code'),
  read('/api/blocks'),
  read('/api/basemap/*'),
  read('/api/stats', 'map:read', { from: 'level' }),
  read('/api/stats/trend', 'map:read', { from: 'level' }),
  read('/api/events'),
  read('/api/contact-days'),
  read('/api/fieldwork/stats'),

  read('/api/issues'),
  read('/api/issues/points'),
  read('/api/issues/export.csv', 'records:read', { from: 'query', names: ['grid', 'township'] }),
  read('/api/issues/:id/ledger', 'records:read', { from: 'issue', param: 'id' }),
  read('/api/issues/:id'),
  write('POST', '/api/issues', 'issue:report', { from: 'point', lon: 'lon', lat: 'lat' }),
  {
    ...write('POST', '/api/issues/:id/transitions', 'issue:work', { from: 'issue', param: 'id' }),
    permissionByAction: TRANSITION_PERMISSIONS,
  },

  write('POST', '/api/contact-days/sign-ins', 'fieldwork:record', { from: 'body', name: 'gridCode' }),
  write('POST', '/api/visits', 'fieldwork:record', { from: 'body', name: 'gridCode' }),
  write('POST', '/api/spot-checks', 'fieldwork:inspect', { from: 'body', name: 'gridCode' }),

  // Grid-plan editing: reading a township's plan is map data; saving, rolling back and proposing
  // a rebalance take the township planner of that township. Changesets may name thousands of blocks.
  read('/api/townships/:code/plan*', 'map:read'),
  { ...write('POST', '/api/townships/:code/plan*', 'plan:edit', { from: 'param', name: 'code' }), maxBodyBytes: 4 * 1024 * 1024 },

  read('/api/admin/users', 'users:manage'),
  write('POST', '/api/admin/users', 'users:manage'),
  write('PATCH', '/api/admin/users/:username', 'users:manage'),
  write('DELETE', '/api/admin/users/:username', 'users:manage'),
  read('/api/admin/tokens', 'users:manage'),
  write('POST', '/api/admin/tokens', 'users:manage'),
  write('DELETE', '/api/admin/tokens/:id', 'users:manage'),
  read('/api/admin/audit', 'audit:read'),

  read('/api/export/problems*', 'records:read', { from: 'query', names: ['grid', 'township'] }),
  read('/api/export/:file'),
  read('/ogc/*'),
  read('/tiles/*'),

  read('/open311/v2/services.json'),
  read('/open311/v2/services/:file'),
  read('/open311/v2/requests.json', 'records:read'),
  read('/open311/v2/requests/:file', 'records:read', { from: 'issue', param: 'file' }),
  write('POST', '/open311/v2/requests.json', 'issue:report', { from: 'point', lon: 'long', lat: 'lat' }),
];

const GUARDED_PREFIXES = ['/api', '/open311', '/ogc', '/tiles'];

/** Paths the policy guards; everything else (the web app's files) is served to anyone. */
export function isGuardedPath(path: string): boolean {
  return GUARDED_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

interface CompiledRule {
  rule: RouteRule;
  regex: RegExp;
  names: string[];
}

function compile(rule: RouteRule): CompiledRule {
  const names: string[] = [];
  let source = '';
  // `/x/*`: /x and anything below it; `/x*`: /x, /x/… and /x.…
  const anyBelow = rule.pattern.endsWith('/*');
  const pattern = anyBelow ? rule.pattern.slice(0, -2) : rule.pattern.endsWith('*') ? rule.pattern.slice(0, -1) : rule.pattern;
  for (const segment of pattern.split('/').slice(1)) {
    if (segment.startsWith(':')) {
      names.push(segment.slice(1));
      source += '/([^/]+)';
    } else {
      source += `/${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
    }
  }
  source += anyBelow ? '(?:/.*)?' : rule.pattern.endsWith('*') ? '(?:[/.].*)?' : '';
  return { rule, regex: new RegExp(`^${source}$`), names };
}

export interface RouteMatch {
  rule: RouteRule;
  params: Record<string, string>;
}

/** A matcher over a policy table; HEAD is answered like GET. */
export function policyMatcher(policy: readonly RouteRule[] = ROUTE_POLICY) {
  const compiled = policy.map(compile);
  return {
    /** The rule for this method and path, or null when the path is listed for other methods only or not at all. */
    match(method: string, path: string): RouteMatch | null {
      const asked = method === 'HEAD' ? 'GET' : method;
      for (const entry of compiled) {
        if (entry.rule.method !== asked) continue;
        const found = entry.regex.exec(path);
        if (!found) continue;
        const params: Record<string, string> = {};
        entry.names.forEach((name, index) => {
          params[name] = found[index + 1];
        });
        return { rule: entry.rule, params };
      }
      return null;
    },
    /** Whether some method of the path is listed (an unlisted method then earns the route's own 405). */
    knowsPath(path: string): boolean {
      return compiled.some((entry) => entry.regex.test(path));
    },
  };
}

export type PolicyMatcher = ReturnType<typeof policyMatcher>;

/** The permission a matched rule asks for, given the request's `action` (transitions). */
export function permissionFor(rule: RouteRule, action: unknown): Permission | 'public' {
  if (rule.permissionByAction && typeof action === 'string' && Object.hasOwn(rule.permissionByAction, action)) {
    return rule.permissionByAction[action];
  }
  return rule.permission;
}
