// The typed client (hc<AppType>) works against the app without a port.
import { describe, expect, it } from 'vitest';
import { hc } from 'hono/client';
import type { AppType } from '../../server/http/app.ts';
import { makeTestApp } from './helpers.ts';

describe('hc<AppType>', () => {
  const { app } = makeTestApp();
  const client = hc<AppType>('http://localhost', { fetch: (input: Parameters<typeof fetch>[0], init?: RequestInit) => app.request(input instanceof Request ? input : String(input), init) });

  it('reads typed JSON from health and stats', async () => {
    const health = await (await client.api.health.$get()).json();
    expect(health.status).toBe('ok');
    const response = await client.api.stats.$get({ query: { level: 'township', code: '360121100' } });
    expect(response.status).toBe(200);
    if (response.ok) {
      const stats = await response.json();
      expect(stats.name).toBe('莲塘镇');
    }
  });

  it('reaches the dashboard routes: trend, stats children and points', async () => {
    const trend = await client.api.stats.trend.$get({ query: { level: 'county', weeks: 3 } });
    expect(trend.status).toBe(200);
    if (trend.ok) expect((await trend.json()).weeks).toHaveLength(3);
    const stats = await client.api.stats.$get({ query: { level: 'county', from: '2015-04-15', to: '2015-04-22' } });
    if (stats.ok) expect((await stats.json()).children.map((row) => row.collected)).toEqual([2, 3]);
    const points = await client.api.issues.points.$get();
    expect(points.status).toBe(200);
    expect(((await points.json()) as { count: number }).count).toBe(8);
  });

  it('posts a typed issue body', async () => {
    const response = await client.api.issues.$post({
      json: { title: '下水道堵塞', category: '环境卫生', tier: 'red', lon: 115.9401, lat: 28.5712 },
    });
    expect(response.status).toBe(201);
  });
});
