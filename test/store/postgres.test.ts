// The store contracts against PostgreSQL, each test in a fresh schema dropped afterwards, plus what
// is particular to this backend: migrations, one transaction per write, the version channel, the URL.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { migratePostgres, postgresSchemaVersion } from '../../server/store/postgres/migrate.ts';
import { POSTGRES_MIGRATIONS } from '../../server/store/postgres/migrations.ts';
import type { PostgresGridStore } from '../../server/store/postgres/postgresStore.ts';
import { DATA_VERSION_CHANNEL, createPool, parseDataVersionNotice, parsePostgresUrl } from '../../server/store/postgres/connection.ts';
import { openStore } from '../../server/store/open-store.ts';
import type { GridStore } from '../../server/store/store.ts';
import { FIXTURE_NOW, loadFixtureDataset } from '../fixtures/dataset/load.ts';
import { runStoreContract } from './contract.ts';
import { runFieldworkContract } from './fieldworkContract.ts';
import { runProvinceContract } from './province-contract.ts';
import { newIssueIn } from './issueFactory.ts';
import {
  TEST_DATABASE_URL, adminPool, closeAdminPool, dropCreatedSchemas, freshSchemaName, openTestStore, reachablePool, urlWithSchema,
} from './postgres-harness.ts';

beforeEach(async () => {
  await adminPool();
});
afterEach(async () => {
  await dropCreatedSchemas();
});
afterAll(async () => {
  await closeAdminPool();
});

const schemas = new WeakMap<GridStore, string>();

runStoreContract(
  'postgres',
  async ({ now }) => {
    const schema = freshSchemaName();
    const store = await openTestStore({ now, schema });
    schemas.set(store, schema);
    return store;
  },
  {
    reopen: async (store, { now }) => {
      const schema = schemas.get(store);
      if (!schema) throw new Error('unknown store');
      await store.close();
      const again = await openTestStore({ now, schema });
      schemas.set(again, schema);
      return again;
    },
  },
);

runFieldworkContract('postgres', ({ now }) => openTestStore({ now }));

runProvinceContract('postgres', ({ now }) => openTestStore({ now }));

describe('postgres specifics', () => {
  async function withPool<T>(work: (pool: pg.Pool) => Promise<T>): Promise<T> {
    const schema = freshSchemaName('m');
    await (await adminPool()).query(`CREATE SCHEMA ${schema}`);
    const pool = createPool({ connectionString: TEST_DATABASE_URL, schema }, 2);
    try {
      return await work(pool);
    } finally {
      await pool.end();
    }
  }

  it('fails with the steps to start PostgreSQL when the server cannot be reached', async () => {
    const nowhere = new URL(TEST_DATABASE_URL);
    nowhere.port = '1';
    await expect(reachablePool(nowhere.toString())).rejects.toThrow(/PostgreSQL unreachable at postgres:\/\/gridmap:\*\*\*@[\s\S]*pg_ctlcluster 15 main start/);
  });

  it('applies each migration once, in order, records it, and refuses a newer schema', async () => {
    await withPool(async (pool) => {
      const steps = [
        { name: 'one', sql: 'CREATE TABLE a (x INTEGER);' },
        { name: 'two', sql: 'INSERT INTO a VALUES (1);' },
      ];
      expect(await migratePostgres(pool, steps.slice(0, 1))).toBe(1);
      expect(await migratePostgres(pool, steps)).toBe(2);
      expect(await migratePostgres(pool, steps)).toBe(2);
      expect((await pool.query('SELECT count(*) AS n FROM a')).rows).toEqual([{ n: 1 }]);
      expect((await pool.query('SELECT version, name FROM schema_migrations ORDER BY version')).rows).toEqual([
        { version: 1, name: 'one' }, { version: 2, name: 'two' },
      ]);
      await expect(migratePostgres(pool, steps.slice(0, 1))).rejects.toThrow(/newer/);
    });
  });

  it('rolls back a failing migration step entirely', async () => {
    await withPool(async (pool) => {
      const steps = [{ name: 'broken', sql: 'CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);' }];
      await expect(migratePostgres(pool, steps)).rejects.toThrow(/nowhere/);
      expect(await postgresSchemaVersion(pool)).toBe(0);
      expect((await pool.query("SELECT to_regclass('b') IS NULL AS gone")).rows[0].gone).toBe(true);
    });
  });

  it('lets several instances migrate the same schema at once', async () => {
    await withPool(async (pool) => {
      const versions = await Promise.all([migratePostgres(pool), migratePostgres(pool), migratePostgres(pool)]);
      expect(versions).toEqual([POSTGRES_MIGRATIONS.length, POSTGRES_MIGRATIONS.length, POSTGRES_MIGRATIONS.length]);
    });
  });

  it('opens from a postgres:// URL with ?schema=, and refuses an odd schema name', async () => {
    const schema = freshSchemaName();
    const store = await openStore(urlWithSchema(schema));
    try {
      expect(await store.isSeeded()).toBe(false);
      const pool = await adminPool();
      expect((await pool.query('SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2', [schema, 'issues'])).rows[0].n).toBe(1);
    } finally {
      await store.close();
    }
    expect(() => parsePostgresUrl('postgres://u@h/db?schema=Robert%27);DROP')).toThrow(/schema/);
    expect(parsePostgresUrl('postgresql://u:p@h:5432/db?schema=abc&sslmode=disable')).toEqual({
      connectionString: 'postgresql://u:p@h:5432/db?sslmode=disable', schema: 'abc',
    });
  });

  it('announces each committed write on the version channel, and nothing for a refused one', async () => {
    const schema = freshSchemaName();
    const store = await openTestStore({ now: () => FIXTURE_NOW, schema });
    const listener = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await listener.connect();
    try {
      const heard: string[] = [];
      listener.on('notification', (message) => {
        const notice = message.channel === DATA_VERSION_CHANNEL ? parseDataVersionNotice(message.payload) : null;
        // Other schemas of the test database (other test files) notify on the same channel.
        if (notice?.schema === schema) heard.push(String(notice.dataVersion));
      });
      await listener.query(`LISTEN ${DATA_VERSION_CHANNEL}`);
      await store.seedDataset(loadFixtureDataset());
      const fixture = loadFixtureDataset();
      await expect(store.insertIssue(newIssueIn(fixture, '360121100002001', { gridCode: '360121100002999' }))).rejects.toMatchObject({ code: 'unknown_grid' });
      await store.insertIssue(newIssueIn(fixture, '360121100002001'));
      // A round trip on the listening connection delivers everything notified before it.
      await listener.query('SELECT 1');
      expect(heard.slice(-2)).toEqual([String(store.dataVersion() - 1), String(store.dataVersion())]);
      expect(heard.filter((payload) => Number(payload) > store.dataVersion())).toEqual([]);
    } finally {
      await listener.end();
      await store.close();
    }
  });

  it("sees another instance's writes after refreshing the data version", async () => {
    const schema = freshSchemaName();
    const first = await openTestStore({ schema, now: () => FIXTURE_NOW });
    const second = await openTestStore({ schema, now: () => FIXTURE_NOW });
    try {
      await Promise.all([first.seedDataset(loadFixtureDataset()), second.seedDataset(loadFixtureDataset())]);
      expect((await first.stats({ level: 'county' }))?.collected).toBe(loadFixtureDataset().issues.length);
      const created = await first.insertIssue(newIssueIn(loadFixtureDataset(), '360121100002001'));
      expect(second.dataVersion()).toBeLessThan(first.dataVersion());
      expect(await (second as PostgresGridStore).refreshDataVersion()).toBe(first.dataVersion());
      expect(await second.getIssue(created.id)).toEqual(created);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('serialises concurrent transitions of one problem: each entry gets its own place', async () => {
    const store = await openTestStore({ now: () => FIXTURE_NOW, maxConnections: 6 });
    try {
      await store.seedDataset(loadFixtureDataset());
      const created = await store.insertIssue(newIssueIn(loadFixtureDataset(), '360121100002001'));
      const results = await Promise.all(
        Array.from({ length: 5 }, () => store.transitionIssue(created.id, { action: 'accept' }, 'clerk')),
      );
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect(results.filter((result) => !result.ok).every((result) => !result.ok && result.code === 'invalid_transition')).toBe(true);
      expect((await store.listLedger(created.id))?.map((entry) => [entry.seq, entry.action])).toEqual([[1, 'report'], [2, 'accept']]);
    } finally {
      await store.close();
    }
  });

  it('keeps the ledger append-only in the database itself', async () => {
    const schema = freshSchemaName();
    const store = await openTestStore({ schema, now: () => FIXTURE_NOW });
    try {
      await store.seedDataset(loadFixtureDataset());
      const pool = createPool({ connectionString: TEST_DATABASE_URL, schema }, 1);
      try {
        await expect(pool.query("UPDATE issue_ledger SET note = 'changed'")).rejects.toThrow(/append-only/);
        await expect(pool.query('DELETE FROM issue_ledger')).rejects.toThrow(/append-only/);
      } finally {
        await pool.end();
      }
    } finally {
      await store.close();
    }
  });
});
