import { afterEach, describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { openSqliteStore, type SqliteGridStore } from '../../server/store/sqlite/sqliteStore.ts';
import { MIGRATIONS } from '../../server/store/sqlite/migrations.ts';
import { ACCESS_MIGRATIONS } from '../../server/store/sqlite/migrations-access.ts';
import { migrate } from '../../server/store/sqlite/migrate.ts';
import { accessOf, AccessError } from '../../server/store/access.ts';
import { newSecret, secretHash } from '../../server/access/secrets.ts';

let clock = new Date('2026-01-05T08:00:00.000Z');
const stores: SqliteGridStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

function open() {
  const store = openSqliteStore(':memory:', { now: () => clock });
  stores.push(store);
  return store;
}

const hours = (n: number) => new Date(clock.getTime() + n * 3_600_000).toISOString();

describe('access storage', () => {
  it('is one migration, the last, and offered through accessOf', () => {
    expect(ACCESS_MIGRATIONS).toHaveLength(1);
    expect(MIGRATIONS.at(-1)).toBe(ACCESS_MIGRATIONS[0]);
    const store = open();
    expect(accessOf(store)).toBe(store.access);
  });

  it('keeps usernames unique regardless of case, and records who created and changed an account', () => {
    const { access } = open();
    const user = access.createUser({ username: 'Wang', displayName: '王', role: 'viewer', scopeCodes: [], passwordHash: null, createdBy: 'cli' });
    expect(user).toMatchObject({ username: 'Wang', createdBy: 'cli', disabled: false, scopeCodes: [] });
    expect(() => access.createUser({ username: 'wang', displayName: 'x', role: 'viewer', scopeCodes: [], passwordHash: null, createdBy: 'cli' })).toThrow(AccessError);
    const changed = access.updateUser('WANG', { role: 'township_operator', scopeCodes: ['360121100'], updatedBy: 'admin' });
    expect(changed).toMatchObject({ role: 'township_operator', scopeCodes: ['360121100'], updatedBy: 'admin', createdBy: 'cli' });
    expect(access.updateUser('nobody', { updatedBy: 'admin' })).toBeNull();
  });

  it('ends sessions on expiry, revocation, disabling and a new password', () => {
    const { access } = open();
    const user = access.createUser({ username: 'li', displayName: '李', role: 'viewer', scopeCodes: [], passwordHash: 'scrypt$x', createdBy: 'cli' });
    const [a, b, c] = [newSecret(), newSecret(), newSecret()].map(secretHash);
    access.createSession(a, user.id, hours(1));
    access.createSession(b, user.id, hours(12));
    expect(access.sessionUser(a)?.username).toBe('li');
    clock = new Date(clock.getTime() + 2 * 3_600_000);
    expect(access.sessionUser(a)).toBeNull();
    expect(access.sessionUser(b)?.username).toBe('li');
    access.revokeSession(b);
    expect(access.sessionUser(b)).toBeNull();
    access.createSession(c, user.id, hours(12));
    access.updateUser('li', { passwordHash: 'scrypt$y', updatedBy: 'admin' });
    expect(access.sessionUser(c)).toBeNull();
    expect(access.passwordHashOf('li')).toBe('scrypt$y');
  });

  it('keeps only token hashes, notes their use, and honours revocation and disabled accounts', () => {
    const { access } = open();
    access.createUser({ username: 'wall', displayName: '大屏', role: 'viewer', scopeCodes: [], passwordHash: null, createdBy: 'cli' });
    const secret = newSecret();
    const token = access.createToken(secretHash(secret), 'wall', 'wall-1', 'admin');
    expect(token).toMatchObject({ name: 'wall-1', username: 'wall', createdBy: 'admin', lastUsedAt: null, revokedAt: null });
    expect(JSON.stringify(access.listTokens())).not.toContain(secret);
    expect(access.tokenUser(secretHash(secret))?.username).toBe('wall');
    expect(access.listTokens()[0].lastUsedAt).toBe(clock.toISOString());
    access.updateUser('wall', { disabled: true, updatedBy: 'admin' });
    expect(access.tokenUser(secretHash(secret))).toBeNull();
    access.updateUser('wall', { disabled: false, updatedBy: 'admin' });
    expect(access.revokeToken(token.id)?.revokedAt).toBe(clock.toISOString());
    expect(access.tokenUser(secretHash(secret))).toBeNull();
    expect(access.revokeToken(999)).toBeNull();
    expect(() => access.createToken(secretHash(newSecret()), 'ghost', 'x', 'admin')).toThrow(AccessError);
  });

  it('keeps the audit log append-only, newest first', () => {
    const store = open();
    const entry = { actor: 'admin', via: 'session' as const, action: 'POST /api/admin/users', target: '/api/admin/users', outcome: 'ok' as const, status: 201, address: '127.0.0.1', detail: null };
    for (let i = 0; i < 5; i++) store.access.appendAudit({ ...entry, status: 200 + i });
    const page = store.access.listAudit({ limit: 2 });
    expect(page.map((e) => e.status)).toEqual([204, 203]);
    expect(store.access.listAudit({ limit: 10, before: page[1].id }).map((e) => e.status)).toEqual([202, 201, 200]);
    expect(store.access.listAudit({ limit: 10, actor: 'nobody' })).toEqual([]);
  });

  it('refuses to change or delete an audit entry at the database level', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db);
    db.prepare(`INSERT INTO audit_log (at, actor, via, action, target, outcome) VALUES ('t', 'a', 'cli', 'x', 'y', 'ok')`).run();
    expect(() => db.prepare(`UPDATE audit_log SET actor = 'b'`).run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    db.close();
  });
});
