// Online backup and restore of the SQLite database. Backup uses SQLite's backup API, so it is
// consistent while the server keeps serving and writing; restore replaces the database file and is
// run with the server stopped.
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { MIGRATIONS } from '../store/sqlite/migrations.ts';
import { schemaVersion } from '../store/sqlite/migrate.ts';

export class BackupError extends Error {}

export interface BackupReport {
  source: string;
  target: string;
  bytes: number;
  pages: number;
  schemaVersion: number;
}

function sqlitePath(url: string): string {
  if (/^postgres(ql)?:\/\//.test(url)) throw new BackupError('PostgreSQL: use pg_dump -Fc and pg_restore (see README)');
  return url.startsWith('sqlite:') ? url.slice('sqlite:'.length).replace(/^\/\//, '') : url;
}

/** `{ valid, reason }` for a database file: it opens, passes the integrity check, and its schema is not newer than ours. */
export function checkDatabaseFile(path: string): { valid: boolean; reason?: string; schemaVersion?: number } {
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') return { valid: false, reason: `integrity check: ${String(integrity)}` };
    const version = schemaVersion(db);
    if (version > MIGRATIONS.length) return { valid: false, reason: `schema version ${version} is newer than this program (${MIGRATIONS.length})` };
    return { valid: true, schemaVersion: version };
  } catch (error) {
    return { valid: false, reason: (error as Error).message };
  } finally {
    db?.close();
  }
}

export async function backupDatabase(sourceUrl: string, target: string): Promise<BackupReport> {
  const source = sqlitePath(sourceUrl);
  if (!existsSync(source)) throw new BackupError(`no database at ${source}`);
  if (existsSync(target)) throw new BackupError(`${target} exists; choose a new file`);
  const db = new BetterSqlite3(source, { fileMustExist: true });
  let pages = 0;
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(target, { progress: (info) => { pages = info.totalPages; return 256; } });
  } finally {
    db.close();
  }
  // A backup is one self-contained file: no WAL beside it.
  const copy = new BetterSqlite3(target, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
  const check = checkDatabaseFile(target);
  if (!check.valid) {
    rmSync(target, { force: true });
    throw new BackupError(`the copy failed its check (${check.reason}); nothing was kept`);
  }
  return { source, target, bytes: statSync(target).size, pages, schemaVersion: check.schemaVersion! };
}

/**
 * Puts a backup in place of the database (server stopped). The current file is kept beside it as
 * `<file>.pre-restore`; the next start migrates the restored copy if it is older.
 */
export async function restoreDatabase(backup: string, targetUrl: string): Promise<BackupReport & { previous: string | null }> {
  const target = sqlitePath(targetUrl);
  const check = checkDatabaseFile(backup);
  if (!check.valid) throw new BackupError(`${backup} is not a usable backup: ${check.reason}`);
  const staging = `${target}.restoring`;
  rmSync(staging, { force: true });
  const source = new BetterSqlite3(backup, { readonly: true, fileMustExist: true });
  let pages = 0;
  try {
    await source.backup(staging, { progress: (info) => { pages = info.totalPages; return 256; } });
  } finally {
    source.close();
  }
  let previous: string | null = null;
  if (existsSync(target)) {
    // Fold the live file's WAL in, so the kept previous copy is whole on its own.
    const current = new BetterSqlite3(target, { fileMustExist: true });
    try {
      current.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      current.close();
    }
    previous = `${target}.pre-restore`;
    rmSync(previous, { force: true });
    renameSync(target, previous);
  }
  for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  renameSync(staging, target);
  return { source: backup, target, bytes: statSync(target).size, pages, schemaVersion: check.schemaVersion!, previous };
}

export async function backupCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { database: { type: 'string' } } });
  if (positionals.length !== 1) throw new BackupError('usage: backup <file> [--database URL]');
  const report = await backupDatabase(values.database ?? process.env.DATABASE_URL ?? './var/gridmap.db', positionals[0]);
  console.log(JSON.stringify(report));
  return 0;
}

export async function restoreCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { database: { type: 'string' } } });
  if (positionals.length !== 1) throw new BackupError('usage: restore <file> [--database URL] (with the server stopped)');
  const report = await restoreDatabase(positionals[0], values.database ?? process.env.DATABASE_URL ?? './var/gridmap.db');
  console.log(JSON.stringify(report));
  return 0;
}
