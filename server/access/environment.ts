// Access control for the production server, from the environment:
//   GRIDMAP_AUTH=1            accounts, roles and the audit log on every API route
//   GRIDMAP_SECURE_COOKIES=1  mark the session cookie Secure (the site is served over https)
//   GRIDMAP_TRUST_PROXY=1     believe X-Forwarded-For/-Proto from the reverse proxy in front
//   GRIDMAP_SESSION_HOURS=N   session lifetime (12 by default)
//   GRIDMAP_WRITE_RATE=N      writes per second per account (20 by default; bursts of 6 s worth)
import type { GridStore } from '../store/store.ts';
import { accessOf } from '../store/access.ts';
import type { AccessSettings } from '../http/middleware/identity.ts';

const enabled = (value: string | undefined) => value === '1' || value === 'true' || value === 'yes';

export async function accessFromEnvironment(store: GridStore, env: NodeJS.ProcessEnv = process.env, log: (line: string) => void = console.warn): Promise<AccessSettings | undefined> {
  if (!enabled(env.GRIDMAP_AUTH)) return undefined;
  const access = accessOf(store);
  if (!access) throw new Error('GRIDMAP_AUTH=1, but this storage backend keeps no accounts');
  if ((await access.countUsers()) === 0) {
    log('gridmap: access control is on and there is no account yet: npm run cli -- create-admin --username NAME');
  }
  const sessionHours = Number(env.GRIDMAP_SESSION_HOURS ?? 12);
  const writeRate = Number(env.GRIDMAP_WRITE_RATE ?? 20);
  return {
    writeLimit: Number.isFinite(writeRate) && writeRate > 0 ? { capacity: Math.ceil(writeRate * 6), refillPerSecond: writeRate } : undefined,
    store: access,
    secureCookies: enabled(env.GRIDMAP_SECURE_COOKIES),
    trustProxy: enabled(env.GRIDMAP_TRUST_PROXY),
    sessionHours: Number.isFinite(sessionHours) && sessionHours > 0 ? sessionHours : 12,
  };
}
