// Chooses the storage backend from DATABASE_URL: a file path or sqlite: URL (embedded default).
import type { GridStore } from './store.ts';
import { openSqliteStore } from './sqlite/sqliteStore.ts';

export interface OpenStoreOptions {
  /** Called with the database file path before opening, e.g. to create its directory. */
  prepareDirectory?: (path: string) => void;
}

export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<GridStore> {
  if (/^postgres(ql)?:\/\//.test(url)) throw new Error('PostgreSQL storage is not available in this build; use a SQLite path');
  const path = url.startsWith('sqlite:') ? url.slice('sqlite:'.length).replace(/^\/\//, '') : url;
  if (path !== ':memory:') options.prepareDirectory?.(path);
  return openSqliteStore(path);
}
