// Schema steps of grid-plan editing (exactly one entry: migration 5).
import type { Migration } from './migrations.ts';

export const PLAN_MIGRATIONS: readonly Migration[] = [
  {
    name: 'grid-plan editing: current grid of a problem, block lineage, rollbacks, balance targets',
    sql: `
-- The grid responsible for a problem now; grid_code/grid_version keep the grid it was reported in.
ALTER TABLE issues ADD COLUMN current_grid_code TEXT REFERENCES grid_codes(code);
UPDATE issues SET current_grid_code = grid_code;
CREATE TRIGGER issues_current_grid_on_insert AFTER INSERT ON issues
WHEN NEW.current_grid_code IS NULL
BEGIN UPDATE issues SET current_grid_code = NEW.grid_code WHERE id = NEW.id; END;
CREATE INDEX issues_by_current_grid ON issues(current_grid_code, reported_at, id);
CREATE INDEX issues_open_by_current_grid ON issues(current_grid_code, tier) WHERE status = 'open';

-- Pieces of a split block name the block they were cut from; rows are kept for history.
ALTER TABLE blocks ADD COLUMN parent_id TEXT REFERENCES blocks(id);
ALTER TABLE blocks ADD COLUMN created_version INTEGER;
-- Plan version from which the block is no longer part of its township's plan (NULL while it is).
ALTER TABLE blocks ADD COLUMN retired_version INTEGER;

-- A version that restored an earlier one names it.
CREATE TABLE plan_rollbacks (
  township_code TEXT NOT NULL,
  version INTEGER NOT NULL,
  restored_version INTEGER NOT NULL CHECK (restored_version >= 1 AND restored_version < version),
  PRIMARY KEY (township_code, version),
  FOREIGN KEY (township_code, version) REFERENCES grid_versions(township_code, version)
);

-- Households per grid a township aims at: the mean of its first plan, fixed at its first edit.
CREATE TABLE plan_targets (
  township_code TEXT PRIMARY KEY REFERENCES townships(code),
  households REAL NOT NULL CHECK (households > 0),
  tolerance REAL NOT NULL CHECK (tolerance > 0 AND tolerance < 1)
);
`,
  },
];
