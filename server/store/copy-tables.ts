// The tables a copy between backends moves, in foreign-key order, with the columns both keep.
import { OPEN_BY_DEADLINE_TABLES, ROLLUP_TABLES } from './sqlite/migrations-rollup.ts';

export type ColumnKind = 'text' | 'integer' | 'real' | 'boolean';

export interface TableSpec {
  name: string;
  columns: ReadonlyArray<readonly [string, ColumnKind]>;
  /** Copy order: the primary key, so ids and sequences arrive in order. */
  orderBy: string;
  /** Identity column whose sequence must follow the copied ids (PostgreSQL). */
  identity?: string;
}

const t = (name: string) => [name, 'text'] as const;
const i = (name: string) => [name, 'integer'] as const;
const r = (name: string) => [name, 'real'] as const;
const b = (name: string) => [name, 'boolean'] as const;

/** Every table of the store in foreign-key order, with the columns both backends share. */
export const COPIED_TABLES: readonly TableSpec[] = [
  { name: 'datasets', columns: [t('id'), t('county_code'), t('attribution'), t('synthetic_layers'), t('seeded_at')], orderBy: 'id' },
  { name: 'counties', columns: [t('code'), t('name'), t('geometry')], orderBy: 'code' },
  { name: 'provinces', columns: [t('code'), t('name')], orderBy: 'code' },
  { name: 'townships', columns: [t('code'), t('county_code'), t('name'), t('geometry')], orderBy: 'code' },
  { name: 'villages', columns: [t('code'), t('township_code'), t('name'), t('geometry')], orderBy: 'code' },
  {
    name: 'grid_versions', columns: [t('township_code'), i('version'), t('created_at'), t('author'), t('reason')],
    orderBy: 'township_code, version',
  },
  {
    name: 'blocks',
    columns: [
      t('id'), t('township_code'), t('village_code'), i('households'), r('area_m2'), t('geometry'),
      t('parent_id'), i('created_version'), i('retired_version'),
    ],
    // A split block's pieces come after the block they were cut from (created in a later version).
    orderBy: 'coalesce(created_version, 0), id',
  },
  { name: 'grid_codes', columns: [t('code'), t('township_code'), t('village_code')], orderBy: 'code' },
  {
    name: 'grids',
    columns: [
      t('code'), t('township_code'), i('valid_from_version'), i('valid_to_version'), t('name'), i('households'), r('area_m2'), t('geometry'),
    ],
    orderBy: 'code, valid_from_version',
  },
  {
    name: 'block_assignments',
    columns: [t('block_id'), t('grid_code'), t('township_code'), i('valid_from_version'), i('valid_to_version')],
    orderBy: 'block_id, valid_from_version',
  },
  {
    name: 'issues',
    columns: [
      i('id'), t('title'), t('category'), t('tier'), t('status'), r('lon'), r('lat'), t('grid_code'), i('grid_version'),
      t('village_code'), t('township_code'), t('reported_at'), t('deadline_at'), t('closed_at'), t('satisfaction'), b('synthetic'),
      t('stage'), t('responsible_unit'), b('long_term'), i('rework_count'), i('extension_count'), t('current_grid_code'),
    ],
    orderBy: 'id',
    identity: 'id',
  },
  {
    name: 'issue_ledger',
    columns: [
      i('issue_id'), i('seq'), t('at'), t('actor'), t('action'), t('from_stage'), t('to_stage'), t('from_tier'), t('to_tier'),
      t('note'), t('reason'), t('attachments'), t('deadline_at'), t('unit'), t('satisfaction'),
    ],
    orderBy: 'issue_id, seq',
  },
  { name: 'plan_rollbacks', columns: [t('township_code'), i('version'), i('restored_version')], orderBy: 'township_code, version' },
  { name: 'plan_targets', columns: [t('township_code'), r('households'), r('tolerance')], orderBy: 'township_code' },
  { name: 'lines', columns: [i('id'), t('kind'), t('class'), t('name'), t('coordinates')], orderBy: 'id', identity: 'id' },
  { name: 'fieldwork_people', columns: [t('id'), t('name'), t('kind'), t('organisation'), b('synthetic')], orderBy: 'id' },
  { name: 'fieldwork_roster', columns: [t('grid_code'), t('person_id'), t('role')], orderBy: 'grid_code, person_id' },
  { name: 'contact_days', columns: [t('date'), t('starts_at'), t('ends_at')], orderBy: 'date' },
  {
    name: 'contact_sign_ins',
    columns: [i('id'), t('contact_date'), t('grid_code'), t('person_id'), t('signed_in_at'), b('late'), b('synthetic')],
    orderBy: 'id',
    identity: 'id',
  },
  {
    name: 'contact_visits',
    columns: [
      i('id'), t('contact_date'), t('grid_code'), t('person_id'), t('kind'), i('people'), i('problems_logged'), t('note'),
      t('recorded_at'), b('synthetic'),
    ],
    orderBy: 'id',
    identity: 'id',
  },
  {
    name: 'spot_checks',
    columns: [
      i('id'), t('contact_date'), t('grid_code'), t('person_id'), t('result'), t('action'), t('inspector'), t('note'),
      t('checked_at'), b('synthetic'),
    ],
    orderBy: 'id',
    identity: 'id',
  },
  {
    name: 'users',
    columns: [
      i('id'), t('username'), t('display_name'), t('role'), t('scope_codes'), t('password_hash'), b('disabled'),
      t('created_at'), t('created_by'), t('updated_at'), t('updated_by'),
    ],
    orderBy: 'id',
    identity: 'id',
  },
  { name: 'sessions', columns: [t('hash'), i('user_id'), t('created_at'), t('expires_at'), t('revoked_at')], orderBy: 'hash' },
  {
    name: 'api_tokens',
    columns: [i('id'), t('hash'), t('name'), i('user_id'), t('created_at'), t('created_by'), t('last_used_at'), t('revoked_at')],
    orderBy: 'id',
    identity: 'id',
  },
  {
    name: 'audit_log',
    columns: [i('id'), t('at'), t('actor'), t('via'), t('action'), t('target'), t('outcome'), i('status'), t('address'), t('detail')],
    orderBy: 'id',
    identity: 'id',
  },
];

/**
 * Bookkeeping tables each backend keeps for itself; never copied. The SQLite figure rollups are
 * kept by triggers on issues, so the target rebuilds them as the copied problems arrive.
 */
export const OWN_TABLES = new Set([
  'store_meta', 'schema_migrations', ...[...ROLLUP_TABLES, ...OPEN_BY_DEADLINE_TABLES].map((table) => table.name),
]);
