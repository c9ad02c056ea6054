// Carries domain events between server instances sharing one PostgreSQL database. Publishing sends
// pg_notify('gridmap_events', payload) after the write committed; every instance, the writer
// included, LISTENs on one connection of its own and delivers what it hears to its local
// subscribers, so each event reaches every instance's event-stream clients exactly once.
//
// The data version notices every write transaction sends (DATA_VERSION_CHANNEL) are heard on the same
// connection and move this instance's data version before any later event is delivered, so a client
// refetching on an event never meets a cache of the data before it. Notices arrive in commit order.
import pg from 'pg';
import { createEventBus, type DomainEvent, type EventBus, type EventListener } from './bus.ts';
import type { IssueView } from '../store/store.ts';
import { DATA_VERSION_CHANNEL, parseDataVersionNotice, parsePostgresUrl } from '../store/postgres/connection.ts';
import { isPostgresUrl } from '../store/open-store.ts';

export const EVENTS_CHANNEL = 'gridmap_events';
/** PostgreSQL refuses a payload of 8000 bytes or more; anything larger travels as ids and is re-read. */
export const MAX_PAYLOAD_BYTES = 7900;
const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 10_000;

/** What travels: the event itself, or the id of a problem to re-read when the event is too large. */
type Envelope = { schema: string; event: DomainEvent } | { schema: string; issueId: number };

/** The local store the bridge keeps current. */
export interface BridgedStore {
  getIssue(id: number): Promise<IssueView | null> | IssueView | null;
  /** Reads the stored data version (moved by another instance's write); never moves backwards. */
  refreshDataVersion(): Promise<number>;
}

export interface PostgresEventBridgeOptions {
  /** The database URL the store was opened with (postgres://…, optional ?schema=). */
  url: string;
  store: BridgedStore;
  onError?: (error: unknown) => void;
}

export interface PostgresEventBridge extends EventBus {
  /** Resolves once every event published before the call has been sent. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** The payload for an event: itself when small enough, else the ids to re-read it by. */
export function eventPayload(schema: string, event: DomainEvent): string {
  const whole = JSON.stringify({ schema, event } satisfies Envelope);
  if (Buffer.byteLength(whole) <= MAX_PAYLOAD_BYTES) return whole;
  if (event.type === 'issue') return JSON.stringify({ schema, issueId: event.issue.id } satisfies Envelope);
  throw new Error(`a ${event.type} event of ${Buffer.byteLength(whole)} bytes does not fit a notification`);
}

export async function startPostgresEventBridge(options: PostgresEventBridgeOptions): Promise<PostgresEventBridge> {
  const target = parsePostgresUrl(options.url);
  const clientConfig: pg.ClientConfig = {
    connectionString: target.connectionString,
    // Names the schema too, so an operator can tell the listening connections of deployments apart.
    application_name: `gridmap-events${target.schema ? `:${target.schema}` : ''}`.slice(0, 63),
    options: target.schema ? `-c search_path=${target.schema}` : undefined,
  };
  const onError = options.onError ?? ((error: unknown) => console.error(error));
  const local = createEventBus({ onListenerError: onError });
  // One connection sends every notification, one at a time: they commit, and arrive, in publish order.
  const sender = new pg.Pool({ ...clientConfig, application_name: 'gridmap', max: 1 });
  sender.on('error', () => {});

  let schema = target.schema ?? '';
  let listener: pg.Client | null = null;
  let closed = false;
  let reconnectDelay = RECONNECT_MIN_MS;
  let reconnectTimer: NodeJS.Timeout | undefined;
  // Everything heard is handled in arrival order: a version refresh finishes before the next event goes out.
  let handling: Promise<void> = Promise.resolve();
  let versionNotices = 0;
  let refreshedThrough = 0;
  let sending: Promise<void> = Promise.resolve();
  // Newest plan version per township as last heard, so a reconnect can tell which plans moved meanwhile.
  const planVersions = new Map<string, number>();
  const notePlan = (townshipCode: string, version: number) => {
    if ((planVersions.get(townshipCode) ?? 0) < version) planVersions.set(townshipCode, version);
  };

  const enqueue = (work: () => Promise<void>) => {
    handling = handling.then(work).catch(onError);
  };

  const onVersionNotice = (payload: string | undefined) => {
    // Writes on other schemas of the database notify the same channel and are no concern here.
    if (parseDataVersionNotice(payload)?.schema !== schema) return;
    const notice = ++versionNotices;
    enqueue(async () => {
      // Several notices queued behind one another need one refresh, not one each.
      if (refreshedThrough >= notice) return;
      const through = versionNotices;
      await options.store.refreshDataVersion();
      refreshedThrough = through;
    });
  };

  const onEventNotice = (payload: string) => {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(payload) as Envelope;
    } catch (error) {
      onError(error);
      return;
    }
    // Instances on other schemas of the same database share the channel.
    if (envelope.schema !== schema) return;
    enqueue(async () => {
      if ('event' in envelope) {
        if (envelope.event.type === 'plan') notePlan(envelope.event.townshipCode, envelope.event.version);
        local.publish(envelope.event);
        return;
      }
      const issue = await options.store.getIssue(envelope.issueId);
      if (issue) local.publish({ type: 'issue', issue });
    });
  };

  /** Plan versions as stored now (none before the plan tables exist). */
  let storedPlans = new Map<string, number>();
  const readPlanVersions = async (client: pg.Client): Promise<Map<string, number>> => {
    const { rows } = await client
      .query<{ township_code: string; version: number }>('SELECT township_code, max(version)::int AS version FROM grid_versions GROUP BY township_code')
      .catch(() => ({ rows: [] as { township_code: string; version: number }[] }));
    return new Map(rows.map((row) => [row.township_code, row.version]));
  };

  const connect = async (): Promise<void> => {
    const client = new pg.Client(clientConfig);
    client.on('notification', (message) => {
      if (message.channel === DATA_VERSION_CHANNEL) onVersionNotice(message.payload);
      else if (message.channel === EVENTS_CHANNEL && message.payload) onEventNotice(message.payload);
    });
    // A dropped connection (server restart, network) is replaced; nothing is heard meanwhile.
    const lost = () => {
      if (listener !== client) return;
      listener = null;
      void client.end().catch(() => {});
      scheduleReconnect();
    };
    client.on('error', (error) => {
      onError(error);
      lost();
    });
    client.on('end', lost);
    await client.connect();
    try {
      schema = (await client.query<{ schema: string }>('SELECT current_schema() AS schema')).rows[0].schema;
      await client.query(`LISTEN ${DATA_VERSION_CHANNEL}`);
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
      // Read after LISTEN: a save committed later is heard as its own event.
      storedPlans = await readPlanVersions(client);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    listener = client;
  };

  const scheduleReconnect = () => {
    if (closed) return;
    reconnectTimer = setTimeout(() => {
      connect().then(
        () => {
          reconnectDelay = RECONNECT_MIN_MS;
          // Whatever was written while the connection was down: catch up, and have clients refetch.
          const plans = storedPlans;
          enqueue(async () => {
            const dataVersion = await options.store.refreshDataVersion();
            // Plans saved while nothing was heard: clients redraw those townships' shapes.
            for (const [townshipCode, version] of plans) {
              if ((planVersions.get(townshipCode) ?? 0) >= version) continue;
              notePlan(townshipCode, version);
              local.publish({ type: 'plan', townshipCode, version, dataVersion });
            }
            local.publish({ type: 'version', dataVersion });
          });
        },
        (error: unknown) => {
          onError(error);
          reconnectDelay = Math.min(reconnectDelay * 2, RECONNECT_MAX_MS);
          scheduleReconnect();
        },
      );
    }, reconnectDelay);
  };

  await connect();
  for (const [townshipCode, version] of storedPlans) notePlan(townshipCode, version);

  return {
    publish(event: DomainEvent) {
      let payload: string;
      try {
        payload = eventPayload(schema, event);
      } catch (error) {
        onError(error);
        return;
      }
      sending = sending.then(async () => {
        try {
          await sender.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, payload]);
        } catch (error) {
          // The database is unreachable: this instance's own clients still hear of its write.
          onError(error);
          local.publish(event);
        }
      });
    },
    subscribe(listener: EventListener) {
      return local.subscribe(listener);
    },
    subscriberCount() {
      return local.subscriberCount();
    },
    flush() {
      return sending;
    },
    async close() {
      closed = true;
      clearTimeout(reconnectTimer);
      await sending;
      await handling;
      const client = listener;
      listener = null;
      await client?.end().catch(() => {});
      await sender.end();
    },
  };
}

/** The bridge for a server on PostgreSQL; undefined for SQLite, whose single process needs none. */
export async function eventsAcrossInstances(
  databaseUrl: string,
  store: object,
  onError?: (error: unknown) => void,
): Promise<PostgresEventBridge | undefined> {
  if (!isPostgresUrl(databaseUrl) || !('refreshDataVersion' in store)) return undefined;
  return startPostgresEventBridge({ url: databaseUrl, store: store as BridgedStore, onError });
}
