// Server-sent events: a new problem as it is logged, a township's new grid-plan version, and the data
// version after every write.
import { Hono } from 'hono';
import type { AppDeps } from '../deps.ts';
import { guardMethods } from '../errors.ts';
import { issueFeature } from '../geojson.ts';
import type { DomainEvent, EventBus } from '../../events/bus.ts';

/** Reconnection delay the browser's EventSource is told to use. */
export const EVENTS_RETRY_MS = 2000;
export const EVENTS_HEARTBEAT_MS = 15_000;
/** A client this far behind is dropped; it reconnects and refetches. */
const MAX_QUEUED_BYTES = 1 << 20;

export const EVENT_STREAM_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/event-stream',
  'Cache-Control': 'no-cache',
  // Keeps reverse proxies (nginx) from buffering the stream.
  'X-Accel-Buffering': 'no',
};

const encoder = new TextEncoder();

function eventData(event: DomainEvent): unknown {
  switch (event.type) {
    case 'issue':
      return issueFeature(event.issue);
    case 'plan':
      return { townshipCode: event.townshipCode, version: event.version, dataVersion: event.dataVersion };
    case 'version':
      return { dataVersion: event.dataVersion };
  }
}

function eventText(event: DomainEvent): string {
  const data = eventData(event);
  // JSON.stringify escapes line breaks, so the payload is a single data line.
  return `event: ${event.type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Each event is encoded once, however many clients receive it. */
function eventEncoder(): (event: DomainEvent) => Uint8Array {
  const encoded = new WeakMap<DomainEvent, Uint8Array>();
  return (event) => {
    let bytes = encoded.get(event);
    if (!bytes) encoded.set(event, (bytes = encoder.encode(eventText(event))));
    return bytes;
  };
}

export interface EventStreamOptions {
  bus: EventBus;
  dataVersion: () => number;
  heartbeatMs?: number;
}

/** One client's stream: retry hint and current version first, then live events and heartbeats. */
export function eventStream(options: EventStreamOptions, encode = eventEncoder()): ReadableStream<Uint8Array> {
  const heartbeat = encoder.encode(': heartbeat\n\n');
  let stop = () => {};
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        let open = true;
        const send = (bytes: Uint8Array) => {
          if (!open) return;
          controller.enqueue(bytes);
          if ((controller.desiredSize ?? 0) < -MAX_QUEUED_BYTES) {
            stop();
            controller.close();
          }
        };
        send(encoder.encode(`retry: ${EVENTS_RETRY_MS}\n\n`));
        send(encode({ type: 'version', dataVersion: options.dataVersion() }));
        const unsubscribe = options.bus.subscribe((event) => send(encode(event)));
        const timer = setInterval(() => send(heartbeat), options.heartbeatMs ?? EVENTS_HEARTBEAT_MS);
        stop = () => {
          open = false;
          unsubscribe();
          clearInterval(timer);
        };
      },
      cancel() {
        // The client went away.
        stop();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: 64 * 1024 }),
  );
}

export function eventRoutes(deps: AppDeps & { events: EventBus }) {
  const encode = eventEncoder();
  const router = new Hono().get('/', (c) => {
    // HEAD gets the headers only: a stream nobody reads would never be cancelled.
    if (c.req.method === 'HEAD') return new Response(null, { status: 200, headers: EVENT_STREAM_HEADERS });
    const stream = eventStream({ bus: deps.events, dataVersion: () => deps.store.dataVersion(), heartbeatMs: deps.eventsHeartbeatMs }, encode);
    return new Response(stream, { status: 200, headers: EVENT_STREAM_HEADERS });
  });
  return guardMethods(router, { '/': ['GET'] });
}
