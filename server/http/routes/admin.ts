// Administration: accounts (list, create, change, disable), API tokens (create — the secret is shown
// once — list, revoke) and the audit log. Every change names the administrator who made it.
import { Hono, type Context } from 'hono';
import { validator } from 'hono/validator';
import { z } from 'zod';
import { AccessError, type AccessStore, type UserRecord } from '../../store/access.ts';
import { ROLES, validateScopeCodes, type Role } from '../../access/roles.ts';
import { hashPassword, newSecret, secretHash, validatePassword, MAX_PASSWORD_LENGTH, type ScryptParameters } from '../../access/secrets.ts';
import { ApiError, guardMethods } from '../errors.ts';
import { jsonBody } from '../body.ts';
import { parseInput } from '../schemas.ts';
import { requestAccessOf } from '../middleware/identity.ts';
import { publicUser } from './auth.ts';

const username = z.string().regex(/^[\w.@-]{1,64}$/, 'a username is 1–64 letters, digits, _ . @ or -');
const role = z.enum(ROLES);
const scopeCodes = z.array(z.string().max(15)).max(500);
const password = z.string().max(MAX_PASSWORD_LENGTH);

const newUserBody = z.strictObject({
  username,
  displayName: z.string().trim().min(1).max(100),
  role,
  scopeCodes: scopeCodes.default([]),
  /** Absent: the account signs in by API token only. */
  password: password.optional(),
});

const userChangesBody = z.strictObject({
  displayName: z.string().trim().min(1).max(100).optional(),
  role: role.optional(),
  scopeCodes: scopeCodes.optional(),
  disabled: z.boolean().optional(),
  password: password.optional(),
});

const newTokenBody = z.strictObject({ username, name: z.string().trim().min(1).max(100) });
const tokenParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const usernameParams = z.object({ username });
const auditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  before: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  actor: z.string().max(64).optional(),
});

function checkScope(role: Role, codes: readonly string[]): void {
  const check = validateScopeCodes(role, codes);
  if (!check.valid) throw new ApiError(422, 'invalid_scope', check.reason!, 'scopeCodes');
}

function checkPassword(value: string): void {
  const check = validatePassword(value);
  if (!check.valid) throw new ApiError(422, 'weak_password', check.reason!, 'password');
}

function refusing<T>(work: () => T | Promise<T>): Promise<T> {
  return Promise.resolve()
    .then(work)
    .catch((error: unknown) => {
      if (error instanceof AccessError) throw new ApiError(error.code === 'conflict' ? 409 : error.code === 'unknown_user' ? 404 : 400, error.code, error.message, error.field);
      throw error;
    });
}

function actorOf(c: Context): string {
  return requestAccessOf(c)?.identity?.user.username ?? 'unknown';
}

async function existingUser(store: AccessStore, name: string): Promise<UserRecord> {
  const user = await store.getUser(name);
  if (!user) throw new ApiError(404, 'unknown_user', `no account ${name}`, 'username');
  return user;
}

/** Mounted at /api/admin; only reachable through the access guard (users:manage, audit:read). */
export function adminRoutes(store: AccessStore, options: { scrypt?: ScryptParameters } = {}) {
  const router = new Hono()
    .get('/users', async (c) => c.json({ users: (await store.listUsers()).map(publicUser) }))
    .post('/users', jsonBody(newUserBody), async (c) => {
      const input = c.req.valid('json');
      checkScope(input.role, input.scopeCodes);
      if (input.password !== undefined) checkPassword(input.password);
      const passwordHash = input.password === undefined ? null : await hashPassword(input.password, options.scrypt);
      const user = await refusing(() =>
        store.createUser({ username: input.username, displayName: input.displayName, role: input.role, scopeCodes: input.scopeCodes, passwordHash, createdBy: actorOf(c) }),
      );
      return c.json({ user: publicUser(user) }, 201);
    })
    .patch('/users/:username', jsonBody(userChangesBody), async (c) => {
      const { username: name } = parseInput(usernameParams, { username: c.req.param('username') });
      const input = c.req.valid('json');
      const current = await existingUser(store, name);
      if (input.role !== undefined || input.scopeCodes !== undefined) checkScope(input.role ?? current.role, input.scopeCodes ?? current.scopeCodes);
      if (input.password !== undefined) checkPassword(input.password);
      if (current.username === actorOf(c) && (input.disabled === true || (input.role !== undefined && input.role !== 'admin'))) {
        throw new ApiError(409, 'own_account', 'an administrator cannot disable or demote their own account', input.disabled ? 'disabled' : 'role');
      }
      const passwordHash = input.password === undefined ? undefined : await hashPassword(input.password, options.scrypt);
      const { password: _password, ...changes } = input;
      const user = await store.updateUser(name, { ...changes, passwordHash, updatedBy: actorOf(c) });
      if (!user) throw new ApiError(404, 'unknown_user', `no account ${name}`, 'username');
      return c.json({ user: publicUser(user) });
    })
    .delete('/users/:username', async (c) => {
      // Accounts are disabled, never removed: the audit log keeps naming them.
      const { username: name } = parseInput(usernameParams, { username: c.req.param('username') });
      const current = await existingUser(store, name);
      if (current.username === actorOf(c)) throw new ApiError(409, 'own_account', 'an administrator cannot disable their own account', 'username');
      const user = await store.updateUser(name, { disabled: true, updatedBy: actorOf(c) });
      for (const token of await store.listTokens()) {
        if (token.username === current.username && token.revokedAt === null) await store.revokeToken(token.id);
      }
      return c.json({ user: publicUser(user!) });
    })
    .get('/tokens', async (c) => c.json({ tokens: await store.listTokens() }))
    .post('/tokens', jsonBody(newTokenBody), async (c) => {
      const input = c.req.valid('json');
      const secret = newSecret();
      const token = await refusing(() => store.createToken(secretHash(secret), input.username, input.name, actorOf(c)));
      c.header('Cache-Control', 'no-store');
      // The secret leaves the server this once; only its hash is kept.
      return c.json({ token: secret, record: token }, 201);
    })
    .delete('/tokens/:id', async (c) => {
      const { id } = parseInput(tokenParams, { id: c.req.param('id') });
      const token = await store.revokeToken(id);
      if (!token) throw new ApiError(404, 'unknown_token', `no token ${id}`, 'id');
      return c.json({ token });
    })
    .get('/audit', validator('query', (value) => parseInput(auditQuery, value)), async (c) => {
      const query = c.req.valid('query');
      const entries = await store.listAudit(query);
      const last = entries.at(-1);
      return c.json({ entries, nextBefore: entries.length === query.limit && last ? last.id : null });
    });
  return guardMethods(router, {
    '/users': ['GET', 'POST'],
    '/users/:username': ['PATCH', 'DELETE'],
    '/tokens': ['GET', 'POST'],
    '/tokens/:id': ['DELETE'],
    '/audit': ['GET'],
  });
}
