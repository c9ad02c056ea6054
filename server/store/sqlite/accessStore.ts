// AccessStore on the GridStore's SQLite database. Its writes do not move the data version: accounts
// and the audit log change no map, figure or cached layer.
import type { Database } from 'better-sqlite3';
import {
  AccessError,
  type AccessStore,
  type AuditEntry,
  type AuditQuery,
  type NewAuditEntry,
  type NewUser,
  type SessionRecord,
  type TokenRecord,
  type UserChanges,
  type UserRecord,
} from '../access.ts';
import { TOKEN_SELECT, TOKEN_TOUCH_MS, USER_COLUMNS, toToken, toUser, type TokenRow, type UserRow } from '../accessRows.ts';

interface AuditRow {
  id: number;
  at: string;
  actor: string | null;
  via: AuditEntry['via'];
  action: string;
  target: string;
  outcome: AuditEntry['outcome'];
  status: number | null;
  address: string | null;
  detail: string | null;
}

function toAudit(row: AuditRow): AuditEntry {
  return { ...row };
}

export class SqliteAccessStore implements AccessStore {
  readonly #db: Database;
  readonly #now: () => Date;

  constructor(db: Database, options: { now?: () => Date } = {}) {
    this.#db = db;
    this.#now = options.now ?? (() => new Date());
  }

  #nowIso(): string {
    return this.#now().toISOString();
  }

  #write<T>(work: () => T): T {
    return this.#db.transaction(work).immediate();
  }

  #userRow(username: string): UserRow | undefined {
    return this.#db.prepare(`SELECT ${USER_COLUMNS} FROM users u WHERE u.username = ?`).get(username) as UserRow | undefined;
  }

  createUser(user: NewUser): UserRecord {
    return this.#write(() => {
      if (this.#userRow(user.username)) throw new AccessError('conflict', 'username', `account ${user.username} exists already`);
      const at = this.#nowIso();
      this.#db
        .prepare(
          `INSERT INTO users (username, display_name, role, scope_codes, password_hash, disabled, created_at, created_by, updated_at, updated_by)
           VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?)`,
        )
        .run(user.username, user.displayName, user.role, JSON.stringify(user.scopeCodes), user.passwordHash, at, user.createdBy, at, user.createdBy);
      return toUser(this.#userRow(user.username)!);
    });
  }

  getUser(username: string): UserRecord | null {
    const row = this.#userRow(username);
    return row ? toUser(row) : null;
  }

  passwordHashOf(username: string): string | null {
    const row = this.#db.prepare('SELECT password_hash FROM users WHERE username = ?').get(username) as { password_hash: string | null } | undefined;
    return row?.password_hash ?? null;
  }

  listUsers(): UserRecord[] {
    return (this.#db.prepare(`SELECT ${USER_COLUMNS} FROM users u ORDER BY u.username`).all() as UserRow[]).map(toUser);
  }

  countUsers(): number {
    return (this.#db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
  }

  updateUser(username: string, changes: UserChanges): UserRecord | null {
    return this.#write(() => {
      const row = this.#userRow(username);
      if (!row) return null;
      const at = this.#nowIso();
      this.#db
        .prepare(
          `UPDATE users SET display_name = ?, role = ?, scope_codes = ?, disabled = ?, password_hash = ?, updated_at = ?, updated_by = ?
           WHERE id = ?`,
        )
        .run(
          changes.displayName ?? row.display_name,
          changes.role ?? row.role,
          changes.scopeCodes ? JSON.stringify(changes.scopeCodes) : row.scope_codes,
          changes.disabled === undefined ? row.disabled : changes.disabled ? 1 : 0,
          changes.passwordHash === undefined ? this.passwordHashOf(username) : changes.passwordHash,
          at,
          changes.updatedBy,
          row.id,
        );
      // A disabled account, a new password or a new role ends every open session.
      if (changes.disabled || changes.passwordHash !== undefined || (changes.role && changes.role !== row.role) || changes.scopeCodes) {
        this.#db.prepare('UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL').run(at, row.id);
      }
      return toUser(this.#userRow(username)!);
    });
  }

  createSession(hash: string, userId: number, expiresAt: string): SessionRecord {
    const createdAt = this.#nowIso();
    this.#write(() => {
      // Expired sessions are of no further use; clearing them here keeps the table small.
      this.#db.prepare('DELETE FROM sessions WHERE expires_at < ?').run(createdAt);
      this.#db.prepare('INSERT INTO sessions (hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(hash, userId, createdAt, expiresAt);
    });
    return { userId, createdAt, expiresAt };
  }

  sessionUser(hash: string): UserRecord | null {
    const row = this.#db
      .prepare(
        `SELECT ${USER_COLUMNS} FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.hash = ? AND s.revoked_at IS NULL AND s.expires_at > ? AND u.disabled = 0`,
      )
      .get(hash, this.#nowIso()) as UserRow | undefined;
    return row ? toUser(row) : null;
  }

  revokeSession(hash: string): void {
    this.#write(() => {
      this.#db.prepare('UPDATE sessions SET revoked_at = ? WHERE hash = ? AND revoked_at IS NULL').run(this.#nowIso(), hash);
    });
  }

  createToken(hash: string, username: string, name: string, createdBy: string): TokenRecord {
    return this.#write(() => {
      const user = this.#userRow(username);
      if (!user) throw new AccessError('unknown_user', 'username', `no account ${username}`);
      const result = this.#db
        .prepare('INSERT INTO api_tokens (hash, name, user_id, created_at, created_by) VALUES (?, ?, ?, ?, ?)')
        .run(hash, name, user.id, this.#nowIso(), createdBy);
      return toToken(this.#db.prepare(`${TOKEN_SELECT} WHERE t.id = ?`).get(result.lastInsertRowid) as TokenRow);
    });
  }

  tokenUser(hash: string): UserRecord | null {
    const row = this.#db
      .prepare(
        `SELECT ${USER_COLUMNS}, t.id AS token_id, t.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id
         WHERE t.hash = ? AND t.revoked_at IS NULL AND u.disabled = 0`,
      )
      .get(hash) as (UserRow & { token_id: number; last_used_at: string | null }) | undefined;
    if (!row) return null;
    const now = this.#now();
    if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) >= TOKEN_TOUCH_MS) {
      this.#db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(now.toISOString(), row.token_id);
    }
    return toUser(row);
  }

  listTokens(): TokenRecord[] {
    return (this.#db.prepare(`${TOKEN_SELECT} ORDER BY t.id`).all() as TokenRow[]).map(toToken);
  }

  revokeToken(id: number): TokenRecord | null {
    return this.#write(() => {
      this.#db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(this.#nowIso(), id);
      const row = this.#db.prepare(`${TOKEN_SELECT} WHERE t.id = ?`).get(id) as TokenRow | undefined;
      return row ? toToken(row) : null;
    });
  }

  appendAudit(entry: NewAuditEntry): AuditEntry {
    const at = this.#nowIso();
    const result = this.#db
      .prepare('INSERT INTO audit_log (at, actor, via, action, target, outcome, status, address, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(at, entry.actor, entry.via, entry.action, entry.target, entry.outcome, entry.status, entry.address, entry.detail);
    return { ...entry, id: Number(result.lastInsertRowid), at };
  }

  listAudit(query: AuditQuery): AuditEntry[] {
    const conditions: string[] = [];
    const values: Array<string | number> = [];
    if (query.before !== undefined) {
      conditions.push('id < ?');
      values.push(query.before);
    }
    if (query.actor !== undefined) {
      conditions.push('actor = ?');
      values.push(query.actor);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows = this.#db
      .prepare(`SELECT id, at, actor, via, action, target, outcome, status, address, detail FROM audit_log ${where} ORDER BY id DESC LIMIT ?`)
      .all(...values, query.limit) as AuditRow[];
    return rows.map(toAudit);
  }
}
