// AccessStore on the GridStore's PostgreSQL database. Its writes do not move the data version:
// accounts and the audit log change no map, figure or cached layer. Several instances may share the
// tables: each write is one statement or one transaction, and a username taken meanwhile by another
// instance is refused by the unique index like one taken before.
import type pg from 'pg';
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
import { SqlParams, whereClause, type Queryable } from './sql.ts';

const AUDIT_COLUMNS = 'id, at, actor, via, action, target, outcome, status, address, detail';
const UNIQUE_VIOLATION = '23505';

async function userRow(db: Queryable, username: string, forUpdate = false): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(
    `SELECT ${USER_COLUMNS} FROM users u WHERE lower(u.username) = lower($1)${forUpdate ? ' FOR UPDATE' : ''}`,
    [username],
  );
  return rows[0];
}

export class PostgresAccessStore implements AccessStore {
  readonly #pool: pg.Pool;
  readonly #now: () => Date;

  constructor(pool: pg.Pool, options: { now?: () => Date } = {}) {
    this.#pool = pool;
    this.#now = options.now ?? (() => new Date());
  }

  #nowIso(): string {
    return this.#now().toISOString();
  }

  async #transaction<T>(work: (db: Queryable) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      try {
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => (broken = true));
        throw error;
      }
    } finally {
      client.release(broken);
    }
  }

  async createUser(user: NewUser): Promise<UserRecord> {
    const at = this.#nowIso();
    try {
      const { rows } = await this.#pool.query<UserRow>(
        `INSERT INTO users AS u (username, display_name, role, scope_codes, password_hash, disabled, created_at, created_by, updated_at, updated_by)
         VALUES ($1, $2, $3, $4, $5, false, $6, $7, $6, $7) RETURNING ${USER_COLUMNS}`,
        [user.username, user.displayName, user.role, JSON.stringify(user.scopeCodes), user.passwordHash, at, user.createdBy],
      );
      return toUser(rows[0]);
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new AccessError('conflict', 'username', `account ${user.username} exists already`);
      }
      throw error;
    }
  }

  async getUser(username: string): Promise<UserRecord | null> {
    const row = await userRow(this.#pool, username);
    return row ? toUser(row) : null;
  }

  async passwordHashOf(username: string): Promise<string | null> {
    const { rows } = await this.#pool.query<{ password_hash: string | null }>('SELECT password_hash FROM users WHERE lower(username) = lower($1)', [
      username,
    ]);
    return rows[0]?.password_hash ?? null;
  }

  async listUsers(): Promise<UserRecord[]> {
    return (await this.#pool.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users u ORDER BY lower(u.username) COLLATE "C", u.username COLLATE "C"`)).rows.map(toUser);
  }

  async countUsers(): Promise<number> {
    return (await this.#pool.query<{ n: number }>('SELECT count(*) AS n FROM users')).rows[0].n;
  }

  updateUser(username: string, changes: UserChanges): Promise<UserRecord | null> {
    return this.#transaction(async (db) => {
      const row = await userRow(db, username, true);
      if (!row) return null;
      const at = this.#nowIso();
      const params = new SqlParams();
      const sets = [`updated_at = ${params.add(at)}`, `updated_by = ${params.add(changes.updatedBy)}`];
      if (changes.displayName !== undefined) sets.push(`display_name = ${params.add(changes.displayName)}`);
      if (changes.role !== undefined) sets.push(`role = ${params.add(changes.role)}`);
      if (changes.scopeCodes !== undefined) sets.push(`scope_codes = ${params.add(JSON.stringify(changes.scopeCodes))}`);
      if (changes.disabled !== undefined) sets.push(`disabled = ${params.add(changes.disabled)}`);
      if (changes.passwordHash !== undefined) sets.push(`password_hash = ${params.add(changes.passwordHash)}`);
      const { rows } = await db.query<UserRow>(
        `UPDATE users AS u SET ${sets.join(', ')} WHERE u.id = ${params.add(row.id)} RETURNING ${USER_COLUMNS}`,
        params.values,
      );
      // A disabled account, a new password or a new role ends every open session.
      if (changes.disabled || changes.passwordHash !== undefined || (changes.role && changes.role !== row.role) || changes.scopeCodes) {
        await db.query('UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL', [at, row.id]);
      }
      return toUser(rows[0]);
    });
  }

  async createSession(hash: string, userId: number, expiresAt: string): Promise<SessionRecord> {
    const createdAt = this.#nowIso();
    await this.#transaction(async (db) => {
      // Expired sessions are of no further use; clearing them here keeps the table small.
      await db.query('DELETE FROM sessions WHERE expires_at < $1', [createdAt]);
      await db.query('INSERT INTO sessions (hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [hash, userId, createdAt, expiresAt]);
    });
    return { userId, createdAt, expiresAt };
  }

  async sessionUser(hash: string): Promise<UserRecord | null> {
    const { rows } = await this.#pool.query<UserRow>(
      `SELECT ${USER_COLUMNS} FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND NOT u.disabled`,
      [hash, this.#nowIso()],
    );
    return rows[0] ? toUser(rows[0]) : null;
  }

  async revokeSession(hash: string): Promise<void> {
    await this.#pool.query('UPDATE sessions SET revoked_at = $1 WHERE hash = $2 AND revoked_at IS NULL', [this.#nowIso(), hash]);
  }

  createToken(hash: string, username: string, name: string, createdBy: string): Promise<TokenRecord> {
    return this.#transaction(async (db) => {
      const user = await userRow(db, username);
      if (!user) throw new AccessError('unknown_user', 'username', `no account ${username}`);
      const { rows } = await db.query<{ id: number }>(
        'INSERT INTO api_tokens (hash, name, user_id, created_at, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id',
        [hash, name, user.id, this.#nowIso(), createdBy],
      );
      return toToken((await db.query<TokenRow>(`${TOKEN_SELECT} WHERE t.id = $1`, [rows[0].id])).rows[0]);
    });
  }

  async tokenUser(hash: string): Promise<UserRecord | null> {
    const { rows } = await this.#pool.query<UserRow & { token_id: number; last_used_at: string | null }>(
      `SELECT ${USER_COLUMNS}, t.id AS token_id, t.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id
       WHERE t.hash = $1 AND t.revoked_at IS NULL AND NOT u.disabled`,
      [hash],
    );
    const row = rows[0];
    if (!row) return null;
    const now = this.#now();
    if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) >= TOKEN_TOUCH_MS) {
      await this.#pool.query('UPDATE api_tokens SET last_used_at = $1 WHERE id = $2', [now.toISOString(), row.token_id]);
    }
    return toUser(row);
  }

  async listTokens(): Promise<TokenRecord[]> {
    return (await this.#pool.query<TokenRow>(`${TOKEN_SELECT} ORDER BY t.id`)).rows.map(toToken);
  }

  async revokeToken(id: number): Promise<TokenRecord | null> {
    // Revoking twice keeps the first time: only a live token is updated.
    await this.#pool.query('UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [this.#nowIso(), id]);
    const { rows } = await this.#pool.query<TokenRow>(`${TOKEN_SELECT} WHERE t.id = $1`, [id]);
    return rows[0] ? toToken(rows[0]) : null;
  }

  async appendAudit(entry: NewAuditEntry): Promise<AuditEntry> {
    const at = this.#nowIso();
    const { rows } = await this.#pool.query<{ id: number }>(
      'INSERT INTO audit_log (at, actor, via, action, target, outcome, status, address, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id',
      [at, entry.actor, entry.via, entry.action, entry.target, entry.outcome, entry.status, entry.address, entry.detail],
    );
    return { ...entry, id: rows[0].id, at };
  }

  async listAudit(query: AuditQuery): Promise<AuditEntry[]> {
    const params = new SqlParams();
    const clauses: string[] = [];
    if (query.before !== undefined) clauses.push(`id < ${params.add(query.before)}`);
    if (query.actor !== undefined) clauses.push(`actor = ${params.add(query.actor)}`);
    const { rows } = await this.#pool.query<AuditEntry>(
      `SELECT ${AUDIT_COLUMNS} FROM audit_log${whereClause(clauses)} ORDER BY id DESC LIMIT ${params.add(query.limit)}`,
      params.values,
    );
    return rows.map((row) => ({ ...row }));
  }
}
