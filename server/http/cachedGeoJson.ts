// Serves large GeoJSON from bytes prepared once per data version: JSON and its gzip, strong ETags, 304s.
// Every possible answer (status, headers, body) is built with the entry, so a hit only picks one; the
// node-level listener (serve.ts) answers hits from the same entries without going through Hono.
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { gzip, constants as zlibConstants } from 'node:zlib';
import { promisify } from 'node:util';
import type { Context } from 'hono';
import type { Awaitable } from '../store/store.ts';
import { GEOJSON_CONTENT_TYPE } from './geojson.ts';

const gzipAsync = promisify(gzip);

/** What a cache key may depend on: the query string, read the way Hono's `c.req.query` reads it. */
export interface QueryRequest {
  req: {
    query(name: string): string | undefined;
    query(): Record<string, string>;
  };
}

export interface CachedGeoJsonOptions {
  /** Current data version; any change makes every entry stale. Must be cheap. */
  version: () => number;
  /** Cache key: route plus normalised query. Validates input (throw an ApiError) and must be synchronous. */
  key: (request: QueryRequest) => string;
  /** The response body for a key; throw an ApiError for unknown codes (errors are never cached). */
  build: (c: Context) => Awaitable<unknown>;
  /** Distinguishes databases at equal versions in ETags (e.g. the dataset id). */
  salt?: () => Awaitable<string>;
  contentType?: string;
  maxEntries?: number;
  gzipLevel?: number;
}

/** One complete answer, shared by every request it fits: never mutate. */
export interface CachedAnswer {
  status: 200 | 304;
  headers: Readonly<Record<string, string>>;
  body: Uint8Array | null;
}

interface Variant {
  ok: CachedAnswer;
  notModified: CachedAnswer;
}

interface Entry {
  version: number;
  /** Both tags: a client may hold either encoding's tag. */
  tags: readonly string[];
  identity: Variant;
  gzip: Variant;
}

/** The cache behind one cached GeoJSON route. */
export interface GeoJsonCache {
  /**
   * The answer from a current entry, or undefined on a miss (the route handler builds it).
   * Throws what `key` throws for invalid input.
   */
  hit(request: QueryRequest, acceptEncoding: string | undefined, ifNoneMatch: string | undefined): CachedAnswer | undefined;
}

/** A header from node's parsed header object; repeated headers are joined as a list. */
export function incomingHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Node's parsed header object when running under @hono/node-server; avoids building a Headers object. */
export function requestHeader(c: Context, name: string): string | undefined {
  const incoming = (c.env as { incoming?: { headers: IncomingHttpHeaders } } | undefined)?.incoming;
  return incoming ? incomingHeader(incoming.headers, name) : c.req.header(name);
}

/** True when Accept-Encoding admits gzip with q > 0 (explicitly or through `*`). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  if (header === 'gzip' || header.startsWith('gzip, ')) return true;
  let wildcard = false;
  for (const part of header.split(',')) {
    const [rawName, ...parameters] = part.split(';');
    const name = rawName.trim().toLowerCase();
    if (name !== 'gzip' && name !== '*') continue;
    let quality = 1;
    for (const parameter of parameters) {
      const [key, value] = parameter.split('=');
      if (key.trim().toLowerCase() === 'q') quality = Number(value);
    }
    if (name === 'gzip') return quality > 0;
    wildcard = quality > 0;
  }
  return wildcard;
}

/** If-None-Match uses weak comparison (RFC 9110 §13.1.2): W/ prefixes are ignored. */
export function matchesEntityTag(header: string | undefined, tags: readonly string[]): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  for (const part of header.split(',')) {
    const candidate = part.trim().replace(/^W\//, '');
    if (tags.includes(candidate)) return true;
  }
  return false;
}

function variant(body: Uint8Array, contentType: string, tag: string, encoding: 'gzip' | null): Variant {
  const common = { Vary: 'Accept-Encoding', 'Cache-Control': 'no-cache' };
  const headers: Record<string, string> = { 'Content-Type': contentType };
  if (encoding) headers['Content-Encoding'] = encoding;
  Object.assign(headers, { 'Content-Length': String(body.byteLength), ETag: tag, ...common });
  return {
    ok: Object.freeze({ status: 200, headers: Object.freeze(headers), body }),
    notModified: Object.freeze({ status: 304, headers: Object.freeze({ ETag: tag, ...common }), body: null }),
  };
}

async function buildEntry(options: CachedGeoJsonOptions, c: Context, key: string, version: number): Promise<Entry> {
  const value = await options.build(c);
  const salt = options.salt ? await options.salt() : '';
  const json = Buffer.from(JSON.stringify(value), 'utf8');
  const compressed = await gzipAsync(json, { level: options.gzipLevel ?? zlibConstants.Z_DEFAULT_COMPRESSION });
  const digest = createHash('sha256').update(`${salt}\n${key}`).digest('base64url').slice(0, 16);
  // Strong tags differ per content coding, since the bytes differ.
  const identityTag = `"v${version}-${digest}"`;
  const gzipTag = `"v${version}-${digest}-gz"`;
  const contentType = options.contentType ?? GEOJSON_CONTENT_TYPE;
  return {
    version,
    tags: [identityTag, gzipTag],
    identity: variant(json, contentType, identityTag, null),
    gzip: variant(compressed, contentType, gzipTag, 'gzip'),
  };
}

function answerFrom(entry: Entry, acceptEncoding: string | undefined, ifNoneMatch: string | undefined): CachedAnswer {
  const chosen = acceptsGzip(acceptEncoding) ? entry.gzip : entry.identity;
  return matchesEntityTag(ifNoneMatch, entry.tags) ? chosen.notModified : chosen.ok;
}

function toResponse(answer: CachedAnswer): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}

const CACHE = Symbol('cached GeoJSON');
type CachedHandler = ((c: Context) => Response | Promise<Response>) & { [CACHE]: GeoJsonCache };

/** The cache behind a handler made by `cachedGeoJson`, or undefined for any other handler. */
export function cachedGeoJsonOf(handler: unknown): GeoJsonCache | undefined {
  return typeof handler === 'function' && CACHE in handler ? (handler as CachedHandler)[CACHE] : undefined;
}

/** A route handler serving `build(c)` as cached GeoJSON bytes. */
export function cachedGeoJson(options: CachedGeoJsonOptions): (c: Context) => Response | Promise<Response> {
  const entries = new Map<string, Entry>();
  const pending = new Map<string, Promise<Entry>>();
  const maxEntries = options.maxEntries ?? 128;
  let entriesVersion = -1;

  /** The entry for `key` at the current version; stale entries are dropped on the way. */
  const current = (key: string, version: number): Entry | undefined => {
    if (version !== entriesVersion) {
      entries.clear();
      entriesVersion = version;
    }
    return entries.get(key);
  };

  const cache: GeoJsonCache = {
    hit(request, acceptEncoding, ifNoneMatch) {
      const entry = current(options.key(request), options.version());
      return entry && answerFrom(entry, acceptEncoding, ifNoneMatch);
    },
  };

  const handler = (c: Context): Response | Promise<Response> => {
    const key = options.key(c);
    const version = options.version();
    const entry = current(key, version);
    if (entry) return toResponse(answerFrom(entry, requestHeader(c, 'accept-encoding'), requestHeader(c, 'if-none-match')));

    const pendingKey = `${version}\n${key}`;
    let building = pending.get(pendingKey);
    if (!building) {
      building = buildEntry(options, c, key, version).finally(() => pending.delete(pendingKey));
      pending.set(pendingKey, building);
      building.then(
        (built) => {
          // Keep it only if no write happened while building.
          if (built.version !== options.version()) return;
          if (entriesVersion !== built.version) {
            entries.clear();
            entriesVersion = built.version;
          }
          if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
          entries.set(key, built);
        },
        () => {},
      );
    }
    return building.then((built) => toResponse(answerFrom(built, requestHeader(c, 'accept-encoding'), requestHeader(c, 'if-none-match'))));
  };
  return Object.assign(handler, { [CACHE]: cache });
}
