// Ordered schema steps; migration N brings PRAGMA user_version from N-1 to N. Append, never edit.

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
];
