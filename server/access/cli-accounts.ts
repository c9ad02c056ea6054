// Command-line account set-up: the first administrator (never a default password) and API tokens
// for wall displays and integrations. Both are recorded in the audit log as made from the CLI.
import { parseArgs } from 'node:util';
import { openStore } from '../store/open-store.ts';
import { accessOf, type AccessStore } from '../store/access.ts';
import { hashPassword, newSecret, secretHash, validatePassword } from './secrets.ts';
import type { GridStore } from '../store/store.ts';
import { createDemoAccounts } from './demo-accounts.ts';

export class CommandError extends Error {}

const USERNAME = /^[\w.@-]{1,64}$/;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** GRIDMAP_ADMIN_PASSWORD, else the first line piped on stdin; an interactive terminal is refused (it would echo). */
async function readPassword(): Promise<string> {
  const fromEnvironment = process.env.GRIDMAP_ADMIN_PASSWORD;
  if (fromEnvironment !== undefined && fromEnvironment !== '') return fromEnvironment;
  if (process.stdin.isTTY) throw new CommandError('pipe the password on stdin (e.g. `read -rs P; printf %s "$P" | npm run cli -- create-admin …`) or set GRIDMAP_ADMIN_PASSWORD');
  return (await readStdin()).split(/\r?\n/)[0];
}

async function withAccess<T>(database: string | undefined, work: (access: AccessStore) => Promise<T>): Promise<T> {
  const store = await openStore(database ?? process.env.DATABASE_URL ?? './var/gridmap.db');
  try {
    const access = accessOf(store);
    if (!access) throw new CommandError('this storage backend keeps no accounts');
    return await work(access);
  } finally {
    await store.close();
  }
}

export async function createAdminCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { username: { type: 'string' }, 'display-name': { type: 'string' }, database: { type: 'string' } } });
  if (!values.username || !USERNAME.test(values.username)) throw new CommandError('--username is required: 1–64 letters, digits, _ . @ or -');
  const password = await readPassword();
  const check = validatePassword(password);
  if (!check.valid) throw new CommandError(check.reason);
  const passwordHash = await hashPassword(password);
  return withAccess(values.database, async (access) => {
    if (await access.getUser(values.username!)) throw new CommandError(`account ${values.username} exists already`);
    const user = await access.createUser({ username: values.username!, displayName: values['display-name'] ?? values.username!, role: 'admin', scopeCodes: [], passwordHash, createdBy: 'cli' });
    await access.appendAudit({ actor: 'cli', via: 'cli', action: 'cli create-admin', target: user.username, outcome: 'ok', status: null, address: null, detail: null });
    console.log(JSON.stringify({ created: user.username, role: user.role }));
    return 0;
  });
}

export async function createTokenCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { username: { type: 'string' }, name: { type: 'string' }, database: { type: 'string' } } });
  if (!values.username) throw new CommandError('--username is required');
  const name = values.name?.trim();
  if (!name || name.length > 100) throw new CommandError('--name is required (1–100 characters), e.g. wall-1');
  return withAccess(values.database, async (access) => {
    if (!(await access.getUser(values.username!))) throw new CommandError(`no account ${values.username}; create it first`);
    const secret = newSecret();
    const token = await access.createToken(secretHash(secret), values.username!, name, 'cli');
    await access.appendAudit({ actor: 'cli', via: 'cli', action: 'cli create-token', target: `${token.username}/${token.name}#${token.id}`, outcome: 'ok', status: null, address: null, detail: null });
    process.stderr.write(`token ${token.id} "${token.name}" for ${token.username}; it is shown this once, only its hash is kept:\n`);
    console.log(secret);
    return 0;
  });
}

/** `seed --demo-accounts`: one labelled account per role; passwords go to stdout once. */
export async function demoAccountsCommand(store: GridStore): Promise<void> {
  const access = accessOf(store);
  if (!access) throw new CommandError('this storage backend keeps no accounts');
  const accounts = await createDemoAccounts(store, access);
  process.stderr.write('demo accounts (synthetic, for demonstrations only; passwords are shown this once):\n');
  for (const account of accounts) {
    console.log(JSON.stringify({ username: account.username, role: account.role, scopeCodes: account.scopeCodes, password: account.password ?? '(exists already; unchanged)' }));
  }
}
