import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { openSqliteStore } from '../../server/store/sqlite/sqliteStore.ts';
import { migrate, schemaVersion } from '../../server/store/sqlite/migrate.ts';
import { MIGRATIONS } from '../../server/store/sqlite/migrations.ts';
import type { GridStore } from '../../server/store/store.ts';
import { runStoreContract } from './contract.ts';
import { runProvinceContract } from './province-contract.ts';

const directory = mkdtempSync(join(tmpdir(), 'gridstore-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

let fileCounter = 0;
const paths = new WeakMap<GridStore, string>();

runStoreContract('sqlite :memory:', ({ now }) => openSqliteStore(':memory:', { now }));

runStoreContract(
  'sqlite file',
  ({ now }) => {
    const path = join(directory, `store-${++fileCounter}.db`);
    const store = openSqliteStore(path, { now });
    paths.set(store, path);
    return store;
  },
  {
    reopen: (store, { now }) => {
      const path = paths.get(store);
      if (!path) throw new Error('unknown store');
      store.close();
      const again = openSqliteStore(path, { now });
      paths.set(again, path);
      return again;
    },
  },
);

runProvinceContract('sqlite :memory:', ({ now }) => openSqliteStore(':memory:', { now }));

describe('sqlite specifics', () => {
  it('uses WAL and foreign keys on a file database', () => {
    const path = join(directory, 'pragmas.db');
    openSqliteStore(path).close();
    const db = new BetterSqlite3(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    db.close();
  });

  it('applies each migration once, in order, and refuses a newer schema', () => {
    const db = new BetterSqlite3(':memory:');
    const steps = [
      { name: 'one', sql: 'CREATE TABLE a (x INTEGER);' },
      { name: 'two', sql: 'INSERT INTO a VALUES (1);' },
    ];
    expect(migrate(db, steps.slice(0, 1))).toBe(1);
    expect(migrate(db, steps)).toBe(2);
    expect(migrate(db, steps)).toBe(2);
    expect(db.prepare('SELECT count(*) AS n FROM a').get()).toEqual({ n: 1 });
    expect(() => migrate(db, steps.slice(0, 1))).toThrow(/newer/);
    db.close();
  });

  it('rolls back a failing migration step entirely', () => {
    const db = new BetterSqlite3(':memory:');
    const steps = [{ name: 'broken', sql: 'CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);' }];
    expect(() => migrate(db, steps)).toThrow();
    expect(schemaVersion(db)).toBe(0);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'b'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('upgrades a database of the first schema in place: data kept, no lines yet', async () => {
    const path = join(directory, 'schema-one.db');
    const db = new BetterSqlite3(path);
    migrate(db, MIGRATIONS.slice(0, 1));
    db.prepare("INSERT INTO counties (code, name, geometry) VALUES ('360121', '南昌县', '{}')").run();
    db.close();
    const store = openSqliteStore(path);
    expect(await store.listLines('streets')).toEqual([]);
    expect((await store.stats({ level: 'county' }))?.name).toBe('南昌县');
    store.close();
    const reopened = new BetterSqlite3(path);
    expect(schemaVersion(reopened)).toBe(MIGRATIONS.length);
    reopened.close();
  });

  it('the schema keeps grid history: grid_versions and validity columns', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db);
    const columns = (table: string) => (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name);
    expect(columns('grid_versions')).toEqual(['township_code', 'version', 'created_at', 'author', 'reason']);
    expect(columns('grids')).toEqual(expect.arrayContaining(['valid_from_version', 'valid_to_version']));
    expect(columns('block_assignments')).toEqual(expect.arrayContaining(['valid_from_version', 'valid_to_version']));
    expect(columns('issues')).toEqual(expect.arrayContaining(['grid_code', 'grid_version']));
    db.close();
  });
});
