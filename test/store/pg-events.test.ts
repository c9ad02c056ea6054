// Two server instances on one PostgreSQL schema, each with its own app, store and LISTEN/NOTIFY
// bridge: a problem filed on one reaches the other's event stream, a plan save on one makes the
// other's stale save a 409, and the other's cached layers follow the save.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createApp } from '../../server/http/app.ts';
import { buildLocator } from '../../server/geo/locate.ts';
import { followingLocator } from '../../server/store/plan-locator.ts';
import { eventPayload, EVENTS_CHANNEL, MAX_PAYLOAD_BYTES, startPostgresEventBridge, type PostgresEventBridge } from '../../server/events/pg-bridge.ts';
import type { DomainEvent } from '../../server/events/bus.ts';
import type { PostgresGridStore } from '../../server/store/postgres/postgresStore.ts';
import type { GridSummary } from '../../server/store/store.ts';
import type { PlanChangeset } from '../../server/plan/types.ts';
import { LATTICE_NOW, TOWNSHIP_A, VILLAGE_A1, cellCentre, loadLatticeDataset } from '../fixtures/plan/lattice.ts';
import { TEST_DATABASE_URL, adminPool, closeAdminPool, dropCreatedSchemas, freshSchemaName, openTestStore, urlWithSchema } from './postgres-harness.ts';

/** How long an event may take from one instance to another. */
const DELIVERY_MS = 2000;

interface Instance {
  store: PostgresGridStore;
  bridge: PostgresEventBridge;
  app: ReturnType<typeof createApp>;
  errors: unknown[];
}

const running: Instance[] = [];

beforeEach(async () => {
  await adminPool();
});
afterEach(async () => {
  for (const instance of running.splice(0)) {
    await instance.bridge.close();
    await instance.store.close();
    expect(instance.errors).toEqual([]);
  }
  await dropCreatedSchemas();
});
afterAll(async () => {
  await closeAdminPool();
});

async function startInstance(schema: string): Promise<Instance> {
  const store = await openTestStore({ schema, now: () => LATTICE_NOW });
  // As the server does: seeded before the locator is built from the grids.
  await store.seedDataset(loadLatticeDataset());
  const errors: unknown[] = [];
  const bridge = await startPostgresEventBridge({ url: urlWithSchema(schema), store, onError: (error) => errors.push(error) });
  const app = createApp({
    store,
    locator: await followingLocator(store, buildLocator),
    attribution: 'test',
    now: () => LATTICE_NOW,
    events: bridge,
    logError: (error) => errors.push(error),
  });
  const instance = { store, bridge, app, errors };
  running.push(instance);
  return instance;
}

/** Two instances on a fresh schema holding the lattice fixture. */
async function twoInstances(): Promise<[Instance, Instance]> {
  const schema = freshSchemaName('ev');
  const first = await startInstance(schema);
  return [first, await startInstance(schema)];
}

interface StreamEvent {
  event: string;
  data: unknown;
}

/** Reads server-sent events from a response body; `next` waits for a matching one or fails after `DELIVERY_MS`. */
function eventReader(response: Response) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const parse = (block: string): StreamEvent | null => {
    const lines = block.split('\n');
    const event = lines.find((line) => line.startsWith('event: '))?.slice(7);
    const data = lines.find((line) => line.startsWith('data: '))?.slice(6);
    return event && data ? { event, data: JSON.parse(data) } : null;
  };
  return {
    async next(wanted: (event: StreamEvent) => boolean): Promise<StreamEvent> {
      const deadline = Date.now() + DELIVERY_MS;
      for (;;) {
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const event = parse(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (event && wanted(event)) return event;
        }
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw new Error('no matching event in time');
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('no matching event in time')), remaining)));
        try {
          const { done, value } = await Promise.race([reader.read(), timeout]);
          if (done) throw new Error('stream ended');
          buffer += decoder.decode(value, { stream: true });
        } finally {
          clearTimeout(timer);
        }
      }
    },
    cancel: () => reader.cancel(),
  };
}

const post = (app: Instance['app'], path: string, body: unknown) =>
  Promise.resolve(app.request(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }));

describe('events across two instances on one PostgreSQL schema', () => {
  it('a problem filed on one instance reaches the event streams of both, once each', async () => {
    const [first, second] = await twoInstances();
    const onSecond = eventReader(await second.app.request('/api/events'));
    const onFirst = eventReader(await first.app.request('/api/events'));
    const [lon, lat] = cellCentre(0, 0);
    const created = await post(first.app, '/api/issues', { title: '路灯不亮', category: '市政设施', tier: 'red', lon, lat });
    expect(created.status).toBe(201);
    const id = ((await created.json()) as { properties: { id: number } }).properties.id;
    const isIt = (event: StreamEvent) => event.event === 'issue' && (event.data as { properties: { id: number } }).properties.id === id;
    const heard = await onSecond.next(isIt);
    expect(heard.data).toMatchObject({ type: 'Feature', properties: { id, title: '路灯不亮', tier: 'red' } });
    await onFirst.next(isIt);
    // The writer hears it once: the next issue event on its stream is the next problem.
    const again = await post(first.app, '/api/issues', { title: '井盖缺失', category: '市政设施', tier: 'orange', lon, lat });
    const nextId = ((await again.json()) as { properties: { id: number } }).properties.id;
    const following = await onFirst.next((event) => event.event === 'issue');
    expect((following.data as { properties: { id: number } }).properties.id).toBe(nextId);
    // The other instance's data version followed both writes.
    const version = await onSecond.next((event) => event.event === 'version' && (event.data as { dataVersion: number }).dataVersion === first.store.dataVersion());
    expect(version.data).toEqual({ dataVersion: first.store.dataVersion() });
    expect(second.store.dataVersion()).toBe(first.store.dataVersion());
    await onFirst.cancel();
    await onSecond.cancel();
  });

  it('a plan save on one instance makes a stale save on the other a 409, and its cached grids follow', async () => {
    const [first, second] = await twoInstances();
    const path = `/api/townships/${TOWNSHIP_A}/plan`;
    const north = `${VILLAGE_A1}002`;
    const gridsOf = async (instance: Instance) => (await (await instance.app.request(`/api/grids?township=${TOWNSHIP_A}`)).json()) as {
      features: Array<{ properties: Pick<GridSummary, 'code' | 'version'> & { blockCount: number } }>;
    };
    // Warm the second instance's cache of the township's grids at version 1.
    const before = await gridsOf(second);
    expect(before.features.find((feature) => feature.properties.code === north)!.properties.version).toBe(1);
    const onSecond = eventReader(await second.app.request('/api/events'));

    const save = (baseVersion: number, block: string): PlanChangeset => ({
      baseVersion, author: '规划员', reason: 'adjust grids', edits: [{ kind: 'move_blocks', blockIds: [block], to: { code: north } }],
    });
    expect((await post(first.app, path, save(1, 'A-0-2'))).status).toBe(201);
    const stale = await post(second.app, path, save(1, 'A-2-2'));
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ error: 'stale_base', currentVersion: 2 });

    await onSecond.next((event) => event.event === 'plan' || (event.event === 'version' && (event.data as { dataVersion: number }).dataVersion >= first.store.dataVersion()));
    const after = await gridsOf(second);
    const moved = after.features.find((feature) => feature.properties.code === north)!.properties;
    const was = before.features.find((feature) => feature.properties.code === north)!.properties;
    expect(moved.version).toBe(2);
    expect(moved.blockCount).toBe(was.blockCount + 1);
    expect(moved).toEqual((await gridsOf(first)).features.find((feature) => feature.properties.code === north)!.properties);
    await onSecond.cancel();
  });

  it('sends a problem too large for one notification as its id, re-read by every instance', async () => {
    const [first, second] = await twoInstances();
    const onSecond = eventReader(await second.app.request('/api/events'));
    const [lon, lat] = cellCentre(1, 1);
    const created = await post(first.app, '/api/issues', { title: '路灯不亮', category: '市政设施', tier: 'yellow', lon, lat });
    const stored = ((await created.json()) as { properties: { id: number } }).properties;
    await onSecond.next((event) => event.event === 'issue');
    // An event carrying more than a notification holds (a long note, many attachments) goes as the id.
    const issue = (await first.store.getIssue(stored.id))!;
    const large = { ...issue, title: '长'.repeat(MAX_PAYLOAD_BYTES) };
    expect(JSON.parse(eventPayload('x', { type: 'issue', issue: large }))).toEqual({ schema: 'x', issueId: stored.id });
    expect(JSON.parse(eventPayload('x', { type: 'issue', issue }))).toEqual({ schema: 'x', event: { type: 'issue', issue } });
    first.bridge.publish({ type: 'issue', issue: large });
    // Every instance re-reads the stored problem.
    const heard = await onSecond.next((event) => event.event === 'issue');
    expect(heard.data).toMatchObject({ properties: { id: stored.id, title: '路灯不亮' } });
    await onSecond.cancel();
  });

  it('reopens a dropped listening connection and tells clients to refetch', async () => {
    const schema = freshSchemaName('ev');
    const first = await startInstance(schema);
    const second = await startInstance(schema);
    const onSecond = eventReader(await second.app.request('/api/events'));
    await onSecond.next((event) => event.event === 'version');
    const { rows } = await (await adminPool()).query<{ dropped: boolean }>(
      'SELECT pg_terminate_backend(pid) AS dropped FROM pg_stat_activity WHERE application_name = $1',
      [`gridmap-events:${schema}`],
    );
    expect(rows.map((row) => row.dropped)).toEqual([true, true]);
    // A write while the connections are down is caught up with once they are back.
    const [lon, lat] = cellCentre(0, 0);
    expect((await post(first.app, '/api/issues', { title: '路灯不亮', category: '市政设施', tier: 'red', lon, lat })).status).toBe(201);
    const caughtUp = await onSecond.next((event) => event.event === 'version' && (event.data as { dataVersion: number }).dataVersion === first.store.dataVersion());
    expect(caughtUp.data).toEqual({ dataVersion: first.store.dataVersion() });
    // Live again: the next problem arrives as an event.
    const next = await post(first.app, '/api/issues', { title: '井盖缺失', category: '市政设施', tier: 'red', lon, lat });
    const id = ((await next.json()) as { properties: { id: number } }).properties.id;
    await onSecond.next((event) => event.event === 'issue' && (event.data as { properties: { id: number } }).properties.id === id);
    await onSecond.cancel();
    // The drop itself was reported; nothing else went wrong.
    for (const instance of [first, second]) {
      expect(instance.errors.length).toBeGreaterThan(0);
      expect(instance.errors.every((error) => /terminat|Connection/i.test(String(error)))).toBe(true);
      instance.errors.length = 0;
    }
  });

  it('after a dropped listening connection, announces the plans saved meanwhile', async () => {
    const schema = freshSchemaName('ev');
    const first = await startInstance(schema);
    const second = await startInstance(schema);
    const onSecond = eventReader(await second.app.request('/api/events'));
    await onSecond.next((event) => event.event === 'version');
    await (await adminPool()).query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [`gridmap-events:${schema}`]);
    // Saved while neither instance listens: its notification is lost.
    const changeset: PlanChangeset = {
      baseVersion: 1, author: '规划员', reason: 'adjust grids', edits: [{ kind: 'move_blocks', blockIds: ['A-0-2'], to: { code: `${VILLAGE_A1}002` } }],
    };
    expect((await post(first.app, `/api/townships/${TOWNSHIP_A}/plan`, changeset)).status).toBe(201);
    const plan = await onSecond.next((event) => event.event === 'plan');
    expect(plan.data).toMatchObject({ townshipCode: TOWNSHIP_A, version: 2 });
    // Only the township whose plan moved is announced, once.
    const caughtUp = await onSecond.next((event) => event.event === 'version' || event.event === 'plan');
    expect(caughtUp.event).toBe('version');
    await onSecond.cancel();
    for (const instance of [first, second]) instance.errors.length = 0;
  });

  it('ignores events of another schema on the same database', async () => {
    const [, second] = await twoInstances();
    const heard: DomainEvent[] = [];
    second.bridge.subscribe((event) => heard.push(event));
    const other = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await other.connect();
    try {
      await other.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, eventPayload('another_schema', { type: 'version', dataVersion: 999 })]);
      // A notification sent after it on the same instance's channel arrives after it.
      second.bridge.publish({ type: 'version', dataVersion: 1 });
      await second.bridge.flush();
      const deadline = Date.now() + DELIVERY_MS;
      while (heard.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(heard).toEqual([{ type: 'version', dataVersion: 1 }]);
    } finally {
      await other.end();
    }
  });
});
