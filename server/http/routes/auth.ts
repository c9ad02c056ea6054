// Signing in and out: POST /api/auth/login (username + password, or an API token exchanged for a
// session so a browser wall display can open the event stream), POST /api/auth/logout, GET /api/auth/me.
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AccessStore, UserRecord } from '../../store/access.ts';
import { ROLE_GRANTS } from '../../access/roles.ts';
import { hashPassword, newSecret, secretHash, verifyPassword, MAX_PASSWORD_LENGTH } from '../../access/secrets.ts';
import { errorBody, guardMethods } from '../errors.ts';
import { jsonBody } from '../body.ts';
import { tokenBuckets, tooManyRequests } from '../middleware/rate-limit.ts';
import { clientAddress, isHttps, requestAccessOf, SESSION_COOKIE, type AccessSettings } from '../middleware/identity.ts';

export const DEFAULT_LOGIN_LIMIT = { capacity: 10, refillPerSecond: 1 / 6 };
const DEFAULT_SESSION_HOURS = 12;

const loginBody = z.union([
  z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(MAX_PASSWORD_LENGTH) }),
  z.strictObject({ token: z.string().min(1).max(100) }),
]);

/** An account as the API shows it: never a hash. */
export function publicUser(user: UserRecord) {
  return {
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    scopeCodes: user.scopeCodes,
    disabled: user.disabled,
    createdAt: user.createdAt,
    createdBy: user.createdBy,
    updatedAt: user.updatedAt,
    updatedBy: user.updatedBy,
  };
}

function sessionCookie(c: Context, settings: AccessSettings, value: string, maxAgeSeconds: number): string {
  const secure = isHttps(c, settings) ? '; Secure' : '';
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`;
}

export function authRoutes(settings: AccessSettings, options: { now?: () => Date } = {}) {
  const store: AccessStore = settings.store;
  const now = () => options.now?.() ?? new Date();
  const logins = tokenBuckets(settings.loginLimit ?? DEFAULT_LOGIN_LIMIT, settings.clock);
  const sessionHours = settings.sessionHours ?? DEFAULT_SESSION_HOURS;
  // Verifying against this when the account is unknown keeps the answer time the same.
  let decoy: Promise<string> | undefined;

  const router = new Hono()
    .post('/login', async (c, next) => {
      const address = clientAddress(c, settings.trustProxy ?? false);
      const taken = logins.take(address ?? 'unknown');
      if (!taken.allowed) return tooManyRequests(c, taken.retryAfterSeconds);
      await next();
    }, jsonBody(loginBody), async (c) => {
      const input = c.req.valid('json');
      const address = clientAddress(c, settings.trustProxy ?? false);
      let user: UserRecord | null = null;
      let attempted: string;
      if ('token' in input) {
        attempted = 'token';
        user = await store.tokenUser(secretHash(input.token));
      } else {
        attempted = input.username;
        const stored = await store.passwordHashOf(input.username);
        const matches = await verifyPassword(input.password, stored ?? (await (decoy ??= hashPassword(newSecret()))));
        const candidate = stored && matches ? await store.getUser(input.username) : null;
        user = candidate && !candidate.disabled ? candidate : null;
      }
      await store.appendAudit({
        actor: user?.username ?? attempted,
        via: 'token' in input ? 'token' : 'anonymous',
        action: 'POST /api/auth/login',
        target: user?.username ?? attempted,
        outcome: user ? 'ok' : 'denied',
        status: user ? 200 : 401,
        address,
        detail: user ? 'session opened' : 'credentials refused',
      });
      if (!user) {
        const field = 'token' in input ? 'token' : 'password';
        return c.json(errorBody('invalid_credentials', 'unknown account, wrong password, or a disabled account', field), 401);
      }
      const secret = newSecret();
      const expiresAt = new Date(now().getTime() + sessionHours * 3_600_000).toISOString();
      await store.createSession(secretHash(secret), user.id, expiresAt);
      c.header('Set-Cookie', sessionCookie(c, settings, secret, sessionHours * 3600));
      c.header('Cache-Control', 'no-store');
      return c.json({ user: publicUser(user), expiresAt });
    })
    .post('/logout', async (c) => {
      const identity = requestAccessOf(c)?.identity;
      if (identity?.sessionHash) await store.revokeSession(identity.sessionHash);
      c.header('Set-Cookie', sessionCookie(c, settings, '', 0));
      return c.json({ signedOut: true });
    })
    // Public, so a signed-out browser learns it must sign in from a 200 rather than a failed request.
    .get('/session', (c) => {
      const identity = requestAccessOf(c)?.identity;
      c.header('Cache-Control', 'no-store');
      if (!identity) return c.json({ access: 'on' as const, user: null });
      return c.json({ access: 'on' as const, user: publicUser(identity.user), via: identity.via, permissions: ROLE_GRANTS[identity.user.role] });
    })
    .get('/me', (c) => {
      const identity = requestAccessOf(c)?.identity;
      if (!identity) return c.json(errorBody('unauthenticated', 'sign in first', 'authorization'), 401);
      const grants = ROLE_GRANTS[identity.user.role];
      c.header('Cache-Control', 'no-store');
      return c.json({ user: publicUser(identity.user), via: identity.via, permissions: grants });
    });
  return guardMethods(router, { '/login': ['POST'], '/logout': ['POST'], '/me': ['GET'], '/session': ['GET'] });
}

/** Without access control there is nobody to sign in: the web app asks once and shows everything. */
export function openAuthRoutes() {
  const router = new Hono().get('/session', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ access: 'off' as const });
  });
  return guardMethods(router, { '/session': ['GET'] });
}

/** GET /api/auth/session: whether access control is on and, if so, who is signed in. */
export type SessionAnswer =
  | { access: 'off' }
  | { access: 'on'; user: null }
  | { access: 'on'; user: ReturnType<typeof publicUser>; via: 'session' | 'token'; permissions: (typeof ROLE_GRANTS)[keyof typeof ROLE_GRANTS] };
