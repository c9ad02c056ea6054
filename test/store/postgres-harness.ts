// Throw-away PostgreSQL schemas for store tests: each store opens in a fresh schema of the test
// database, dropped once the test is done. PostgreSQL must be running: an unreachable server fails
// the tests with the steps to start it, never skips them.
import pg from 'pg';
import { openPostgresStore, type PostgresGridStore, type PostgresStoreOptions } from '../../server/store/postgres/postgresStore.ts';

export const TEST_DATABASE_URL = process.env.GRIDMAP_TEST_DATABASE_URL ?? 'postgres://gridmap:gridmap@127.0.0.1:5432/gridmap_test';

function redacted(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

const HOW_TO_START = `PostgreSQL tests need a running server. Start it and create the test role and database:
  pg_ctlcluster 15 main start
  runuser -u postgres -- psql -c "CREATE ROLE gridmap LOGIN PASSWORD 'gridmap' CREATEDB"
  runuser -u postgres -- psql -c "CREATE DATABASE gridmap_test OWNER gridmap"
or point GRIDMAP_TEST_DATABASE_URL at another database.`;

/** A small pool on a database; rejects with the steps to start PostgreSQL when it cannot be reached. */
export async function reachablePool(url: string): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 5000 });
  pool.on('error', () => {});
  try {
    await pool.query('SELECT 1');
    return pool;
  } catch (error) {
    await pool.end().catch(() => {});
    throw new Error(`PostgreSQL unreachable at ${redacted(url)}: ${(error as Error).message}\n${HOW_TO_START}`);
  }
}

let admin: Promise<pg.Pool> | null = null;

/** The pool on the test database, shared by the tests of a file. */
export function adminPool(): Promise<pg.Pool> {
  admin ??= reachablePool(TEST_DATABASE_URL);
  return admin;
}

let counter = 0;
const created: string[] = [];

/** A schema name no other test (or concurrent test file) uses. */
export function freshSchemaName(prefix = 't'): string {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${++counter}`;
  created.push(name);
  return name;
}

/** The test database URL naming a schema. */
export function urlWithSchema(schema: string): string {
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('schema', schema);
  return url.toString();
}

export async function openTestStore(options: PostgresStoreOptions & { schema?: string } = {}): Promise<PostgresGridStore> {
  await adminPool();
  return openPostgresStore(TEST_DATABASE_URL, { maxConnections: 4, ...options, schema: options.schema ?? freshSchemaName() });
}

/** Drops every schema made so far (stores on them must be closed). */
export async function dropCreatedSchemas(): Promise<void> {
  const names = created.splice(0);
  if (names.length === 0) return;
  const pool = await adminPool();
  for (const name of names) await pool.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
}

export async function closeAdminPool(): Promise<void> {
  if (!admin) return;
  const pool = await admin.catch(() => null);
  admin = null;
  await pool?.end();
}
