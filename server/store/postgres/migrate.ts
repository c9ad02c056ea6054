// Applies pending PostgreSQL migrations, each in its own transaction, recorded in schema_migrations.
// A transaction-scoped advisory lock per schema lets several instances start at once: one migrates,
// the others wait and then find nothing left to do.
import type pg from 'pg';
import { POSTGRES_MIGRATIONS, type PostgresMigration } from './migrations.ts';
import type { Queryable } from './sql.ts';

const TRACKING_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY CHECK (version >= 1),
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL
)`;

export async function postgresSchemaVersion(db: Queryable): Promise<number> {
  const exists = await db.query<{ present: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS present");
  if (!exists.rows[0].present) return 0;
  const result = await db.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
  return result.rows[0].version ?? 0;
}

/** Returns the schema version reached. Refuses a database written by a newer schema. */
export async function migratePostgres(pool: pg.Pool, migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS): Promise<number> {
  const client = await pool.connect();
  let broken = false;
  try {
    for (;;) {
      await client.query('BEGIN');
      try {
        await client.query("SELECT pg_advisory_xact_lock(hashtext('gridmap.migrate.' || current_schema()))");
        await client.query(TRACKING_TABLE);
        const current = await postgresSchemaVersion(client);
        if (current > migrations.length) {
          throw new Error(`database schema version ${current} is newer than this program (${migrations.length})`);
        }
        if (current === migrations.length) {
          await client.query('COMMIT');
          return current;
        }
        const step = migrations[current];
        await client.query(step.sql);
        await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
          current + 1, step.name, new Date().toISOString(),
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => (broken = true));
        throw error;
      }
    }
  } finally {
    client.release(broken);
  }
}
