// Applies pending migrations, each in its own transaction, tracked by PRAGMA user_version.
import type { Database } from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations.ts';

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Returns the schema version reached. Refuses a database written by a newer schema. */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const current = schemaVersion(db);
  if (current > migrations.length) {
    throw new Error(`database schema version ${current} is newer than this program (${migrations.length})`);
  }
  for (let index = current; index < migrations.length; index++) {
    const target = index + 1;
    db.transaction(() => {
      db.exec(migrations[index].sql);
      // user_version lives in the database header and is written in the same transaction.
      db.pragma(`user_version = ${target}`);
    })();
  }
  return schemaVersion(db);
}
