// Token buckets per key (an account or a client address): a burst up to `capacity`, refilled at a
// steady rate. Refusals are JSON 429 with Retry-After.
import type { Context, MiddlewareHandler } from 'hono';

export interface BucketSettings {
  /** Largest burst. */
  capacity: number;
  /** Tokens added per second. */
  refillPerSecond: number;
}

export interface TakeResult {
  allowed: boolean;
  /** Whole seconds until a token is available again (0 when allowed). */
  retryAfterSeconds: number;
}

/** Keys idle long enough to be full again are forgotten, so the map stays small. */
const SWEEP_EVERY = 1024;

export function tokenBuckets(settings: BucketSettings, now: () => number = () => Date.now()) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  let takes = 0;
  const refill = (bucket: { tokens: number; at: number }, at: number) => {
    bucket.tokens = Math.min(settings.capacity, bucket.tokens + ((at - bucket.at) / 1000) * settings.refillPerSecond);
    bucket.at = at;
  };
  return {
    take(key: string): TakeResult {
      const at = now();
      if (++takes % SWEEP_EVERY === 0) {
        for (const [stale, bucket] of buckets) {
          refill(bucket, at);
          if (bucket.tokens >= settings.capacity) buckets.delete(stale);
        }
      }
      let bucket = buckets.get(key);
      if (!bucket) {
        bucket = { tokens: settings.capacity, at };
        buckets.set(key, bucket);
      } else {
        refill(bucket, at);
      }
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true, retryAfterSeconds: 0 };
      }
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / settings.refillPerSecond)) };
    },
    get size() {
      return buckets.size;
    },
  };
}

export type TokenBuckets = ReturnType<typeof tokenBuckets>;

export function tooManyRequests(c: Context, retryAfterSeconds: number): Response {
  return c.json(
    { error: { code: 'rate_limited', message: `too many requests; retry in ${retryAfterSeconds} s`, field: 'request' } },
    429,
    { 'Retry-After': String(retryAfterSeconds) },
  );
}

/**
 * Middleware over a bucket set: `keyOf` names the bucket (null: not limited). Exposed for routes that
 * need a limit of their own; the access guard applies the write and login limits itself.
 */
export function rateLimit(buckets: TokenBuckets, keyOf: (c: Context) => string | null): MiddlewareHandler {
  return async (c, next) => {
    const key = keyOf(c);
    if (key !== null) {
      const result = buckets.take(key);
      if (!result.allowed) return tooManyRequests(c, result.retryAfterSeconds);
    }
    await next();
  };
}

