// Storage interface of accounts, sessions, API tokens and the audit log, kept apart from GridStore
// so a backend can offer it or not. Secrets never reach storage: only their SHA-256 does.
import type { Awaitable, GridStore } from './store.ts';
import type { Role } from '../access/roles.ts';

export interface UserRecord {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  scopeCodes: string[];
  disabled: boolean;
  createdAt: string;
  /** Who created the account (a username, or `cli`). */
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  scopeCodes: string[];
  /** scrypt hash from server/access/secrets.ts; null for an account that signs in by token only. */
  passwordHash: string | null;
  createdBy: string;
}

export interface UserChanges {
  displayName?: string;
  role?: Role;
  scopeCodes?: string[];
  disabled?: boolean;
  passwordHash?: string | null;
  updatedBy: string;
}

export interface SessionRecord {
  userId: number;
  createdAt: string;
  expiresAt: string;
}

export interface TokenRecord {
  id: number;
  name: string;
  username: string;
  createdAt: string;
  createdBy: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export type AuditOutcome = 'ok' | 'refused' | 'denied' | 'failed';

export interface NewAuditEntry {
  /** Username, or null for an anonymous request. */
  actor: string | null;
  /** How the actor proved who they are. */
  via: 'session' | 'token' | 'cli' | 'anonymous';
  /** `POST /api/issues/:id/transitions`, `cli create-admin`, … */
  action: string;
  /** What the action was aimed at: the request path, a username, a token id. */
  target: string;
  outcome: AuditOutcome;
  /** HTTP status, when the action was a request. */
  status: number | null;
  /** Client address, when known. */
  address: string | null;
  detail: string | null;
}

export interface AuditEntry extends NewAuditEntry {
  id: number;
  at: string;
}

export interface AuditQuery {
  /** Entries older than this id (paging backwards); newest first. */
  before?: number;
  limit: number;
  actor?: string;
}

export interface AccessStore {
  createUser(user: NewUser): Awaitable<UserRecord>;
  getUser(username: string): Awaitable<UserRecord | null>;
  /** The stored password hash, for a login; null when the account has none or does not exist. */
  passwordHashOf(username: string): Awaitable<string | null>;
  listUsers(): Awaitable<UserRecord[]>;
  /** Null when there is no such account. Disabling or a new password revokes its sessions. */
  updateUser(username: string, changes: UserChanges): Awaitable<UserRecord | null>;
  countUsers(): Awaitable<number>;

  createSession(hash: string, userId: number, expiresAt: string): Awaitable<SessionRecord>;
  /** The account of a live session (not revoked, not expired, account enabled). */
  sessionUser(hash: string): Awaitable<UserRecord | null>;
  revokeSession(hash: string): Awaitable<void>;

  createToken(hash: string, username: string, name: string, createdBy: string): Awaitable<TokenRecord>;
  /** The account of a live token (not revoked, account enabled); notes when it was last used. */
  tokenUser(hash: string): Awaitable<UserRecord | null>;
  listTokens(): Awaitable<TokenRecord[]>;
  /** Null when there is no such token; revoking twice keeps the first time. */
  revokeToken(id: number): Awaitable<TokenRecord | null>;

  appendAudit(entry: NewAuditEntry): Awaitable<AuditEntry>;
  listAudit(query: AuditQuery): Awaitable<AuditEntry[]>;
}

/** An access write refused; nothing was changed. */
export class AccessError extends Error {
  readonly code: 'conflict' | 'unknown_user' | 'invalid';
  readonly field: string;
  constructor(code: AccessError['code'], field: string, message: string) {
    super(message);
    this.name = 'AccessError';
    this.code = code;
    this.field = field;
  }
}

/** The access store a GridStore offers, if any. */
export function accessOf(store: GridStore): AccessStore | null {
  const candidate = (store as GridStore & { access?: AccessStore }).access;
  return candidate && typeof candidate.sessionUser === 'function' ? candidate : null;
}
