// Schema step of province-scale databases (exactly one entry: migration 7).
import type { Migration } from './migrations.ts';

export const PROVINCE_MIGRATIONS: readonly Migration[] = [
  {
    name: 'several counties per database: the province they belong to, townships by county',
    sql: `
-- At most one row: every county of the database lies in this province (code = county code prefix).
CREATE TABLE provinces (
  code TEXT PRIMARY KEY CHECK (length(code) = 2),
  name TEXT NOT NULL
);
CREATE INDEX townships_by_county ON townships(county_code, code);
CREATE INDEX datasets_by_county ON datasets(county_code);
`,
  },
];
