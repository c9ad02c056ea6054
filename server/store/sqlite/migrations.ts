// Ordered schema steps; migration N brings PRAGMA user_version from N-1 to N. Append, never edit.
// Later steps live beside their feature's store code and are appended here in a fixed order.
import { PLAN_MIGRATIONS } from './migrations-plan.ts';
import { ACCESS_MIGRATIONS } from './migrations-access.ts';
import { PROVINCE_MIGRATIONS } from './migrations-province.ts';
import { ROLLUP_MIGRATIONS } from './migrations-rollup.ts';

export interface Migration {
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    name: 'initial schema: territory, versioned grids, issue ledger',
    sql: `
CREATE TABLE store_meta (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  data_version INTEGER NOT NULL
);
INSERT INTO store_meta (id, data_version) VALUES (1, 0);

-- The dataset a database was seeded with (one per database).
CREATE TABLE datasets (
  id TEXT PRIMARY KEY,
  county_code TEXT NOT NULL,
  attribution TEXT NOT NULL,
  synthetic_layers TEXT NOT NULL,
  seeded_at TEXT NOT NULL
);

CREATE TABLE counties (
  code TEXT PRIMARY KEY CHECK (length(code) = 6),
  name TEXT NOT NULL,
  geometry TEXT NOT NULL
);

CREATE TABLE townships (
  code TEXT PRIMARY KEY CHECK (length(code) = 9),
  county_code TEXT NOT NULL REFERENCES counties(code),
  name TEXT NOT NULL,
  geometry TEXT NOT NULL
);

CREATE TABLE villages (
  code TEXT PRIMARY KEY CHECK (length(code) = 12),
  township_code TEXT NOT NULL REFERENCES townships(code),
  name TEXT NOT NULL,
  geometry TEXT NOT NULL
);
CREATE INDEX villages_by_township ON villages(township_code);

-- Each redraw of a township's grid plan is a new version; version 1 is the seeded plan.
CREATE TABLE grid_versions (
  township_code TEXT NOT NULL REFERENCES townships(code),
  version INTEGER NOT NULL CHECK (version >= 1),
  created_at TEXT NOT NULL,
  author TEXT NOT NULL,
  reason TEXT NOT NULL,
  PRIMARY KEY (township_code, version)
);

CREATE TABLE blocks (
  id TEXT PRIMARY KEY,
  township_code TEXT NOT NULL REFERENCES townships(code),
  village_code TEXT NOT NULL REFERENCES villages(code),
  households INTEGER NOT NULL CHECK (households >= 0),
  area_m2 REAL NOT NULL CHECK (area_m2 >= 0),
  geometry TEXT NOT NULL
);
CREATE INDEX blocks_by_township ON blocks(township_code);

-- A grid code, once issued, keeps its identity; its shape per plan version lives in grids.
CREATE TABLE grid_codes (
  code TEXT PRIMARY KEY CHECK (length(code) = 15),
  township_code TEXT NOT NULL REFERENCES townships(code),
  village_code TEXT NOT NULL REFERENCES villages(code)
);

CREATE TABLE grids (
  code TEXT NOT NULL REFERENCES grid_codes(code),
  township_code TEXT NOT NULL,
  valid_from_version INTEGER NOT NULL,
  valid_to_version INTEGER,
  name TEXT NOT NULL,
  households INTEGER NOT NULL CHECK (households >= 0),
  area_m2 REAL NOT NULL CHECK (area_m2 >= 0),
  geometry TEXT NOT NULL,
  PRIMARY KEY (code, valid_from_version),
  FOREIGN KEY (township_code, valid_from_version) REFERENCES grid_versions(township_code, version),
  CHECK (valid_to_version IS NULL OR valid_to_version > valid_from_version)
);
CREATE UNIQUE INDEX grids_current_by_code ON grids(code) WHERE valid_to_version IS NULL;
CREATE INDEX grids_current_by_township ON grids(township_code, code) WHERE valid_to_version IS NULL;

CREATE TABLE block_assignments (
  block_id TEXT NOT NULL REFERENCES blocks(id),
  grid_code TEXT NOT NULL REFERENCES grid_codes(code),
  township_code TEXT NOT NULL,
  valid_from_version INTEGER NOT NULL,
  valid_to_version INTEGER,
  PRIMARY KEY (block_id, valid_from_version),
  FOREIGN KEY (township_code, valid_from_version) REFERENCES grid_versions(township_code, version),
  CHECK (valid_to_version IS NULL OR valid_to_version > valid_from_version)
);
CREATE UNIQUE INDEX block_assignments_current_by_block ON block_assignments(block_id) WHERE valid_to_version IS NULL;
CREATE INDEX block_assignments_current_by_grid ON block_assignments(grid_code) WHERE valid_to_version IS NULL;

-- The ledger (民情台账). grid_code/grid_version pin the grid as it was when the problem was reported.
CREATE TABLE issues (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL CHECK (length(title) > 0),
  category TEXT NOT NULL CHECK (length(category) > 0),
  tier TEXT NOT NULL CHECK (tier IN ('red', 'orange', 'yellow')),
  status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  lon REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
  lat REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
  grid_code TEXT NOT NULL,
  grid_version INTEGER NOT NULL,
  village_code TEXT NOT NULL REFERENCES villages(code),
  township_code TEXT NOT NULL REFERENCES townships(code),
  reported_at TEXT NOT NULL,
  deadline_at TEXT NOT NULL,
  closed_at TEXT,
  satisfaction TEXT CHECK (satisfaction IN ('satisfied', 'basically_satisfied', 'dissatisfied')),
  synthetic INTEGER NOT NULL CHECK (synthetic IN (0, 1)),
  FOREIGN KEY (grid_code, grid_version) REFERENCES grids(code, valid_from_version),
  CHECK ((status = 'open' AND closed_at IS NULL AND satisfaction IS NULL) OR (status = 'closed' AND closed_at IS NOT NULL))
);
CREATE INDEX issues_by_time ON issues(reported_at, id);
CREATE INDEX issues_by_township ON issues(township_code, reported_at, id);
CREATE INDEX issues_by_grid ON issues(grid_code, reported_at, id);
CREATE INDEX issues_open_by_township_tier ON issues(township_code, tier) WHERE status = 'open';
CREATE INDEX issues_by_position ON issues(lon, lat);
`,
  },
  {
    name: 'street and water lines for the basemap; closing-time index for the weekly trend',
    sql: `
-- Centre-lines the blocks were cut along, kept for drawing the map offline.
CREATE TABLE lines (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('street', 'water', 'boundary')),
  class TEXT,
  name TEXT,
  coordinates TEXT NOT NULL
);
CREATE INDEX lines_by_kind ON lines(kind, id);
CREATE INDEX issues_by_closed_at ON issues(closed_at) WHERE closed_at IS NOT NULL;
`,
  },
  {
    name: 'problem lifecycle: stages, responsible units, append-only ledger of transitions',
    sql: `
-- status stays the coarse open/closed reading every figure uses; stage is the fine lifecycle.
ALTER TABLE issues ADD COLUMN stage TEXT NOT NULL DEFAULT 'reported'
  CHECK (stage IN ('reported', 'accepted', 'rejected', 'dispatched', 'in_progress', 'handled', 'verified', 'closed'));
ALTER TABLE issues ADD COLUMN responsible_unit TEXT;
ALTER TABLE issues ADD COLUMN long_term INTEGER NOT NULL DEFAULT 0 CHECK (long_term IN (0, 1));
ALTER TABLE issues ADD COLUMN rework_count INTEGER NOT NULL DEFAULT 0 CHECK (rework_count >= 0);
ALTER TABLE issues ADD COLUMN extension_count INTEGER NOT NULL DEFAULT 0 CHECK (extension_count >= 0);
UPDATE issues SET stage = 'closed' WHERE status = 'closed';

CREATE TRIGGER issues_stage_matches_status_insert BEFORE INSERT ON issues
WHEN (NEW.stage IN ('rejected', 'closed')) <> (NEW.status = 'closed')
BEGIN SELECT RAISE(ABORT, 'issue stage and status disagree'); END;
CREATE TRIGGER issues_stage_matches_status_update BEFORE UPDATE OF stage, status ON issues
WHEN (NEW.stage IN ('rejected', 'closed')) <> (NEW.status = 'closed')
BEGIN SELECT RAISE(ABORT, 'issue stage and status disagree'); END;

-- One row per transition, written in the same transaction as the issue update; never changed.
CREATE TABLE issue_ledger (
  issue_id INTEGER NOT NULL REFERENCES issues(id),
  seq INTEGER NOT NULL CHECK (seq >= 1),
  at TEXT NOT NULL,
  actor TEXT NOT NULL CHECK (length(actor) > 0),
  action TEXT NOT NULL,
  from_stage TEXT,
  to_stage TEXT NOT NULL,
  from_tier TEXT,
  to_tier TEXT NOT NULL CHECK (to_tier IN ('red', 'orange', 'yellow')),
  note TEXT,
  reason TEXT,
  attachments TEXT NOT NULL DEFAULT '[]',
  deadline_at TEXT,
  unit TEXT,
  satisfaction TEXT,
  PRIMARY KEY (issue_id, seq)
) WITHOUT ROWID;
CREATE INDEX issue_ledger_by_time ON issue_ledger(at);

CREATE TRIGGER issue_ledger_no_update BEFORE UPDATE ON issue_ledger
BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
CREATE TRIGGER issue_ledger_no_delete BEFORE DELETE ON issue_ledger
BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;

-- Problems stored before this step get the entries their record implies.
INSERT INTO issue_ledger (issue_id, seq, at, actor, action, from_stage, to_stage, from_tier, to_tier, deadline_at)
  SELECT id, 1, reported_at, 'reporter', 'report', NULL, 'reported', NULL, tier, deadline_at FROM issues;
INSERT INTO issue_ledger (issue_id, seq, at, actor, action, from_stage, to_stage, from_tier, to_tier, note, satisfaction)
  SELECT id, 2, closed_at, 'system', 'close', 'reported', 'closed', tier, tier, 'closed before the lifecycle was recorded', satisfaction
  FROM issues WHERE status = 'closed';
`,
  },
  {
    name: 'fieldwork: people, per-grid roster, contact days, sign-ins, visits, spot checks',
    sql: `
CREATE TABLE fieldwork_people (
  id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 40),
  name TEXT NOT NULL CHECK (length(name) > 0),
  kind TEXT NOT NULL CHECK (kind IN ('county_leader', 'cadre', 'party_member', 'department', 'volunteer')),
  organisation TEXT,
  synthetic INTEGER NOT NULL CHECK (synthetic IN (0, 1))
);

-- The "1+2+4+2+X" roster: who is assigned to a grid, in which role.
CREATE TABLE fieldwork_roster (
  grid_code TEXT NOT NULL REFERENCES grid_codes(code),
  person_id TEXT NOT NULL REFERENCES fieldwork_people(id),
  role TEXT NOT NULL CHECK (role IN ('grid_leader', 'cadre', 'party_member', 'department', 'volunteer')),
  PRIMARY KEY (grid_code, person_id)
);
CREATE INDEX fieldwork_roster_by_person ON fieldwork_roster(person_id);
CREATE UNIQUE INDEX fieldwork_roster_one_leader ON fieldwork_roster(grid_code) WHERE role = 'grid_leader';

-- Contact days (驻点日) held, with their evening as UTC instants.
CREATE TABLE contact_days (
  date TEXT PRIMARY KEY CHECK (length(date) = 10),
  starts_at TEXT NOT NULL,
  ends_at TEXT NOT NULL,
  CHECK (ends_at > starts_at)
);

CREATE TABLE contact_sign_ins (
  id INTEGER PRIMARY KEY,
  contact_date TEXT NOT NULL REFERENCES contact_days(date),
  grid_code TEXT NOT NULL,
  person_id TEXT NOT NULL,
  signed_in_at TEXT NOT NULL,
  late INTEGER NOT NULL CHECK (late IN (0, 1)),
  synthetic INTEGER NOT NULL CHECK (synthetic IN (0, 1)),
  FOREIGN KEY (grid_code, person_id) REFERENCES fieldwork_roster(grid_code, person_id),
  UNIQUE (contact_date, person_id, grid_code)
);
CREATE INDEX contact_sign_ins_by_grid ON contact_sign_ins(grid_code, contact_date);

CREATE TABLE contact_visits (
  id INTEGER PRIMARY KEY,
  contact_date TEXT NOT NULL,
  grid_code TEXT NOT NULL,
  person_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('received', 'visited')),
  people INTEGER NOT NULL CHECK (people >= 1),
  problems_logged INTEGER NOT NULL CHECK (problems_logged >= 0),
  note TEXT,
  recorded_at TEXT NOT NULL,
  synthetic INTEGER NOT NULL CHECK (synthetic IN (0, 1)),
  FOREIGN KEY (contact_date, person_id, grid_code) REFERENCES contact_sign_ins(contact_date, person_id, grid_code)
);
CREATE INDEX contact_visits_by_grid ON contact_visits(grid_code, contact_date);

CREATE TABLE spot_checks (
  id INTEGER PRIMARY KEY,
  contact_date TEXT NOT NULL REFERENCES contact_days(date),
  grid_code TEXT NOT NULL,
  person_id TEXT NOT NULL,
  result TEXT NOT NULL CHECK (result IN ('present', 'late', 'absent', 'off_post')),
  action TEXT NOT NULL CHECK (action IN ('none', 'reminder', 'criticism', 'public_apology', 'suspension')),
  inspector TEXT NOT NULL CHECK (length(inspector) > 0),
  note TEXT,
  checked_at TEXT NOT NULL,
  synthetic INTEGER NOT NULL CHECK (synthetic IN (0, 1)),
  FOREIGN KEY (grid_code, person_id) REFERENCES fieldwork_roster(grid_code, person_id),
  UNIQUE (contact_date, person_id, grid_code),
  CHECK (result <> 'present' OR action = 'none')
);
CREATE INDEX spot_checks_by_grid ON spot_checks(grid_code, contact_date);
`,
  },
  // 5: grid-plan editing.
  ...PLAN_MIGRATIONS,
  // 6: accounts, sessions, tokens, audit.
  ...ACCESS_MIGRATIONS,
  // 7: several counties per database, the province.
  ...PROVINCE_MIGRATIONS,
  // 8: pre-aggregated ledger figures kept by triggers.
  ...ROLLUP_MIGRATIONS,
];
