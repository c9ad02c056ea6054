import { afterEach, describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { openSqliteStore, type SqliteGridStore } from '../../server/store/sqlite/sqliteStore.ts';
import { MIGRATIONS } from '../../server/store/sqlite/migrations.ts';
import { ACCESS_MIGRATIONS } from '../../server/store/sqlite/migrations-access.ts';
import { migrate } from '../../server/store/sqlite/migrate.ts';
import { accessOf } from '../../server/store/access.ts';
import { runAccessContract } from '../store/accessContract.ts';

const clock = new Date('2026-01-05T08:00:00.000Z');
const stores: SqliteGridStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

function open() {
  const store = openSqliteStore(':memory:', { now: () => clock });
  stores.push(store);
  return store;
}

runAccessContract('sqlite :memory:', ({ now }) => openSqliteStore(':memory:', { now }));

describe('access storage on SQLite', () => {
  it('is one migration, the sixth, and offered through accessOf', () => {
    expect(ACCESS_MIGRATIONS).toHaveLength(1);
    expect(MIGRATIONS[5]).toBe(ACCESS_MIGRATIONS[0]);
    const store = open();
    expect(accessOf(store)).toBe(store.access);
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
