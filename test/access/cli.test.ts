// The account commands as an operator runs them: a real process, the password on stdin.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../server/store/sqlite/sqliteStore.ts';
import { secretHash, verifyPassword } from '../../server/access/secrets.ts';

const directory = mkdtempSync(join(tmpdir(), 'gridmap-cli-'));
const database = join(directory, 'gridmap.db');
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function cli(args: string[], input = '', env: Record<string, string> = {}) {
  const environment: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (!('GRIDMAP_ADMIN_PASSWORD' in env)) delete environment.GRIDMAP_ADMIN_PASSWORD;
  return spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args, '--database', database], { input, env: environment, encoding: 'utf8' });
}

describe('account commands', () => {
  it('create an administrator only with a password of their own, and tokens shown once', async () => {
    expect(cli(['create-admin', '--username', 'root']).status).toBe(1);
    expect(cli(['create-admin', '--username', 'root'], 'short\n').stderr).toContain('at least 10 characters');
    const created = cli(['create-admin', '--username', 'root'], 'a long admin password\n');
    expect(created.status).toBe(0);
    expect(JSON.parse(created.stdout)).toEqual({ created: 'root', role: 'admin' });
    expect(cli(['create-admin', '--username', 'root'], 'a long admin password\n').stderr).toContain('exists already');
    expect(cli(['create-admin', '--username', 'second'], '', { GRIDMAP_ADMIN_PASSWORD: 'from the environment' }).status).toBe(0);

    const token = cli(['create-token', '--username', 'root', '--name', 'wall-1']);
    expect(token.status).toBe(0);
    const secret = token.stdout.trim();
    expect(secret).toMatch(/^[\w-]{43}$/);

    const store = openSqliteStore(database);
    try {
      expect(await verifyPassword('a long admin password', store.access.passwordHashOf('root')!)).toBe(true);
      expect(await verifyPassword('from the environment', store.access.passwordHashOf('second')!)).toBe(true);
      expect(store.access.tokenUser(secretHash(secret))?.username).toBe('root');
      expect(store.access.listAudit({ limit: 10 }).map((entry) => [entry.actor, entry.action])).toEqual([
        ['cli', 'cli create-token'],
        ['cli', 'cli create-admin'],
        ['cli', 'cli create-admin'],
      ]);
    } finally {
      store.close();
    }
  });
});
