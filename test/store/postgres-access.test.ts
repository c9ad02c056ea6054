// The access contract on PostgreSQL, and what the database itself enforces there: an append-only
// audit log, and usernames unique regardless of case across instances sharing the tables.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccessError, accessOf } from '../../server/store/access.ts';
import { createPool } from '../../server/store/postgres/connection.ts';
import { runAccessContract } from './accessContract.ts';
import { TEST_DATABASE_URL, adminPool, closeAdminPool, dropCreatedSchemas, freshSchemaName, openTestStore } from './postgres-harness.ts';

beforeEach(async () => {
  await adminPool();
});
afterEach(async () => {
  await dropCreatedSchemas();
});
afterAll(async () => {
  await closeAdminPool();
});

runAccessContract('postgres', ({ now }) => openTestStore({ now }));

describe('postgres access specifics', () => {
  it('offers the access store through accessOf', async () => {
    const store = await openTestStore();
    try {
      expect(accessOf(store)).toBe(store.access);
    } finally {
      await store.close();
    }
  });

  it('refuses to change, delete or truncate an audit entry at the database level', async () => {
    const schema = freshSchemaName();
    const store = await openTestStore({ schema });
    const pool = createPool({ connectionString: TEST_DATABASE_URL, schema }, 1);
    try {
      await store.access.appendAudit({ actor: 'a', via: 'cli', action: 'x', target: 'y', outcome: 'ok', status: null, address: null, detail: null });
      await expect(pool.query("UPDATE audit_log SET actor = 'b'")).rejects.toThrow(/append-only/);
      await expect(pool.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
      await expect(pool.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
      expect((await store.access.listAudit({ limit: 10 })).map((entry) => entry.actor)).toEqual(['a']);
    } finally {
      await pool.end();
      await store.close();
    }
  });

  it('gives one of two instances creating the same account at once the account, the other a conflict', async () => {
    const schema = freshSchemaName();
    const first = await openTestStore({ schema });
    const second = await openTestStore({ schema });
    try {
      const outcomes = await Promise.allSettled([
        first.access.createUser({ username: 'Zhao', displayName: '赵', role: 'viewer', scopeCodes: [], passwordHash: null, createdBy: 'cli' }),
        second.access.createUser({ username: 'zhao', displayName: '赵', role: 'admin', scopeCodes: [], passwordHash: null, createdBy: 'cli' }),
      ]);
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      const refused = outcomes.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toBeInstanceOf(AccessError);
      expect(await second.access.countUsers()).toBe(1);
    } finally {
      await first.close();
      await second.close();
    }
  });
});
