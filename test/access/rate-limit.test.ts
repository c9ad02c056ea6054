import { describe, expect, it } from 'vitest';
import { tokenBuckets } from '../../server/http/middleware/rate-limit.ts';
import { cookieValue, credentialOf } from '../../server/http/middleware/identity.ts';
import { newSecret, secretHash } from '../../server/access/secrets.ts';

describe('token buckets', () => {
  it('allow a burst, then one request per refill interval, per key', () => {
    let now = 0;
    const buckets = tokenBuckets({ capacity: 3, refillPerSecond: 2 }, () => now);
    expect([1, 2, 3, 4].map(() => buckets.take('a').allowed)).toEqual([true, true, true, false]);
    expect(buckets.take('a').retryAfterSeconds).toBe(1);
    expect(buckets.take('b').allowed).toBe(true);
    now += 500;
    expect(buckets.take('a').allowed).toBe(true);
    expect(buckets.take('a').allowed).toBe(false);
    now += 60_000;
    expect([1, 2, 3, 4].map(() => buckets.take('a').allowed)).toEqual([true, true, true, false]);
  });

  it('forget keys that have filled up again', () => {
    let now = 0;
    const buckets = tokenBuckets({ capacity: 1, refillPerSecond: 1 }, () => now);
    for (let i = 0; i < 1000; i++) buckets.take(`address-${i}`);
    now += 10_000;
    for (let i = 0; i < 100; i++) buckets.take('steady');
    expect(buckets.size).toBeLessThan(50);
  });
});

describe('credentials', () => {
  it('prefer a bearer token, read the session cookie among others, and ignore malformed ones', () => {
    const token = newSecret();
    const session = newSecret();
    const headers = (values: Record<string, string>) => (name: string) => values[name];
    expect(credentialOf(headers({ authorization: `Bearer ${token}`, cookie: `gridmap_session=${session}` }))).toEqual({ via: 'token', hash: secretHash(token) });
    expect(credentialOf(headers({ cookie: `theme=dark; gridmap_session=${session}; lang=zh` }))).toEqual({ via: 'session', hash: secretHash(session) });
    expect(credentialOf(headers({ authorization: 'Basic abc' }))).toBeNull();
    expect(credentialOf(headers({ authorization: `Bearer ${token}x` }))).toBeNull();
    expect(credentialOf(headers({ cookie: 'gridmap_session=short' }))).toBeNull();
    expect(cookieValue('a=1; b = 2', 'b')).toBe('2');
  });
});
