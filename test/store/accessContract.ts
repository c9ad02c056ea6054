// Behaviour every AccessStore backend must show. Backends call runAccessContract from their own test file.
import { afterEach, describe, expect, it } from 'vitest';
import type { GridStore } from '../../server/store/store.ts';
import { AccessError, accessOf, type AccessStore } from '../../server/store/access.ts';
import { newSecret, secretHash } from '../../server/access/secrets.ts';

type MakeStore = (options: { now: () => Date }) => Promise<GridStore> | GridStore;

async function thrown(work: () => unknown): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  return null;
}

export function runAccessContract(name: string, makeStore: MakeStore): void {
  describe(`AccessStore contract: ${name}`, () => {
    let clock = new Date('2026-01-05T08:00:00.000Z');
    const hours = (n: number) => new Date(clock.getTime() + n * 3_600_000).toISOString();
    const stores: GridStore[] = [];
    afterEach(async () => {
      for (const store of stores.splice(0)) await store.close();
      clock = new Date('2026-01-05T08:00:00.000Z');
    });

    async function open(): Promise<AccessStore> {
      const store = await makeStore({ now: () => clock });
      stores.push(store);
      const access = accessOf(store);
      if (!access) throw new Error('the store offers no access store');
      return access;
    }

    it('keeps usernames unique regardless of case, and records who created and changed an account', async () => {
      const access = await open();
      const user = await access.createUser({ username: 'Wang', displayName: '王', role: 'viewer', scopeCodes: [], passwordHash: null, createdBy: 'cli' });
      expect(user).toMatchObject({ username: 'Wang', createdBy: 'cli', disabled: false, scopeCodes: [] });
      expect(await access.getUser('wang')).toEqual(user);
      const twin = await thrown(() => access.createUser({ username: 'wang', displayName: 'x', role: 'viewer', scopeCodes: [], passwordHash: null, createdBy: 'cli' }));
      expect(twin).toBeInstanceOf(AccessError);
      expect((twin as AccessError).code).toBe('conflict');
      const changed = await access.updateUser('WANG', { role: 'township_operator', scopeCodes: ['360121100'], updatedBy: 'admin' });
      expect(changed).toMatchObject({ role: 'township_operator', scopeCodes: ['360121100'], updatedBy: 'admin', createdBy: 'cli', displayName: '王' });
      expect(await access.updateUser('nobody', { updatedBy: 'admin' })).toBeNull();
      await access.createUser({ username: 'admin', displayName: '管理员', role: 'admin', scopeCodes: [], passwordHash: 'scrypt$a', createdBy: 'cli' });
      expect((await access.listUsers()).map((u) => u.username)).toEqual(['admin', 'Wang']);
      expect(await access.countUsers()).toBe(2);
      expect(await access.passwordHashOf('Admin')).toBe('scrypt$a');
      expect(await access.passwordHashOf('Wang')).toBeNull();
      expect(await access.passwordHashOf('ghost')).toBeNull();
    });

    it('ends sessions on expiry, revocation, disabling and a new password', async () => {
      const access = await open();
      const user = await access.createUser({ username: 'li', displayName: '李', role: 'viewer', scopeCodes: [], passwordHash: 'scrypt$x', createdBy: 'cli' });
      const [a, b, c, d] = [newSecret(), newSecret(), newSecret(), newSecret()].map(secretHash);
      expect(await access.createSession(a, user.id, hours(1))).toEqual({ userId: user.id, createdAt: clock.toISOString(), expiresAt: hours(1) });
      await access.createSession(b, user.id, hours(12));
      expect((await access.sessionUser(a))?.username).toBe('li');
      clock = new Date(clock.getTime() + 2 * 3_600_000);
      expect(await access.sessionUser(a)).toBeNull();
      expect((await access.sessionUser(b))?.username).toBe('li');
      await access.revokeSession(b);
      expect(await access.sessionUser(b)).toBeNull();
      await access.createSession(c, user.id, hours(12));
      await access.updateUser('li', { passwordHash: 'scrypt$y', updatedBy: 'admin' });
      expect(await access.sessionUser(c)).toBeNull();
      expect(await access.passwordHashOf('li')).toBe('scrypt$y');
      await access.createSession(d, user.id, hours(12));
      await access.updateUser('li', { disabled: true, updatedBy: 'admin' });
      expect(await access.sessionUser(d)).toBeNull();
      expect((await access.getUser('li'))?.disabled).toBe(true);
    });

    it('keeps only token hashes, notes their use, and honours revocation and disabled accounts', async () => {
      const access = await open();
      await access.createUser({ username: 'wall', displayName: '大屏', role: 'viewer', scopeCodes: [], passwordHash: null, createdBy: 'cli' });
      const secret = newSecret();
      const token = await access.createToken(secretHash(secret), 'wall', 'wall-1', 'admin');
      expect(token).toMatchObject({ name: 'wall-1', username: 'wall', createdBy: 'admin', lastUsedAt: null, revokedAt: null });
      expect(JSON.stringify(await access.listTokens())).not.toContain(secret);
      expect((await access.tokenUser(secretHash(secret)))?.username).toBe('wall');
      expect((await access.listTokens())[0].lastUsedAt).toBe(clock.toISOString());
      await access.updateUser('wall', { disabled: true, updatedBy: 'admin' });
      expect(await access.tokenUser(secretHash(secret))).toBeNull();
      await access.updateUser('wall', { disabled: false, updatedBy: 'admin' });
      const revokedAt = clock.toISOString();
      expect((await access.revokeToken(token.id))?.revokedAt).toBe(revokedAt);
      clock = new Date(clock.getTime() + 60_000);
      expect((await access.revokeToken(token.id))?.revokedAt).toBe(revokedAt);
      expect(await access.tokenUser(secretHash(secret))).toBeNull();
      expect(await access.revokeToken(999)).toBeNull();
      const ghost = await thrown(() => access.createToken(secretHash(newSecret()), 'ghost', 'x', 'admin'));
      expect(ghost).toBeInstanceOf(AccessError);
      expect((ghost as AccessError).code).toBe('unknown_user');
    });

    it('keeps the audit log newest first, paged backwards and by actor', async () => {
      const access = await open();
      const entry = { actor: 'admin', via: 'session' as const, action: 'POST /api/admin/users', target: '/api/admin/users', outcome: 'ok' as const, status: 201, address: '127.0.0.1', detail: null };
      const first = await access.appendAudit({ ...entry, status: 200 });
      expect(first).toEqual({ ...entry, status: 200, id: first.id, at: clock.toISOString() });
      for (let i = 1; i < 5; i++) await access.appendAudit({ ...entry, status: 200 + i });
      await access.appendAudit({ ...entry, actor: null, via: 'anonymous', outcome: 'denied', status: 401, detail: 'no session' });
      const page = await access.listAudit({ limit: 3 });
      expect(page.map((e) => e.status)).toEqual([401, 204, 203]);
      expect(page[0]).toMatchObject({ actor: null, via: 'anonymous', outcome: 'denied', detail: 'no session' });
      expect((await access.listAudit({ limit: 10, before: page[2].id })).map((e) => e.status)).toEqual([202, 201, 200]);
      expect((await access.listAudit({ limit: 10, actor: 'admin' })).map((e) => e.status)).toEqual([204, 203, 202, 201, 200]);
      expect(await access.listAudit({ limit: 10, actor: 'nobody' })).toEqual([]);
    });
  });
}
