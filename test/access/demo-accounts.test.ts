// Demo accounts exist only when asked for: one per role, labelled, scoped to a real township of
// the stored dataset, each with its own random password that signs in.
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../server/store/sqlite/sqliteStore.ts';
import { createDemoAccounts } from '../../server/access/demo-accounts.ts';
import { ROLES } from '../../server/access/roles.ts';
import { verifyPassword } from '../../server/access/secrets.ts';
import { ensureSeeded } from '../../server/build/seed.ts';
import { loadFieldworkDataset } from '../fixtures/fieldwork/load.ts';
import { TEST_SCRYPT } from './helpers.ts';
import { validateScopeCodes } from '../../server/access/roles.ts';

describe('demo accounts', () => {
  it('are made one per role with a scope in a real township and distinct random passwords', async () => {
    const store = openSqliteStore(':memory:');
    const dataset = loadFieldworkDataset();
    store.seedDataset(dataset);
    expect(store.access.countUsers()).toBe(0);
    const made = await createDemoAccounts(store, store.access, { scrypt: TEST_SCRYPT });
    expect(made.map((account) => account.role).sort()).toEqual([...ROLES].sort());
    const passwords = made.map((account) => account.password);
    expect(new Set(passwords).size).toBe(ROLES.length);
    const township = [...dataset.townships].map((item) => item.code).sort()[0];
    for (const account of made) {
      const user = store.access.getUser(account.username)!;
      expect(user.username.startsWith('demo-')).toBe(true);
      expect(user.displayName).toMatch(/演示账号 demo/);
      expect(validateScopeCodes(user.role, user.scopeCodes)).toEqual({ valid: true });
      for (const code of user.scopeCodes) expect(code.startsWith(township)).toBe(true);
      expect(await verifyPassword(account.password!, store.access.passwordHashOf(account.username)!)).toBe(true);
    }
    // Asked again: nothing new, no password shown twice.
    const again = await createDemoAccounts(store, store.access, { scrypt: TEST_SCRYPT });
    expect(again.every((account) => account.password === null)).toBe(true);
    expect(store.access.countUsers()).toBe(ROLES.length);
    store.close();
  });

  it('are never made by the ordinary seed', async () => {
    const store = openSqliteStore(':memory:');
    store.seedDataset(loadFieldworkDataset());
    await ensureSeeded(store);
    expect(store.access.countUsers()).toBe(0);
    store.close();
  });
});
