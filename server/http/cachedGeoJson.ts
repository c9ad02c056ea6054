// Serves large GeoJSON from bytes prepared once per data version: JSON and its gzip, strong ETags, 304s.
// The hit path is synchronous and allocates one Response: it is what the throughput benchmark measures.
import { createHash } from 'node:crypto';
import { gzip, constants as zlibConstants } from 'node:zlib';
import { promisify } from 'node:util';
import type { Context } from 'hono';
import type { Awaitable } from '../store/store.ts';
import { GEOJSON_CONTENT_TYPE } from './geojson.ts';

const gzipAsync = promisify(gzip);

export interface CachedGeoJsonOptions {
  /** Current data version; any change makes every entry stale. Must be cheap. */
  version: () => number;
  /** Cache key: route plus normalised query. Validates input (throw an ApiError) and must be synchronous. */
  key: (c: Context) => string;
  /** The response body for a key; throw an ApiError for unknown codes (errors are never cached). */
  build: (c: Context) => Awaitable<unknown>;
  /** Distinguishes databases at equal versions in ETags (e.g. the dataset id). */
  salt?: () => Awaitable<string>;
  contentType?: string;
  maxEntries?: number;
  gzipLevel?: number;
}

interface Variant {
  body: Uint8Array;
  headers: Record<string, string>;
  notModifiedHeaders: Record<string, string>;
}

interface Entry {
  version: number;
  identityTag: string;
  gzipTag: string;
  identity: Variant;
  gzip: Variant;
}

/** Node's parsed header object when running under @hono/node-server; avoids building a Headers object. */
export function requestHeader(c: Context, name: string): string | undefined {
  const incoming = (c.env as { incoming?: { headers: Record<string, string | string[] | undefined> } } | undefined)?.incoming;
  if (incoming) {
    const value = incoming.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  }
  return c.req.header(name);
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

async function buildEntry(
  options: CachedGeoJsonOptions,
  c: Context,
  key: string,
  version: number,
): Promise<Entry> {
  const value = await options.build(c);
  const salt = options.salt ? await options.salt() : '';
  const json = Buffer.from(JSON.stringify(value), 'utf8');
  const compressed = await gzipAsync(json, { level: options.gzipLevel ?? zlibConstants.Z_DEFAULT_COMPRESSION });
  const digest = createHash('sha256').update(`${salt}\n${key}`).digest('base64url').slice(0, 16);
  // Strong tags differ per content coding, since the bytes differ.
  const identityTag = `"v${version}-${digest}"`;
  const gzipTag = `"v${version}-${digest}-gz"`;
  const contentType = options.contentType ?? GEOJSON_CONTENT_TYPE;
  const common = { Vary: 'Accept-Encoding', 'Cache-Control': 'no-cache' };
  return {
    version,
    identityTag,
    gzipTag,
    identity: {
      body: json,
      headers: { 'Content-Type': contentType, 'Content-Length': String(json.byteLength), ETag: identityTag, ...common },
      notModifiedHeaders: { ETag: identityTag, ...common },
    },
    gzip: {
      body: compressed,
      headers: {
        'Content-Type': contentType,
        'Content-Encoding': 'gzip',
        'Content-Length': String(compressed.byteLength),
        ETag: gzipTag,
        ...common,
      },
      notModifiedHeaders: { ETag: gzipTag, ...common },
    },
  };
}

function respond(c: Context, entry: Entry): Response {
  const variant = acceptsGzip(requestHeader(c, 'accept-encoding')) ? entry.gzip : entry.identity;
  if (matchesEntityTag(requestHeader(c, 'if-none-match'), [entry.identityTag, entry.gzipTag])) {
    return new Response(null, { status: 304, headers: variant.notModifiedHeaders });
  }
  return new Response(variant.body, { status: 200, headers: variant.headers });
}

/** A route handler serving `build(c)` as cached GeoJSON bytes. */
export function cachedGeoJson(options: CachedGeoJsonOptions): (c: Context) => Response | Promise<Response> {
  const entries = new Map<string, Entry>();
  const pending = new Map<string, Promise<Entry>>();
  const maxEntries = options.maxEntries ?? 128;
  let entriesVersion = -1;

  return (c) => {
    const key = options.key(c);
    const version = options.version();
    if (version !== entriesVersion) {
      entries.clear();
      entriesVersion = version;
    }
    const entry = entries.get(key);
    if (entry) return respond(c, entry);

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
    return building.then((built) => respond(c, built));
  };
}
