// The cached-layer fast path (serve.ts) answers some reads before Hono runs. With access control on,
// it asks the app's gate first: the headers to add when the request may be answered there, or null
// to send it the long way through the middleware (which then refuses it, or answers it fully).
import type { IncomingHttpHeaders } from 'node:http';

export type FastPathGate = (headers: IncomingHttpHeaders, path: string) => Readonly<Record<string, string>> | null;

const gates = new WeakMap<object, FastPathGate>();
const gatedMiddleware = new WeakSet<object>();

export function setFastPathGate(app: object, gate: FastPathGate): void {
  gates.set(app, gate);
}

export function fastPathGateOf(app: object): FastPathGate | undefined {
  return gates.get(app);
}

/** Marks middleware whose whole effect on a cached read the gate reproduces. */
export function markGated<T extends object>(middleware: T): T {
  gatedMiddleware.add(middleware);
  return middleware;
}

export function isGated(handler: unknown): boolean {
  return typeof handler === 'function' && gatedMiddleware.has(handler);
}
