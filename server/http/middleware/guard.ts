// The access guard in front of every API route: who is asking (401 when nobody), whether the policy
// lets them do this here (403 with the reason), writes rate-limited (429), and every write by an
// account recorded in the audit log with its outcome.
import type { Context, MiddlewareHandler } from 'hono';
import { authorize, type Principal } from '../../access/authorize.ts';
import { isGuardedPath, permissionFor, policyMatcher, type PolicyMatcher } from '../../access/policy.ts';
import type { AuditOutcome } from '../../store/access.ts';
import type { GridStore } from '../../store/store.ts';
import type { PointLocator } from '../deps.ts';
import { errorBody } from '../errors.ts';
import { jsonObjectOf } from './body-limit.ts';
import { clientAddress, identify, setRequestAccess, type AccessSettings, type Identity } from './identity.ts';
import { tokenBuckets, tooManyRequests } from './rate-limit.ts';
import { deriveScope } from './scope.ts';

export const DEFAULT_WRITE_LIMIT = { capacity: 120, refillPerSecond: 20 };

export function outcomeOf(status: number): AuditOutcome {
  if (status < 400) return 'ok';
  if (status === 401 || status === 403) return 'denied';
  if (status < 500) return 'refused';
  return 'failed';
}

export function principalOf(identity: Identity | null): Principal | null {
  return identity ? { username: identity.user.username, role: identity.user.role, scopeCodes: identity.user.scopeCodes, disabled: identity.user.disabled } : null;
}

function unauthenticated(c: Context): Response {
  return c.json(errorBody('unauthenticated', 'sign in or send an API token (Authorization: Bearer)', 'authorization'), 401, {
    'WWW-Authenticate': 'Bearer realm="gridmap"',
  });
}

function forbidden(c: Context, reason: string, field: string): Response {
  return c.json(errorBody('forbidden', reason, field), 403);
}

/** The body field or parameter a refusal names, so a client sees what placed the request out of reach. */
function scopeField(source: { from: string; name?: string; names?: readonly string[]; param?: string; lon?: string }): string {
  return source.name ?? source.param ?? source.lon ?? source.names?.[0] ?? 'role';
}

/** A cookie-authenticated write must come from this origin (SameSite covers browsers; this covers the rest). */
function crossOrigin(c: Context): boolean {
  const origin = c.req.header('origin');
  if (!origin || origin === 'null') return origin === 'null';
  try {
    return new URL(origin).host !== (c.req.header('host') ?? new URL(c.req.url).host);
  } catch {
    return true;
  }
}

export interface GuardDeps {
  settings: AccessSettings;
  store: GridStore;
  locator: PointLocator;
  matcher?: PolicyMatcher;
}

/** authorize(policy) as Hono middleware. */
export function accessGuard(deps: GuardDeps): MiddlewareHandler {
  const { settings } = deps;
  const matcher = deps.matcher ?? policyMatcher();
  const writes = tokenBuckets(settings.writeLimit ?? DEFAULT_WRITE_LIMIT, settings.clock);

  return async (c, next) => {
    const path = c.req.path;
    if (!isGuardedPath(path)) return next();
    const address = clientAddress(c, settings.trustProxy ?? false);
    const identity = await identify(settings.store, (name) => c.req.header(name));
    const match = matcher.match(c.req.method, path);
    setRequestAccess(c, { identity, address, rule: match?.rule ?? null });
    if (match?.rule.permission === 'public') return next();
    if (!identity) return unauthenticated(c);

    const audit = async (status: number, detail: string | null) => {
      await settings.store.appendAudit({
        actor: identity.user.username,
        via: identity.via,
        action: `${c.req.method} ${match?.rule.pattern ?? path}`,
        target: path,
        outcome: outcomeOf(status),
        status,
        address,
        detail,
      });
    };
    const isWrite = match ? match.rule.write : !['GET', 'HEAD'].includes(c.req.method);
    if (!match) {
      const reason = `no access rule allows ${c.req.method} ${path}`;
      if (isWrite) await audit(403, reason);
      return forbidden(c, reason, 'path');
    }
    if (isWrite) {
      const taken = writes.take(`${identity.via}:${identity.user.id}`);
      if (!taken.allowed) return tooManyRequests(c, taken.retryAfterSeconds);
      if (identity.via === 'session' && crossOrigin(c)) {
        await audit(403, 'cross-origin write');
        return forbidden(c, 'writes with a session cookie must come from this origin', 'origin');
      }
    }

    const { rule } = match;
    const needsBody = rule.permissionByAction !== undefined || rule.scope.from === 'body' || rule.scope.from === 'point';
    const body = needsBody ? await jsonObjectOf(c) : undefined;
    const permission = permissionFor(rule, body?.action);
    if (permission === 'public') return next();
    const scope = await deriveScope(c, rule.scope, { params: match.params, body, store: deps.store, locator: deps.locator });
    const decision = authorize(principalOf(identity), permission, scope);
    if (!decision.allowed) {
      if (isWrite) await audit(403, `${permission}: ${decision.reason}`);
      return forbidden(c, decision.reason, decision.reason.includes('role') ? 'role' : scopeField(rule.scope));
    }
    await next();
    if (isWrite) await audit(c.res.status, permission);
  };
}
