// Labelled demo accounts, one per role, made only when asked (`npm run cli -- seed --demo-accounts`):
// each gets a random password printed once; scoped roles work in a real township of the stored
// dataset (its first by code) or one of its grids.
import type { GridStore } from '../store/store.ts';
import type { AccessStore, UserRecord } from '../store/access.ts';
import { ROLES, SCOPE_CODE_LENGTHS, type Role } from './roles.ts';
import { hashPassword, newSecret, type ScryptParameters } from './secrets.ts';

export const DEMO_PREFIX = 'demo-';

export interface DemoAccount {
  username: string;
  role: Role;
  scopeCodes: string[];
  /** Null when the account existed already (its password is not shown again). */
  password: string | null;
}

/** The places demo accounts work in: the first township by code, and its first grid. */
export async function demoScope(store: GridStore): Promise<{ townshipCode: string; townshipName: string; gridCode: string } | null> {
  const townships = [...(await store.listTownships())].sort((a, b) => a.code.localeCompare(b.code));
  for (const township of townships) {
    const grids = (await store.listGrids({ townshipCode: township.code })) ?? [];
    const first = [...grids].sort((a, b) => a.code.localeCompare(b.code))[0];
    if (first) return { townshipCode: township.code, townshipName: township.name, gridCode: first.code };
  }
  return null;
}

export async function createDemoAccounts(
  store: GridStore,
  access: AccessStore,
  options: { scrypt?: ScryptParameters } = {},
): Promise<DemoAccount[]> {
  const scope = await demoScope(store);
  if (!scope) throw new Error('the database holds no grids: seed it first');
  const made: DemoAccount[] = [];
  for (const role of ROLES) {
    const username = `${DEMO_PREFIX}${role.replaceAll('_', '-')}`;
    const lengths = SCOPE_CODE_LENGTHS[role];
    const scopeCodes = lengths.length === 0 ? [] : lengths.includes(9) ? [scope.townshipCode] : [scope.gridCode];
    const existing: UserRecord | null = await access.getUser(username);
    if (existing) {
      made.push({ username, role: existing.role, scopeCodes: existing.scopeCodes, password: null });
      continue;
    }
    const password = newSecret().slice(0, 20);
    const where = scopeCodes.length > 0 ? ` · ${scope.townshipName}` : '';
    await access.createUser({
      username,
      displayName: `演示账号 demo · ${role}${where}`,
      role,
      scopeCodes,
      passwordHash: await hashPassword(password, options.scrypt),
      createdBy: 'cli',
    });
    await access.appendAudit({ actor: 'cli', via: 'cli', action: 'cli seed --demo-accounts', target: username, outcome: 'ok', status: null, address: null, detail: 'demo account' });
    made.push({ username, role, scopeCodes, password });
  }
  return made;
}
