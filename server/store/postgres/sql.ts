// Small helpers over node-postgres: numbered parameters, column-wise bulk inserts, number parsing.
import pg from 'pg';

/** Anything that runs a query: the pool (one statement, any connection) or a client inside a transaction. */
export interface Queryable {
  query<Row extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<Row>>;
  query<Row extends unknown[] = unknown[]>(config: pg.QueryArrayConfig): Promise<pg.QueryArrayResult<Row>>;
}

/** Collects bound values and hands out their `$n` placeholders in order. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  list(values: readonly unknown[]): string {
    return values.map((value) => this.add(value)).join(', ');
  }
}

export function whereClause(clauses: readonly string[]): string {
  return clauses.length > 0 ? ` WHERE ${clauses.join(' AND ')}` : '';
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * count(*) and sum() come back as int8/numeric, which node-postgres leaves as strings to avoid losing
 * precision; every such figure here is a count far below 2^53, so it is read as a plain number.
 */
export const NUMBER_TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (text: string) => Number(text);
    return (pg.types.getTypeParser as (oid: number, format?: string) => unknown)(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

export type ColumnType = 'text' | 'integer' | 'bigint' | 'double precision' | 'boolean';

export interface ColumnSpec {
  name: string;
  type: ColumnType;
}

/** Rows per INSERT: each column travels as one array parameter, so this bounds message size, not parameter count. */
const INSERT_BATCH_ROWS = 2000;

/**
 * Inserts rows (values in column order) with one `INSERT … SELECT FROM unnest(arrays)` per batch:
 * a handful of round trips for a whole county instead of one per row.
 */
export async function insertRows(
  db: Queryable,
  table: string,
  columns: readonly ColumnSpec[],
  rows: readonly (readonly unknown[])[],
  batchRows = INSERT_BATCH_ROWS,
): Promise<void> {
  const names = columns.map((column) => column.name).join(', ');
  const arrays = columns.map((column, index) => `$${index + 1}::${column.type}[]`).join(', ');
  const text = `INSERT INTO ${table} (${names}) SELECT * FROM unnest(${arrays})`;
  for (let start = 0; start < rows.length; start += batchRows) {
    const batch = rows.slice(start, start + batchRows);
    await db.query(text, columns.map((_, index) => batch.map((row) => row[index])));
  }
}

/** Moves an identity column's sequence past the largest id, after rows were inserted with explicit ids. */
export async function syncIdentity(db: Queryable, table: string, column = 'id'): Promise<void> {
  await db.query(
    `SELECT setval(pg_get_serial_sequence($1, $2), max_id) FROM (SELECT max(${column}) AS max_id FROM ${table}) AS m WHERE max_id IS NOT NULL`,
    [table, column],
  );
}

/** Schema names the store accepts: plain lower-case identifiers, so they never need quoting. */
export const SCHEMA_NAME_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;
