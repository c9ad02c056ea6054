// Connecting to PostgreSQL: the URL (with the store's optional ?schema=), the pool, the version channel.
import pg from 'pg';
import { NUMBER_TYPES, SCHEMA_NAME_PATTERN } from './sql.ts';

/** Channel notified with the new data version when a write commits (for other instances to listen on). */
export const DATA_VERSION_CHANNEL = 'gridmap_version';

/** What DATA_VERSION_CHANNEL carries: the schema too, as deployments on other schemas of the database share the channel. */
export interface DataVersionNotice {
  schema: string;
  dataVersion: number;
}

/** SQL notifying the data version bound as `$1`, with the schema of the connection. */
export const NOTIFY_DATA_VERSION = `SELECT pg_notify('${DATA_VERSION_CHANNEL}', json_build_object('schema', current_schema(), 'dataVersion', $1::bigint)::text)`;

/** The notice in a payload; null for anything else. */
export function parseDataVersionNotice(payload: string | undefined): DataVersionNotice | null {
  try {
    const notice = JSON.parse(payload ?? '') as Partial<DataVersionNotice>;
    return typeof notice.schema === 'string' && typeof notice.dataVersion === 'number' ? { schema: notice.schema, dataVersion: notice.dataVersion } : null;
  } catch {
    return null;
  }
}

export interface PostgresTarget {
  /** Connection string without the store's own `schema` parameter. */
  connectionString: string;
  schema: string | null;
}

/** Splits a postgres:// URL into what node-postgres reads and the optional `?schema=` the store uses. */
export function parsePostgresUrl(url: string, schema?: string): PostgresTarget {
  const parsed = new URL(url);
  const fromUrl = parsed.searchParams.get('schema');
  parsed.searchParams.delete('schema');
  const chosen = schema ?? fromUrl ?? null;
  if (chosen !== null && !SCHEMA_NAME_PATTERN.test(chosen)) {
    throw new Error(`schema "${chosen}" is not a plain lower-case identifier`);
  }
  return { connectionString: parsed.toString(), schema: chosen };
}

/** A pool whose connections use the schema and read counts as numbers. */
export function createPool(target: PostgresTarget, maxConnections = 10): pg.Pool {
  const pool = new pg.Pool({
    connectionString: target.connectionString,
    types: NUMBER_TYPES,
    max: maxConnections,
    application_name: 'gridmap',
    // search_path set at connection start-up, so every pooled connection sees the same tables.
    options: target.schema ? `-c search_path=${target.schema}` : undefined,
  });
  // An idle connection the server drops (restart, timeout) is discarded by the pool; without a
  // listener the error would end the process.
  pool.on('error', () => {});
  return pool;
}
