// GET /api/events announces grid-plan versions: a save or a rollback sends `plan` (township, plan
// version, data version) and then `version`; a refused save sends nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/http/app.ts';
import { openSqliteStore, type SqliteGridStore } from '../../server/store/sqlite/sqliteStore.ts';
import { createEventBus, type DomainEvent } from '../../server/events/bus.ts';
import { buildLocator } from '../../server/geo/locate.ts';
import { followingLocator } from '../../server/store/plan-locator.ts';
import type { PlanChangeset, PlanEdit } from '../../server/plan/types.ts';
import { LATTICE_NOW, TOWNSHIP_A, VILLAGE_A1, loadLatticeDataset } from '../fixtures/plan/lattice.ts';

const A1_NORTH = `${VILLAGE_A1}002`;
const PLAN_URL = `/api/townships/${TOWNSHIP_A}/plan`;

const stores: SqliteGridStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

interface ServerSentEvent {
  event?: string;
  data?: string;
}

/** The stream's blocks as they arrive; `next` waits for the next one matching `wanted`. */
function reader(body: ReadableStream<Uint8Array>) {
  const stream = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    async next(wanted: (event: ServerSentEvent) => boolean, timeoutMs = 1000): Promise<ServerSentEvent> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: ServerSentEvent = {};
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) event.event = line.slice(7);
            else if (line.startsWith('data: ')) event.data = line.slice(6);
          }
          if (wanted(event)) return event;
          continue;
        }
        if (Date.now() > deadline) throw new Error('no matching event in time');
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('no matching event in time')), Math.max(1, deadline - Date.now()));
        });
        try {
          const { done, value } = await Promise.race([stream.read(), timeout]);
          if (done) throw new Error('stream ended');
          buffer += decoder.decode(value, { stream: true });
        } finally {
          clearTimeout(timer);
        }
      }
    },
    cancel: () => stream.cancel(),
  };
}

async function setup() {
  const store = openSqliteStore(':memory:', { now: () => LATTICE_NOW });
  stores.push(store);
  store.seedDataset(loadLatticeDataset());
  const events = createEventBus();
  const heard: DomainEvent[] = [];
  events.subscribe((event) => heard.push(event));
  const app = createApp({ store, locator: await followingLocator(store, buildLocator), attribution: 'test', now: () => LATTICE_NOW, events });
  const post = (path: string, body: unknown) => app.request(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const save = (baseVersion: number, edits: PlanEdit[]) => post(PLAN_URL, { baseVersion, author: '规划员', reason: '调整', edits } satisfies PlanChangeset);
  return { app, store, heard, post, save };
}

const isPlan = (event: ServerSentEvent) => event.event === 'plan';
const isVersion = (event: ServerSentEvent) => event.event === 'version';

describe('plan events on GET /api/events', () => {
  it('sends `plan` then `version` after a save and after a rollback, each after its commit', async () => {
    const { app, store, save, post } = await setup();
    const stream = reader((await app.request('/api/events')).body!);
    await stream.next(isVersion);

    const saved = await save(1, [{ kind: 'move_blocks', blockIds: ['A-2-2'], to: { code: A1_NORTH } }]);
    expect(saved.status).toBe(201);
    const plan = JSON.parse((await stream.next(isPlan)).data!);
    expect(plan).toEqual({ townshipCode: TOWNSHIP_A, version: 2, dataVersion: store.dataVersion() });
    const version = JSON.parse((await stream.next(isVersion)).data!);
    expect(version).toEqual({ dataVersion: plan.dataVersion });
    // Announced after the commit: the plan read now is the announced version.
    expect(((await (await app.request(PLAN_URL)).json()) as { version: number }).version).toBe(2);

    const rolledBack = await post(`${PLAN_URL}/rollback`, { toVersion: 1, baseVersion: 2, author: '规划员', reason: '撤回' });
    expect(rolledBack.status).toBe(201);
    expect(JSON.parse((await stream.next(isPlan)).data!)).toMatchObject({ townshipCode: TOWNSHIP_A, version: 3 });
    await stream.cancel();
  });

  it('announces nothing for a stale or invalid save, nor for a rebalance proposal', async () => {
    const { heard, save, post } = await setup();
    expect((await save(1, [{ kind: 'move_blocks', blockIds: ['A-2-2'], to: { code: A1_NORTH } }])).status).toBe(201);
    expect(heard.filter((event) => event.type === 'plan')).toHaveLength(1);
    heard.length = 0;
    expect((await save(1, [{ kind: 'move_blocks', blockIds: ['A-2-1'], to: { code: A1_NORTH } }])).status).toBe(409);
    expect((await save(2, [{ kind: 'move_blocks', blockIds: ['no-such-block'], to: { code: A1_NORTH } }])).status).toBe(422);
    expect((await post(`${PLAN_URL}/rebalance`, { baseVersion: 2 })).status).toBe(200);
    expect(heard).toEqual([]);
  });
});
