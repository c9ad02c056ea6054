import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cachedRoutes, startServer } from '../../server/http/serve.ts';
import { makeTestApp, type TestApp } from './helpers.ts';

interface RawAnswer {
  status: number;
  /** Header lines as sent, in order, without Date (it moves with the clock). */
  headers: string[];
  body: Buffer;
}

function fetchRaw(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path, method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const lines: string[] = [];
        for (let index = 0; index < response.rawHeaders.length; index += 2) {
          if (response.rawHeaders[index].toLowerCase() !== 'date') lines.push(`${response.rawHeaders[index]}: ${response.rawHeaders[index + 1]}`);
        }
        resolve({ status: response.statusCode ?? 0, headers: lines, body: Buffer.concat(chunks) });
      });
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

function listening(server: Server): Promise<number> {
  return new Promise((resolve) => {
    if (server.listening) resolve((server.address() as AddressInfo).port);
    else server.once('listening', () => resolve((server.address() as AddressInfo).port));
  });
}

describe('the node listener in front of Hono', () => {
  let test: TestApp;
  let fast: Server;
  let plain: Server;
  let fastPort: number;
  let plainPort: number;
  /** Requests that reached Hono through the fast server. */
  let honoCalls = 0;

  beforeAll(async () => {
    test = makeTestApp();
    const honoFetch = test.app.fetch;
    test.app.fetch = (...args: Parameters<typeof honoFetch>) => {
      honoCalls++;
      return honoFetch(...args);
    };
    fast = startServer(test.app, { port: 0, hostname: '127.0.0.1' });
    // The same app, served by @hono/node-server alone: the reference every answer is compared with.
    plain = serve({ fetch: honoFetch, port: 0, hostname: '127.0.0.1' }) as Server;
    [fastPort, plainPort] = await Promise.all([listening(fast), listening(plain)]);
  });

  afterAll(() => {
    fast.close();
    plain.close();
  });

  /** Asks both servers; the answers must be identical byte for byte. Returns the fast one. */
  async function same(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawAnswer> {
    const reference = await fetchRaw(plainPort, path, headers, method);
    const answer = await fetchRaw(fastPort, path, headers, method);
    expect(answer.status).toBe(reference.status);
    expect(answer.headers).toEqual(reference.headers);
    expect(answer.body.equals(reference.body)).toBe(true);
    return answer;
  }

  it('takes from the routing table exactly the GET paths served by a cached handler alone', () => {
    const paths = [...cachedRoutes(test.app).keys()].sort();
    expect(paths).toEqual(['/api/basemap', '/api/blocks', '/api/counties', '/api/grids', '/api/townships', '/api/villages']);
  });

  it('answers cache hits without Hono, with the bytes and headers Hono would send (gzip, identity, 304)', async () => {
    const gzip = { 'Accept-Encoding': 'gzip, deflate, br' };
    await same('/api/grids', gzip);
    await same('/api/grids');
    const before = honoCalls;

    const zipped = await same('/api/grids', gzip);
    expect(zipped.status).toBe(200);
    expect(zipped.headers).toContain('Content-Encoding: gzip');
    const identity = await same('/api/grids', { 'Accept-Encoding': 'gzip;q=0, identity' });
    expect(identity.headers.some((line) => line.startsWith('Content-Encoding'))).toBe(false);
    const tag = zipped.headers.find((line) => line.startsWith('ETag: '))?.slice('ETag: '.length) ?? '';
    const notModified = await same('/api/grids', { ...gzip, 'If-None-Match': `"other", W/${tag}` });
    expect(notModified.status).toBe(304);
    expect(notModified.body.byteLength).toBe(0);
    expect(honoCalls).toBe(before);
  });

  it('reads the query as Hono does, and leaves misses to the route, which builds the entry', async () => {
    let before = honoCalls;
    expect((await fetchRaw(fastPort, '/api/villages?township=360121100')).status).toBe(200);
    expect(honoCalls).toBe(before + 1);
    before = honoCalls;
    await same('/api/villages?township=360121100');
    // Same key: extra parameters and their order do not matter to it.
    await same('/api/villages?unused=1&township=360121100');
    expect(honoCalls).toBe(before);
  });

  it('hands errors, misses, HEAD and unusual targets to Hono, which answers them as before', async () => {
    const cases: Array<[string, Record<string, string>, string, number]> = [
      ['/api/grids?township=360121199', {}, 'GET', 404],
      ['/api/grids?township=abc', {}, 'GET', 400],
      ['/api/blocks', {}, 'GET', 400],
      ['/api/grids', {}, 'HEAD', 200],
      ['/api/grids/', {}, 'GET', 404],
      ['/api/gr%69ds', { 'Accept-Encoding': 'gzip' }, 'GET', 200],
      ['/api/grids', { Host: 'localhost:80' }, 'GET', 200],
    ];
    for (const [path, headers, method, status] of cases) {
      const before = honoCalls;
      const answer = await same(path, headers, method);
      expect(answer.status).toBe(status);
      expect(honoCalls).toBe(before + 1);
      if (status >= 400) expect(JSON.parse(answer.body.toString('utf8'))).toHaveProperty('error.code');
    }
    // Errors are never cached: the same unknown township fails again, through Hono again.
    const before = honoCalls;
    expect((await same('/api/grids?township=360121199')).status).toBe(404);
    expect(honoCalls).toBe(before + 1);
  });

  it('serves the new data version after a write, never the stale entry', async () => {
    const old = await same('/api/grids', { 'Accept-Encoding': 'gzip' });
    const tag = old.headers.find((line) => line.startsWith('ETag: '))?.slice('ETag: '.length) ?? '';
    const posted = await test.app.request('/api/issues', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: '路灯不亮', category: '道路交通', tier: 'red', lon: 115.9401, lat: 28.5712 }),
    });
    expect(posted.status).toBe(201);
    const fresh = await same('/api/grids', { 'Accept-Encoding': 'gzip', 'If-None-Match': tag });
    expect(fresh.status).toBe(200);
    expect(fresh.headers).not.toContain(`ETag: ${tag}`);
    const before = honoCalls;
    await same('/api/grids', { 'Accept-Encoding': 'gzip', 'If-None-Match': tag });
    expect(honoCalls).toBe(before);
  });
});
