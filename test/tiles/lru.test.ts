// The partition cache: bounded by estimated bytes, least recently used dropped first, builds shared.
import { describe, expect, it } from 'vitest';
import { ByteLru } from '../../server/tiles/lru.ts';

const value = (text: string, bytes: number) => async () => ({ value: text, bytes });

describe('ByteLru', () => {
  it('keeps values within the budget, dropping the least recently used', async () => {
    const cache = new ByteLru<string>(100);
    await cache.get('a', '1', value('a1', 40));
    await cache.get('b', '1', value('b1', 40));
    await cache.get('a', '1', value('never', 40)); // a is now the most recent
    await cache.get('c', '1', value('c1', 40));
    expect(cache.stats()).toMatchObject({ entries: 2, bytes: 80, builds: 3, evictions: 1 });
    expect(cache.peek('b', '1')).toBeUndefined();
    expect(await cache.peek('a', '1')).toBe('a1');
  });

  it('builds again when the stamp moved, and shares a build in flight', async () => {
    const cache = new ByteLru<string>(1000);
    let builds = 0;
    const build = async () => ({ value: `v${++builds}`, bytes: 10 });
    const [first, second] = await Promise.all([cache.get('k', '1', build), cache.get('k', '1', build)]);
    expect([first, second]).toEqual(['v1', 'v1']);
    expect(await cache.get('k', '2', build)).toBe('v2');
    expect(cache.stats().bytes).toBe(10);
  });

  it('forgets a failed build', async () => {
    const cache = new ByteLru<string>(1000);
    await expect(cache.get('k', '1', async () => Promise.reject(new Error('read failed')))).rejects.toThrow('read failed');
    expect(await cache.get('k', '1', value('ok', 1))).toBe('ok');
  });
});
