// Chooses the storage backend from DATABASE_URL: postgres:// or postgresql:// for PostgreSQL (with an
// optional ?schema=NAME), else a file path or sqlite: URL for the embedded SQLite database.
import type { GridStore } from './store.ts';
import { openSqliteStore } from './sqlite/sqliteStore.ts';
import { openPostgresStore } from './postgres/postgresStore.ts';

export interface OpenStoreOptions {
  /** Called with the database file path before opening, e.g. to create its directory (SQLite only). */
  prepareDirectory?: (path: string) => void;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/** The SQLite file path a non-PostgreSQL URL names (':memory:' for a private in-memory database). */
export function sqlitePathOf(url: string): string {
  return url.startsWith('sqlite:') ? url.slice('sqlite:'.length).replace(/^\/\//, '') : url;
}

export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<GridStore> {
  if (isPostgresUrl(url)) return openPostgresStore(url);
  const path = sqlitePathOf(url);
  if (path !== ':memory:') options.prepareDirectory?.(path);
  return openSqliteStore(path);
}
