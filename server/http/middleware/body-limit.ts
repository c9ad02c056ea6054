// Request bodies are read at most once and never past a limit: a declared length over the limit is
// refused before reading, and a body streamed without one is cut off as soon as it passes it.
import type { Context, MiddlewareHandler } from 'hono';
import { errorResponse } from '../errors.ts';

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

const BODYLESS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Reads the body into Hono's body cache, so later readers (c.req.json(), text(), parseBody()) reuse it. */
async function readCapped(c: Context, maxBytes: number): Promise<boolean> {
  const body = c.req.raw.body;
  if (!body) return true;
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return false;
    }
    chunks.push(value);
  }
  const bytes = Buffer.concat(chunks, total);
  // Hono keeps the promise of a body read in its cache (typed as the value).
  c.req.bodyCache.arrayBuffer = Promise.resolve(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) as unknown as ArrayBuffer;
  return true;
}

/** `maxBytes` may depend on the request (a route that takes larger bodies). */
export function bodyLimit(limit: number | ((c: Context) => number) = DEFAULT_MAX_BODY_BYTES): MiddlewareHandler {
  return async (c, next) => {
    // Read once: a request whose path matches the middleware's pattern twice (e.g. a literal "/*")
    // passes through it twice, and the second pass finds the body already cached.
    if (BODYLESS.has(c.req.method) || c.req.bodyCache.arrayBuffer !== undefined) return next();
    const maxBytes = typeof limit === 'number' ? limit : limit(c);
    const tooLarge = () => errorResponse(c, 413, 'body_too_large', `the body exceeds ${maxBytes} bytes`, 'body');
    const declared = c.req.header('content-length');
    if (declared !== undefined && !(Number(declared) <= maxBytes)) return tooLarge();
    if (!(await readCapped(c, maxBytes))) return tooLarge();
    await next();
  };
}

/** The body as JSON if it is a JSON object; undefined otherwise (the route reports the problem itself). */
export async function jsonObjectOf(c: Context): Promise<Record<string, unknown> | undefined> {
  try {
    const text = await c.req.text();
    const type = c.req.header('content-type') ?? '';
    const value: unknown = /^application\/x-www-form-urlencoded/i.test(type) ? Object.fromEntries(new URLSearchParams(text)) : JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
