import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../server/store/sqlite/sqliteStore.ts';
import { backupDatabase, checkDatabaseFile, restoreDatabase } from '../../server/build/backup.ts';
import { loadFixtureDataset, FIXTURE_NOW } from '../fixtures/dataset/load.ts';

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function scratch(): string {
  const directory = mkdtempSync(join(tmpdir(), 'gridmap-backup-'));
  directories.push(directory);
  return directory;
}

const user = (username: string) => ({ username, displayName: username, role: 'viewer' as const, scopeCodes: [], passwordHash: null, createdBy: 'test' });

describe('backup and restore', () => {
  it('copies a live database (WAL included) into one self-contained file, and restores it', async () => {
    const directory = scratch();
    const live = join(directory, 'live.db');
    const store = openSqliteStore(live, { now: () => FIXTURE_NOW });
    store.seedDataset(loadFixtureDataset());
    store.access.createUser(user('before-backup'));
    // The server keeps its connection open and writing while the backup runs.
    const report = await backupDatabase(live, join(directory, 'copy.db'));
    expect(report.schemaVersion).toBeGreaterThanOrEqual(6);
    expect(existsSync(join(directory, 'copy.db-wal'))).toBe(false);
    store.access.createUser(user('after-backup'));
    store.close();
    await expect(backupDatabase(live, join(directory, 'copy.db'))).rejects.toThrow(/exists/);

    const restored = await restoreDatabase(join(directory, 'copy.db'), live);
    expect(restored.previous).toBe(`${live}.pre-restore`);
    const reopened = openSqliteStore(live);
    expect(reopened.access.listUsers().map((u) => u.username)).toEqual(['before-backup']);
    expect((await reopened.listTownships()).length).toBe(2);
    reopened.close();
    const kept = openSqliteStore(`${live}.pre-restore`);
    expect(kept.access.listUsers().map((u) => u.username)).toEqual(['after-backup', 'before-backup']);
    kept.close();
  });

  it('refuses to restore a file that is not a sound database', async () => {
    const directory = scratch();
    const junk = join(directory, 'junk.db');
    writeFileSync(junk, 'not a database at all, just text that is long enough to have a header');
    expect(checkDatabaseFile(junk).valid).toBe(false);
    await expect(restoreDatabase(junk, join(directory, 'target.db'))).rejects.toThrow(/not a usable backup/);
    expect(existsSync(join(directory, 'target.db'))).toBe(false);
  });
});
