// Serving the app over node:http. Hits of the cached GeoJSON routes (the largest and most requested
// reads) are answered here, from the route's own cache entries, before @hono/node-server builds a
// Request and Hono routes it; that per-request work would otherwise cost more than picking the
// prepared answer. Everything else (misses, invalid input, HEAD, other routes) goes to Hono.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import { getQueryParam } from 'hono/utils/url';
import { cachedGeoJsonOf, incomingHeader, type CachedAnswer, type GeoJsonCache } from './cachedGeoJson.ts';
import { fastPathGateOf, isGated } from './middleware/fast-path.ts';

export type NodeListener = (incoming: IncomingMessage, outgoing: ServerResponse) => void;

// Request targets and hosts that @hono/node-server passes to the app verbatim (its own patterns,
// minus `#`); anything else goes through its URL normalisation, so it is left to it.
const VERBATIM_TARGET = /^\/[!$&-;=?-[\]_a-z~]*$/;
const DOT_SEGMENT = /\/\.\.?(?:[/?#]|$)/;
const VERBATIM_HOST = /^[a-z0-9._-]+(?::(?:[1-5]\d{3,4}|[6-9]\d{3}))?$/;

/**
 * Reads the query exactly as Hono's `c.req.query` does, from the URL Hono would be given. A class,
 * so that no function is created per request.
 */
class UrlQuery {
  readonly url: string;
  constructor(url: string) {
    this.url = url;
  }
  query(name: string): string | undefined;
  query(): Record<string, string>;
  query(name?: string): string | undefined | Record<string, string> {
    return getQueryParam(this.url, name);
  }
}

/**
 * Paths whose GET the router hands to a single cached GeoJSON handler and nothing else (no
 * middleware), with that handler's cache. Derived from the app's own routing table.
 */
export function cachedRoutes(app: Hono<any, any, any>): Map<string, GeoJsonCache> {
  const routes = new Map<string, GeoJsonCache>();
  for (const route of app.routes) {
    if (route.method !== 'GET' || /[:*{]/.test(route.path) || routes.has(route.path)) continue;
    // Access middleware is left out: the app's fast-path gate (below) stands in for it.
    const handlers = app.router.match('GET', route.path)[0].filter((entry) => !isGated(entry[0][0]));
    if (handlers.length !== 1) continue;
    const cache = cachedGeoJsonOf(handlers[0][0][0]);
    if (cache) routes.set(route.path, cache);
  }
  return routes;
}

/**
 * The request listener for `app`: cached GeoJSON hits are written directly with the entry's
 * prepared status, headers and bytes (what @hono/node-server would write for the same Response);
 * all other requests go to @hono/node-server's listener.
 */
export function createNodeListener(app: Hono<any, any, any>, options: { hostname?: string } = {}): NodeListener {
  const honoListener = getRequestListener(app.fetch, { hostname: options.hostname });
  // Read on the first request, once every route is registered (Hono freezes its router then too).
  let routes: Map<string, GeoJsonCache> | undefined;
  const gate = fastPathGateOf(app);

  return (incoming, outgoing) => {
    const url = incoming.url ?? '';
    const host = incoming.headers.host;
    if (incoming.method === 'GET' && host && VERBATIM_HOST.test(host) && VERBATIM_TARGET.test(url) && !DOT_SEGMENT.test(url)) {
      routes ??= cachedRoutes(app);
      const queryStart = url.indexOf('?');
      const path = queryStart === -1 ? url : url.slice(0, queryStart);
      const cache = routes.get(path);
      // With access control on, only requests its gate clears are answered here.
      const extraHeaders = cache && gate ? gate(incoming.headers, path) : undefined;
      if (cache && extraHeaders !== null) {
        let answer: CachedAnswer | undefined;
        try {
          answer = cache.hit(
            { req: new UrlQuery(`http://${host}${url}`) },
            incomingHeader(incoming.headers, 'accept-encoding'),
            incomingHeader(incoming.headers, 'if-none-match'),
          );
        } catch {
          // Invalid input: the route answers it with its JSON error.
        }
        if (answer) {
          outgoing.writeHead(answer.status, extraHeaders ? { ...answer.headers, ...extraHeaders } : answer.headers);
          outgoing.end(answer.body ?? undefined);
          return;
        }
      }
    }
    void honoListener(incoming, outgoing);
  };
}

export interface StartServerOptions {
  port: number;
  /** Interface to listen on; all interfaces when absent. */
  hostname?: string;
}

/** Serves `app` on node:http; the one way the product (server/main.ts) and its benchmark serve it. */
export function startServer(app: Hono<any, any, any>, options: StartServerOptions, onListening?: (address: AddressInfo) => void): Server {
  const server = createServer(createNodeListener(app, { hostname: options.hostname }));
  server.listen(options.port, options.hostname, () => onListening?.(server.address() as AddressInfo));
  return server;
}
