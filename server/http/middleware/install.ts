// Puts access control in front of an app: security headers on every answer, a body limit, and the
// access guard on /api and /open311, with the matching gate for the cached-layer fast path.
import type { Hono } from 'hono';
import { authorize, COUNTY_SCOPE } from '../../access/authorize.ts';
import { policyMatcher } from '../../access/policy.ts';
import type { GridStore } from '../../store/store.ts';
import type { PointLocator } from '../deps.ts';
import { bodyLimit, DEFAULT_MAX_BODY_BYTES } from './body-limit.ts';
import { markGated, setFastPathGate } from './fast-path.ts';
import { accessGuard, principalOf } from './guard.ts';
import { identifySync, type AccessSettings } from './identity.ts';
import { SECURITY_HEADERS, securityHeaders } from './security-headers.ts';
import { signedOutPage } from './signed-out-page.ts';

export function installAccess(app: Hono<any, any, any>, deps: { settings: AccessSettings; store: GridStore; locator: PointLocator }): void {
  const matcher = policyMatcher();
  app.use('*', markGated(securityHeaders()));
  const maxBodyBytes = deps.settings.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  app.use('*', markGated(bodyLimit((c) => Math.max(maxBodyBytes, matcher.match(c.req.method, c.req.path)?.rule.maxBodyBytes ?? 0))));
  app.use('*', markGated(accessGuard({ ...deps, matcher })));
  app.use('*', markGated(signedOutPage(deps.settings)));
  setFastPathGate(app, (headers, path) => {
    const match = matcher.match('GET', path);
    if (!match || match.rule.scope.from !== 'county' || match.rule.write) return null;
    if (match.rule.permission !== 'public') {
      const identity = identifySync(deps.settings.store, headers);
      if (!identity) return null;
      if (!authorize(principalOf(identity), match.rule.permission, COUNTY_SCOPE).allowed) return null;
    }
    return SECURITY_HEADERS;
  });
}
