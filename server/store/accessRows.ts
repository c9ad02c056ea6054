// Account and token rows and their mapping to records, shared by the SQLite and PostgreSQL
// access stores (both keep the same table and column names).
import type { Role } from '../access/roles.ts';
import type { TokenRecord, UserRecord } from './access.ts';

export interface UserRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  scope_codes: string;
  /** 0/1 in SQLite, a boolean in PostgreSQL. */
  disabled: number | boolean;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

export interface TokenRow {
  id: number;
  name: string;
  username: string;
  created_at: string;
  created_by: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export const USER_COLUMNS = 'u.id, u.username, u.display_name, u.role, u.scope_codes, u.disabled, u.created_at, u.created_by, u.updated_at, u.updated_by';
export const TOKEN_SELECT = `SELECT t.id, t.name, u.username, t.created_at, t.created_by, t.last_used_at, t.revoked_at
  FROM api_tokens t JOIN users u ON u.id = t.user_id`;
/** A token's last use is noted at most this often, so reads do not turn into a write each. */
export const TOKEN_TOUCH_MS = 60_000;

export function toUser(row: UserRow): UserRecord {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    scopeCodes: JSON.parse(row.scope_codes) as string[],
    disabled: Boolean(row.disabled),
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

export function toToken(row: TokenRow): TokenRecord {
  return {
    id: row.id,
    name: row.name,
    username: row.username,
    createdAt: row.created_at,
    createdBy: row.created_by,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

