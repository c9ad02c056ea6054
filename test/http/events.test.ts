// GET /api/events: server-sent events for new problems and data versions, over app.request and a real socket.
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { serve, type ServerType } from '@hono/node-server';
import { createEventBus, type EventBus } from '../../server/events/bus.ts';
import { eventStream } from '../../server/http/routes/events.ts';
import { makeTestApp } from './helpers.ts';

interface ServerSentEvent {
  event?: string;
  data?: string;
  retry?: number;
  comment?: string;
}

/** Reads a text/event-stream body block by block. */
class EventReader {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #decoder = new TextDecoder();
  #buffer = '';

  constructor(body: ReadableStream<Uint8Array>) {
    this.#reader = body.getReader();
  }

  /** The next block satisfying `wanted`, skipping others; throws after `timeoutMs`. */
  async next(wanted: (event: ServerSentEvent) => boolean = () => true, timeoutMs = 1000): Promise<ServerSentEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = this.#buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = this.#buffer.slice(0, end);
        this.#buffer = this.#buffer.slice(end + 2);
        const event = parseBlock(block);
        if (wanted(event)) return event;
        continue;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error('no matching event in time');
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('no matching event in time')), remaining);
      });
      try {
        const { done, value } = await Promise.race([this.#reader.read(), timeout]);
        if (done) throw new Error('stream ended');
        this.#buffer += this.#decoder.decode(value, { stream: true });
      } finally {
        clearTimeout(timer);
      }
    }
  }

  async cancel(): Promise<void> {
    await this.#reader.cancel();
  }
}

function parseBlock(block: string): ServerSentEvent {
  const event: ServerSentEvent = {};
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) event.comment = line.slice(1).trim();
    else if (line.startsWith('event: ')) event.event = line.slice(7);
    else if (line.startsWith('data: ')) event.data = (event.data === undefined ? '' : `${event.data}\n`) + line.slice(6);
    else if (line.startsWith('retry: ')) event.retry = Number(line.slice(7));
  }
  return event;
}

const isIssue = (event: ServerSentEvent) => event.event === 'issue';
const isVersion = (event: ServerSentEvent) => event.event === 'version';
const inside = { title: '路灯不亮', category: '道路交通', tier: 'red', lon: 115.9401, lat: 28.5712 };

async function until(condition: () => boolean, timeoutMs = 1000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('GET /api/events over app.request', () => {
  it('sends the retry hint, the current version, then the created issue and the new version', async () => {
    const events = createEventBus();
    const { app, store } = makeTestApp({ events });
    const response = await app.request('/api/events');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    const reader = new EventReader(response.body!);
    expect((await reader.next()).retry).toBe(2000);
    const initial = await reader.next();
    expect(initial.event).toBe('version');
    expect(JSON.parse(initial.data!)).toEqual({ dataVersion: store.dataVersion() });
    expect(events.subscriberCount()).toBe(1);

    const posted = await app.request('/api/issues', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(inside) });
    expect(posted.status).toBe(201);
    const created = await posted.json();
    const issue = await reader.next(isIssue);
    // The same Feature as the POST answer and GET /api/issues.
    expect(JSON.parse(issue.data!)).toEqual(created);
    const version = await reader.next(isVersion);
    expect(JSON.parse(version.data!)).toEqual({ dataVersion: store.dataVersion() });

    await reader.cancel();
    expect(events.subscriberCount()).toBe(0);
  });

  it('sends comment heartbeats at the injected interval', async () => {
    const { app } = makeTestApp({ eventsHeartbeatMs: 20 });
    const reader = new EventReader((await app.request('/api/events')).body!);
    const heartbeat = await reader.next((event) => event.comment !== undefined, 500);
    expect(heartbeat.comment).toBe('heartbeat');
    await reader.cancel();
  });

  it('publishes nothing for a refused POST, and HEAD opens no subscription', async () => {
    const events = createEventBus();
    const { app } = makeTestApp({ events });
    const seen: string[] = [];
    const unsubscribe = events.subscribe((event) => seen.push(event.type));
    const refused = await app.request('/api/issues', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ...inside, lon: 100 }) });
    expect(refused.status).toBe(422);
    expect(seen).toEqual([]);
    const head = await app.request('/api/events', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/event-stream');
    expect(events.subscriberCount()).toBe(1);
    unsubscribe();
    unsubscribe();
    expect(events.subscriberCount()).toBe(0);
  });
});

describe('GET /api/events over a real socket', () => {
  let server: ServerType | undefined;
  afterEach(async () => {
    const running = server;
    server = undefined;
    if (!running) return;
    (running as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
    await new Promise((resolve) => running.close(resolve));
  });

  it('delivers a new issue to two clients within a second and drops each client on disconnect', async () => {
    const events = createEventBus();
    const { app } = makeTestApp({ events });
    const port = await new Promise<number>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve(info.port));
    });
    const base = `http://127.0.0.1:${port}`;
    const clients = [new AbortController(), new AbortController()];
    const readers: EventReader[] = [];
    for (const client of clients) {
      const response = await fetch(`${base}/api/events`, { signal: client.signal });
      expect(response.headers.get('content-type')).toBe('text/event-stream');
      const reader = new EventReader(response.body!);
      await reader.next(isVersion);
      readers.push(reader);
    }
    expect(events.subscriberCount()).toBe(2);

    const started = Date.now();
    const posted = await fetch(`${base}/api/issues`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(inside) });
    expect(posted.status).toBe(201);
    const { id } = (await posted.json()) as { id: number };
    const received = await Promise.all(readers.map((reader) => reader.next(isIssue, 1000)));
    expect(Date.now() - started).toBeLessThan(1000);
    for (const event of received) expect(JSON.parse(event.data!)).toMatchObject({ type: 'Feature', id, properties: { title: inside.title } });

    clients[0].abort();
    await until(() => events.subscriberCount() === 1);
    // The other client still gets events.
    await fetch(`${base}/api/issues`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(inside) });
    expect((await readers[1].next(isIssue)).event).toBe('issue');
    clients[1].abort();
    await until(() => events.subscriberCount() === 0);
  });
});

describe('event bus and stream', () => {
  it('delivers to every subscriber even when one throws, and counts each subscription', () => {
    const errors: unknown[] = [];
    const bus = createEventBus({ onListenerError: (error) => errors.push(error) });
    const seen: number[] = [];
    const record = (event: { type: string }) => seen.push(event.type === 'version' ? 1 : 0);
    bus.subscribe(() => {
      throw new Error('broken listener');
    });
    const first = bus.subscribe(record);
    bus.subscribe(record);
    expect(bus.subscriberCount()).toBe(3);
    bus.publish({ type: 'version', dataVersion: 7 });
    expect(seen).toEqual([1, 1]);
    expect(errors).toHaveLength(1);
    first();
    expect(bus.subscriberCount()).toBe(2);
  });

  it('drops a client that stops reading once a megabyte is queued', () => {
    const bus: EventBus = createEventBus();
    const stream = eventStream({ bus, dataVersion: () => 1, heartbeatMs: 60_000 });
    expect(bus.subscriberCount()).toBe(1);
    let published = 0;
    while (bus.subscriberCount() > 0 && published < 200_000) bus.publish({ type: 'version', dataVersion: ++published });
    expect(bus.subscriberCount()).toBe(0);
    // About 1 MiB of ~40-byte events, not the whole run.
    expect(published).toBeGreaterThan(20_000);
    expect(published).toBeLessThan(60_000);
    void stream.cancel();
  });
});
