// Accounts over HTTP: login/logout/me, cookies, API tokens, limits, headers, audit, and the
// cached-layer fast path behind access control.
import { afterEach, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hashPassword } from '../../server/access/secrets.ts';
import { startServer, cachedRoutes } from '../../server/http/serve.ts';
import { makeAccessApp, jsonInit, TEST_SCRYPT, type AccessTestApp } from '../access/helpers.ts';
import { makeTestApp, expectError } from './helpers.ts';

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function withPassword(app: AccessTestApp, username: string, password: string) {
  app.store.access.updateUser(username, { passwordHash: await hashPassword(password, TEST_SCRYPT), updatedBy: 'test' });
}

const login = (app: AccessTestApp, body: unknown, headers: Record<string, string> = {}) =>
  app.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('signing in and out', () => {
  it('opens a session in an HttpOnly, SameSite=Strict cookie and closes it on logout', async () => {
    const app = makeAccessApp();
    await withPassword(app, 'viewer', 'wall display password');
    const response = await login(app, { username: 'viewer', password: 'wall display password' });
    expect(response.status).toBe(200);
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^gridmap_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    const session = cookie.split(';')[0];
    const body = (await response.json()) as { user: Record<string, unknown> };
    expect(body.user).toMatchObject({ username: 'viewer', role: 'viewer' });
    expect(JSON.stringify(body)).not.toMatch(/scrypt|hash/);

    const me = await app.app.request('/api/auth/me', { headers: { cookie: session } });
    expect(await me.json()).toMatchObject({ user: { username: 'viewer' }, via: 'session', permissions: { 'map:read': 'county' } });
    const out = await app.app.request('/api/auth/logout', { method: 'POST', headers: { cookie: session } });
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    await expectError(await app.app.request('/api/auth/me', { headers: { cookie: session } }), 401, 'authorization');
  });

  it('marks the cookie Secure behind https', async () => {
    const proxied = makeAccessApp({ trustProxy: true });
    await withPassword(proxied, 'viewer', 'wall display password');
    const response = await login(proxied, { username: 'viewer', password: 'wall display password' }, { 'x-forwarded-proto': 'https' });
    expect(response.headers.get('set-cookie')).toMatch(/; Secure$/);
    const untrusted = makeAccessApp();
    await withPassword(untrusted, 'viewer', 'wall display password');
    const plain = await login(untrusted, { username: 'viewer', password: 'wall display password' }, { 'x-forwarded-proto': 'https' });
    expect(plain.headers.get('set-cookie')).not.toContain('Secure');
  });

  it('refuses wrong passwords, unknown and disabled accounts alike, and records the attempts', async () => {
    const app = makeAccessApp();
    await withPassword(app, 'county_leader', 'leader password 1');
    await expectError(await login(app, { username: 'county_leader', password: 'leader password 2' }), 401, 'password');
    await expectError(await login(app, { username: 'ghost', password: 'leader password 1' }), 401, 'password');
    app.store.access.updateUser('county_leader', { disabled: true, updatedBy: 'test' });
    await expectError(await login(app, { username: 'county_leader', password: 'leader password 1' }), 401, 'password');
    await expectError(await login(app, { username: 'county_leader' }), 400);
    const attempts = app.store.access.listAudit({ limit: 10 }).filter((entry) => entry.action === 'POST /api/auth/login');
    expect(attempts.map((entry) => [entry.actor, entry.outcome])).toEqual([['county_leader', 'denied'], ['ghost', 'denied'], ['county_leader', 'denied']]);
  });

  it('limits login attempts per client address (429 with Retry-After)', async () => {
    let now = 0;
    const app = makeAccessApp({ loginLimit: { capacity: 3, refillPerSecond: 0.5 }, clock: () => now });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await login(app, { username: 'x', password: 'y' })).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const limited = await login(app, { username: 'x', password: 'y' });
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(await limited.json()).toMatchObject({ error: { code: 'rate_limited', field: 'request' } });
    now += 2000;
    expect((await login(app, { username: 'x', password: 'y' })).status).toBe(401);
  });

  it('exchanges an API token for a session (for browser wall displays)', async () => {
    const app = makeAccessApp();
    const created = await app.request('admin', '/api/admin/tokens', jsonInit('POST', { username: 'viewer', name: 'wall-1' }));
    const { token } = (await created.json()) as { token: string };
    const response = await login(app, { token });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ user: { username: 'viewer' } });
    await expectError(await login(app, { token: 'x'.repeat(43) }), 401, 'token');
  });
});

describe('API tokens', () => {
  it('are shown once, work as Bearer credentials, and stop working when revoked', async () => {
    const app = makeAccessApp();
    const created = await app.request('admin', '/api/admin/tokens', jsonInit('POST', { username: 'viewer', name: 'wall-1' }));
    expect(created.status).toBe(201);
    const { token, record } = (await created.json()) as { token: string; record: { id: number } };
    const listed = await (await app.request('admin', '/api/admin/tokens')).text();
    expect(listed).toContain('wall-1');
    expect(listed).not.toContain(token);
    const bearer = { headers: { authorization: `Bearer ${token}` } };
    expect((await app.app.request('/api/townships', bearer)).status).toBe(200);
    expect((await app.app.request('/api/issues/export.csv', bearer)).status).toBe(403);
    await app.request('admin', `/api/admin/tokens/${record.id}`, { method: 'DELETE' });
    await expectError(await app.app.request('/api/townships', bearer), 401, 'authorization');
    await expectError(await app.app.request('/api/townships', { headers: { authorization: 'Bearer nonsense' } }), 401);
  });
});

describe('limits and headers', () => {
  it('refuses bodies over the limit with a JSON 413, declared or streamed', async () => {
    const app = makeAccessApp({ maxBodyBytes: 1000 });
    const big = JSON.stringify({ title: 'x'.repeat(2000) });
    await expectError(await app.request('grid_cadre', '/api/issues', jsonInit('POST', JSON.parse(big))), 413, 'body');
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(400)));
        controller.close();
      },
    });
    const streamed = await app.request('grid_cadre', '/api/issues', { method: 'POST', headers: { 'content-type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit);
    await expectError(streamed, 413, 'body');
  });

  it('limits writes per account (429 with Retry-After) but not reads', async () => {
    const app = makeAccessApp({ writeLimit: { capacity: 2, refillPerSecond: 0.1 }, clock: () => 0 });
    const comment = jsonInit('POST', { action: 'comment', actor: '网格员', note: '跟进' });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await app.request('grid_cadre', '/api/issues/1/transitions', comment)).status);
    expect(statuses).toEqual([200, 200, 429]);
    expect((await app.request('township_operator', '/api/issues/1/transitions', comment)).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await app.request('grid_cadre', '/api/townships')).status).toBe(200);
  });

  it('sends security headers and no CORS header, on answers and refusals', async () => {
    const app = makeAccessApp();
    for (const response of [await app.request('viewer', '/api/townships'), await app.request('anonymous', '/api/townships'), await app.request('viewer', '/api/issues/export.csv', { headers: { origin: 'http://elsewhere.example' } })]) {
      const csp = response.headers.get('content-security-policy')!;
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("worker-src 'self' blob:");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('refuses cookie-authenticated writes from another origin', async () => {
    const app = makeAccessApp();
    const comment = { action: 'comment', actor: '网格员', note: '跟进' };
    const foreign = await app.request('grid_cadre', '/api/issues/1/transitions', { ...jsonInit('POST', comment), headers: { 'content-type': 'application/json', origin: 'http://evil.example' } });
    await expectError(foreign, 403, 'origin');
    const same = await app.request('grid_cadre', 'http://localhost/api/issues/1/transitions', { ...jsonInit('POST', comment), headers: { 'content-type': 'application/json', origin: 'http://localhost', host: 'localhost' } });
    expect(same.status).toBe(200);
  });
});

describe('scope and audit', () => {
  it('refuses a township operator a problem of another township, and records who did what', async () => {
    const app = makeAccessApp();
    const dispatch = jsonInit('POST', { action: 'comment', actor: '乡镇', note: '查看' });
    // Problem 4 lies in 向塘镇 (360121101); the operator works in 莲塘镇 (360121100).
    const refused = await app.request('township_operator', '/api/issues/4/transitions', dispatch);
    const reason = await expectError(refused, 403);
    expect(reason.message).toContain('outside');
    expect((await app.request('township_operator', '/api/issues/1/transitions', dispatch)).status).toBe(200);
    const audit = (await (await app.request('admin', '/api/admin/audit?limit=10')).json()) as { entries: Array<Record<string, unknown>> };
    expect(audit.entries.slice(0, 2)).toMatchObject([
      { actor: 'township_operator', via: 'session', action: 'POST /api/issues/:id/transitions', target: '/api/issues/1/transitions', outcome: 'ok', status: 200 },
      { actor: 'township_operator', action: 'POST /api/issues/:id/transitions', target: '/api/issues/4/transitions', outcome: 'denied', status: 403 },
    ]);
    // Reads are not audited.
    expect(audit.entries.every((entry) => entry.action !== 'GET /api/townships')).toBe(true);
  });

  it('lets administrators manage accounts with checked input, naming who changed what', async () => {
    const app = makeAccessApp();
    const create = (body: unknown) => app.request('admin', '/api/admin/users', jsonInit('POST', body));
    await expectError(await create({ username: 'op', displayName: '操作员', role: 'township_operator', scopeCodes: [] }), 422, 'scopeCodes');
    await expectError(await create({ username: 'op', displayName: '操作员', role: 'township_operator', scopeCodes: ['360121100'], password: 'short' }), 422, 'password');
    await expectError(await create({ username: 'op', displayName: '操作员', role: 'mayor', scopeCodes: [] }), 400, 'role');
    const created = await create({ username: 'op', displayName: '操作员', role: 'township_operator', scopeCodes: ['360121100'], password: 'operator password' });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ user: { username: 'op', createdBy: 'admin' } });
    await expectError(await create({ username: 'OP', displayName: 'x', role: 'viewer' }), 409, 'username');
    await expectError(await app.request('admin', '/api/admin/users/admin', jsonInit('PATCH', { disabled: true })), 409, 'disabled');
    const disabled = await app.request('admin', '/api/admin/users/viewer', { method: 'DELETE' });
    expect(await disabled.json()).toMatchObject({ user: { disabled: true, updatedBy: 'admin' } });
    await expectError(await app.request('viewer', '/api/townships'), 401);
  });
});

describe('the cached-layer fast path behind access control', () => {
  async function serve(app: AccessTestApp['app']): Promise<number> {
    const server = startServer(app, { port: 0, hostname: '127.0.0.1' });
    servers.push(server);
    await new Promise((resolve) => server.once('listening', resolve));
    return (server.address() as AddressInfo).port;
  }

  it('still finds the cached routes, and answers them only to an account', async () => {
    const app = makeAccessApp();
    expect([...cachedRoutes(app.app).keys()].sort()).toEqual([...cachedRoutes(makeTestApp().app).keys()].sort());
    let honoCalls = 0;
    const honoFetch = app.app.fetch;
    app.app.fetch = (...args: Parameters<typeof honoFetch>) => {
      honoCalls++;
      return honoFetch(...args);
    };
    const port = await serve(app.app);
    const url = `http://127.0.0.1:${port}/api/grids`;
    const anonymous = await fetch(url);
    expect(anonymous.status).toBe(401);
    expect(honoCalls).toBe(1);
    const created = await app.request('admin', '/api/admin/tokens', jsonInit('POST', { username: 'viewer', name: 'wall-1' }));
    const { token } = (await created.json()) as { token: string };
    const first = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(first.status).toBe(200);
    await first.arrayBuffer();
    const calls = honoCalls;
    const hit = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(hit.status).toBe(200);
    expect(hit.headers.get('content-security-policy')).toContain("default-src 'self'");
    await hit.arrayBuffer();
    expect(honoCalls).toBe(calls);
    const forged = await fetch(url, { headers: { authorization: `Bearer ${'A'.repeat(43)}` } });
    expect(forged.status).toBe(401);
    const session = await fetch(url, { headers: { cookie: `gridmap_session=${app.sessions.viewer}` } });
    expect(session.status).toBe(200);
    await session.arrayBuffer();
  });
});
