// Copies a whole store between backends (SQLite file ↔ PostgreSQL, or either to its own kind),
// table by table with ids kept, in one transaction on the target, into an empty target only.
// Both sides are brought to the current schema first, as opening them with the server would.
import BetterSqlite3, { type Database } from 'better-sqlite3';
import type pg from 'pg';
import { migrate } from './sqlite/migrate.ts';
import { migratePostgres } from './postgres/migrate.ts';
import { NOTIFY_DATA_VERSION, createPool, parsePostgresUrl } from './postgres/connection.ts';
import { insertRows, syncIdentity, type ColumnType } from './postgres/sql.ts';
import { isPostgresUrl, sqlitePathOf } from './open-store.ts';
import { COPIED_TABLES, OWN_TABLES, type ColumnKind, type TableSpec } from './copy-tables.ts';

const ROWS_PER_BATCH = 2000;

type Row = unknown[];

interface CopySource {
  /** Tables holding rows that this copy does not know how to move. */
  unknownTablesWithRows(): Promise<string[]>;
  dataVersion(): Promise<number>;
  rows(table: TableSpec): AsyncIterable<Row[]>;
  close(): Promise<void>;
}

interface CopyTarget {
  /** Opens the target transaction and takes the write lock. */
  begin(): Promise<void>;
  isEmpty(): Promise<boolean>;
  write(table: TableSpec, rows: Row[]): Promise<void>;
  /** Finishes the tables (sequences), moves the data version to at least `version`, commits. */
  commit(version: number): Promise<number>;
  rollback(): Promise<void>;
  close(): Promise<void>;
}

const selectList = (table: TableSpec) => table.columns.map(([name]) => name).join(', ');

// SQLite stores booleans as 0/1; the copy carries true/false between the backends.
function fromSqlite(table: TableSpec, row: Row): Row {
  return row.map((value, index) => (table.columns[index][1] === 'boolean' && value !== null ? value === 1 : value));
}

function toSqlite(table: TableSpec, row: Row): Row {
  return row.map((value, index) => (table.columns[index][1] === 'boolean' && value !== null ? (value ? 1 : 0) : value));
}

function openSqlite(path: string, mustExist: boolean): Database {
  const db = new BetterSqlite3(path, { fileMustExist: mustExist });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function sqliteTables(db: Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as Array<{ name: string }>).map(
    (row) => row.name,
  );
}

function sqliteSource(path: string): CopySource {
  const db = openSqlite(path, true);
  // One read transaction: every table is read from the same snapshot.
  db.exec('BEGIN');
  return {
    async unknownTablesWithRows() {
      const known = new Set([...COPIED_TABLES.map((table) => table.name), ...OWN_TABLES]);
      return sqliteTables(db).filter((name) => !known.has(name) && db.prepare(`SELECT 1 FROM "${name}" LIMIT 1`).get() !== undefined);
    },
    async dataVersion() {
      return (db.prepare('SELECT data_version FROM store_meta WHERE id = 1').get() as { data_version: number }).data_version;
    },
    async *rows(table) {
      const statement = db.prepare(`SELECT ${selectList(table)} FROM ${table.name} ORDER BY ${table.orderBy}`).raw(true);
      let batch: Row[] = [];
      for (const row of statement.iterate() as IterableIterator<Row>) {
        batch.push(fromSqlite(table, row));
        if (batch.length === ROWS_PER_BATCH) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    },
    async close() {
      if (db.inTransaction) db.exec('COMMIT');
      db.close();
    },
  };
}

function sqliteTarget(path: string, prepareDirectory?: (path: string) => void): CopyTarget {
  if (path !== ':memory:') prepareDirectory?.(path);
  const db = openSqlite(path, false);
  return {
    async begin() {
      db.exec('BEGIN IMMEDIATE');
    },
    async isEmpty() {
      return COPIED_TABLES.every((table) => db.prepare(`SELECT 1 FROM ${table.name} LIMIT 1`).get() === undefined);
    },
    async write(table, rows) {
      const statement = db.prepare(
        `INSERT INTO ${table.name} (${selectList(table)}) VALUES (${table.columns.map(() => '?').join(', ')})`,
      );
      for (const row of rows) statement.run(...toSqlite(table, row));
    },
    async commit(version) {
      db.prepare('UPDATE store_meta SET data_version = max(data_version + 1, ?) WHERE id = 1').run(version);
      const stored = (db.prepare('SELECT data_version FROM store_meta WHERE id = 1').get() as { data_version: number }).data_version;
      db.exec('COMMIT');
      return stored;
    },
    async rollback() {
      if (db.inTransaction) db.exec('ROLLBACK');
    },
    async close() {
      db.close();
    },
  };
}

async function openPostgresPool(url: string): Promise<pg.Pool> {
  const target = parsePostgresUrl(url);
  const pool = createPool(target, 2);
  try {
    if (target.schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${target.schema}`);
    await migratePostgres(pool);
    return pool;
  } catch (error) {
    await pool.end();
    throw error;
  }
}

async function postgresTables(db: pg.PoolClient): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
  );
  return rows.map((row) => row.name);
}

async function postgresSource(url: string): Promise<CopySource> {
  const pool = await openPostgresPool(url);
  const client = await pool.connect();
  // One snapshot for every table, whatever is written meanwhile.
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  return {
    async unknownTablesWithRows() {
      const known = new Set([...COPIED_TABLES.map((table) => table.name), ...OWN_TABLES]);
      const unknown: string[] = [];
      for (const name of await postgresTables(client)) {
        if (!known.has(name) && ((await client.query(`SELECT 1 FROM "${name}" LIMIT 1`)).rowCount ?? 0) > 0) unknown.push(name);
      }
      return unknown;
    },
    async dataVersion() {
      return (await client.query<{ data_version: number }>('SELECT data_version FROM store_meta WHERE id = 1')).rows[0].data_version;
    },
    async *rows(table) {
      await client.query(`DECLARE copy_rows NO SCROLL CURSOR FOR SELECT ${selectList(table)} FROM ${table.name} ORDER BY ${table.orderBy}`);
      try {
        for (;;) {
          const { rows } = await client.query<Row>({ text: `FETCH FORWARD ${ROWS_PER_BATCH} FROM copy_rows`, rowMode: 'array' });
          if (rows.length === 0) break;
          yield rows;
        }
      } finally {
        await client.query('CLOSE copy_rows');
      }
    },
    async close() {
      await client.query('COMMIT').catch(() => {});
      client.release();
      await pool.end();
    },
  };
}

const POSTGRES_TYPE: Record<ColumnKind, ColumnType> = { text: 'text', integer: 'integer', real: 'double precision', boolean: 'boolean' };

async function postgresTarget(url: string): Promise<CopyTarget> {
  const pool = await openPostgresPool(url);
  const client = await pool.connect();
  let broken = false;
  return {
    async begin() {
      await client.query('BEGIN');
      // The same lock every store write takes first: no server instance writes in between.
      await client.query('UPDATE store_meta SET data_version = data_version + 1 WHERE id = 1');
    },
    async isEmpty() {
      for (const table of COPIED_TABLES) {
        if (((await client.query(`SELECT 1 FROM ${table.name} LIMIT 1`)).rowCount ?? 0) > 0) return false;
      }
      return true;
    },
    async write(table, rows) {
      const columns = table.columns.map(([name, kind]) => ({ name, type: POSTGRES_TYPE[kind] }));
      await insertRows(client, table.name, columns, rows);
    },
    async commit(version) {
      for (const table of COPIED_TABLES) if (table.identity) await syncIdentity(client, table.name, table.identity);
      const { rows } = await client.query<{ data_version: number }>(
        'UPDATE store_meta SET data_version = greatest(data_version, $1) WHERE id = 1 RETURNING data_version',
        [version],
      );
      await client.query(NOTIFY_DATA_VERSION, [rows[0].data_version]);
      await client.query('COMMIT');
      return rows[0].data_version;
    },
    async rollback() {
      await client.query('ROLLBACK').catch(() => (broken = true));
    },
    async close() {
      client.release(broken);
      await pool.end();
    },
  };
}

export interface CopyOptions {
  /** Called with the target's file path before a SQLite target is opened, e.g. to create its directory. */
  prepareDirectory?: (path: string) => void;
  onProgress?: (message: string) => void;
}

export interface CopyReport {
  /** Rows copied per table, in copy order. */
  tables: Record<string, number>;
  /** The target's data version after the copy. */
  dataVersion: number;
}

/** A refused copy; the target is unchanged. */
export class CopyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CopyError';
  }
}

function sameDatabase(from: string, to: string): boolean {
  return isPostgresUrl(from) === isPostgresUrl(to) && (isPostgresUrl(from) ? from === to : sqlitePathOf(from) === sqlitePathOf(to));
}

export async function copyDatabase(fromUrl: string, toUrl: string, options: CopyOptions = {}): Promise<CopyReport> {
  if (sameDatabase(fromUrl, toUrl)) throw new CopyError('source and target are the same database');
  const progress = options.onProgress ?? (() => {});
  const source = isPostgresUrl(fromUrl) ? await postgresSource(fromUrl) : sqliteSource(sqlitePathOf(fromUrl));
  try {
    const unknown = await source.unknownTablesWithRows();
    if (unknown.length > 0) throw new CopyError(`the source holds rows in tables this version cannot copy: ${unknown.join(', ')}`);
    const target = isPostgresUrl(toUrl) ? await postgresTarget(toUrl) : sqliteTarget(sqlitePathOf(toUrl), options.prepareDirectory);
    try {
      await target.begin();
      if (!(await target.isEmpty())) throw new CopyError('the target already holds data; copy only into an empty database');
      const tables: Record<string, number> = {};
      for (const table of COPIED_TABLES) {
        let count = 0;
        for await (const rows of source.rows(table)) {
          await target.write(table, rows);
          count += rows.length;
        }
        tables[table.name] = count;
        progress(`${table.name}: ${count} rows`);
      }
      const dataVersion = await target.commit(await source.dataVersion());
      return { tables, dataVersion };
    } catch (error) {
      await target.rollback();
      throw error;
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}
