// Who is asking: a session cookie (the web app) or an `Authorization: Bearer` API token (wall
// displays, integrations). Only SHA-256 hashes of either are looked up.
import type { Context } from 'hono';
import type { IncomingHttpHeaders } from 'node:http';
import type { AccessStore, UserRecord } from '../../store/access.ts';
import type { BucketSettings } from './rate-limit.ts';
import { looksLikeSecret, secretHash } from '../../access/secrets.ts';
import type { RouteRule } from '../../access/policy.ts';

export const SESSION_COOKIE = 'gridmap_session';

export interface AccessSettings {
  store: AccessStore;
  /** Mark the session cookie Secure even when the request did not arrive over https. */
  secureCookies?: boolean;
  /** Believe X-Forwarded-For / X-Forwarded-Proto (set only behind a reverse proxy that writes them). */
  trustProxy?: boolean;
  /** Session lifetime; 12 hours when absent. */
  sessionHours?: number;
  /** Largest request body; 1 MiB when absent. */
  maxBodyBytes?: number;
  /** Writes per account (or client address): 120 burst, 20 per second when absent. */
  writeLimit?: BucketSettings;
  /** Login attempts per client address: 10 burst, one per 6 s when absent. */
  loginLimit?: BucketSettings;
  /** Milliseconds clock of the rate limits; Date.now when absent. */
  clock?: () => number;
}

export interface Identity {
  user: UserRecord;
  via: 'session' | 'token';
  /** Hash of the session id, for logging out. */
  sessionHash: string | null;
}

/** What the access layer learnt about one request, for the routes behind it. */
export interface RequestAccess {
  identity: Identity | null;
  address: string | null;
  rule: RouteRule | null;
}

const requests = new WeakMap<Context, RequestAccess>();

export function setRequestAccess(c: Context, access: RequestAccess): void {
  requests.set(c, access);
}

/** Null when the app runs without access control. */
export function requestAccessOf(c: Context): RequestAccess | null {
  return requests.get(c) ?? null;
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator === -1) continue;
    if (part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim();
  }
  return undefined;
}

type HeaderOf = (name: string) => string | undefined;

interface Credential {
  via: 'session' | 'token';
  hash: string;
}

/** The credential a request carries; a bearer token wins over a cookie. Malformed ones count as none. */
export function credentialOf(header: HeaderOf): Credential | null {
  const authorization = header('authorization');
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match && looksLikeSecret(match[1]) ? { via: 'token', hash: secretHash(match[1]) } : null;
  }
  const session = cookieValue(header('cookie'), SESSION_COOKIE);
  return session && looksLikeSecret(session) ? { via: 'session', hash: secretHash(session) } : null;
}

function identityOf(credential: Credential, user: UserRecord | null): Identity | null {
  return user ? { user, via: credential.via, sessionHash: credential.via === 'session' ? credential.hash : null } : null;
}

export async function identify(store: AccessStore, header: HeaderOf): Promise<Identity | null> {
  const credential = credentialOf(header);
  if (!credential) return null;
  const user = credential.via === 'token' ? await store.tokenUser(credential.hash) : await store.sessionUser(credential.hash);
  return identityOf(credential, user);
}

/**
 * The same, answered synchronously from node's parsed headers for the cached-layer fast path;
 * `undefined` when the store can only answer asynchronously (the request then goes the long way).
 */
export function identifySync(store: AccessStore, headers: IncomingHttpHeaders): Identity | null | undefined {
  const credential = credentialOf((name) => {
    const value = headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  });
  if (!credential) return null;
  const user = credential.via === 'token' ? store.tokenUser(credential.hash) : store.sessionUser(credential.hash);
  if (user instanceof Promise) {
    user.catch(() => {});
    return undefined;
  }
  return identityOf(credential, user);
}

/** The client's address: the socket's, or the proxy's X-Forwarded-For when trusted. */
export function clientAddress(c: Context, trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? null;
}

export function isHttps(c: Context, settings: AccessSettings): boolean {
  if (settings.secureCookies) return true;
  if (settings.trustProxy && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https') return true;
  return new URL(c.req.url).protocol === 'https:';
}
