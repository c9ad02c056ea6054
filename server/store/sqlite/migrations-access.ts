// Schema steps of accounts and audit (exactly one entry: migration 6).
import type { Migration } from './migrations.ts';

export const ACCESS_MIGRATIONS: readonly Migration[] = [
  {
    name: 'accounts, sessions, API tokens and the append-only audit log',
    sql: `
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(username) BETWEEN 1 AND 64),
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('viewer', 'grid_cadre', 'township_operator', 'township_planner', 'county_leader', 'admin')),
  -- JSON array of township, village or grid codes the account works in.
  scope_codes TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(scope_codes) AND json_type(scope_codes) = 'array'),
  -- scrypt$N$r$p$salt$key; NULL for an account that signs in by API token only.
  password_hash TEXT,
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
);

-- Only the SHA-256 of a session id is kept.
CREATE TABLE sessions (
  hash TEXT PRIMARY KEY CHECK (length(hash) = 64),
  user_id INTEGER NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX sessions_by_user ON sessions(user_id);

CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  hash TEXT NOT NULL UNIQUE CHECK (length(hash) = 64),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  user_id INTEGER NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at TEXT
);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT,
  via TEXT NOT NULL CHECK (via IN ('session', 'token', 'cli', 'anonymous')),
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'refused', 'denied', 'failed')),
  status INTEGER,
  address TEXT,
  detail TEXT
);
CREATE INDEX audit_log_by_actor ON audit_log(actor, id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
`,
  },
];
