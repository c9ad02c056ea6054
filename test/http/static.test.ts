import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectError, makeTestApp } from './helpers.ts';

const root = mkdtempSync(join(tmpdir(), 'gridmap-web-'));
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>网格</title>');
writeFileSync(join(root, 'assets', 'app-1234.js'), 'console.log(1)');
writeFileSync(join(root, 'favicon.svg'), '<svg/>');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('static web app', () => {
  const { app } = makeTestApp({ staticRoot: root });

  it('serves files with their media type and caching policy', async () => {
    const index = await app.request('/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await index.text()).toContain('网格');
    const script = await app.request('/assets/app-1234.js');
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(script.headers.get('cache-control')).toContain('immutable');
    expect((await app.request('/favicon.svg')).headers.get('content-type')).toMatch(/^image\/svg\+xml/);
  });

  it('falls back to index.html for client routes, not for missing files or the API', async () => {
    const route = await app.request('/township/360121100');
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<title>网格</title>');
    await expectError(await app.request('/assets/missing.js'), 404);
    await expectError(await app.request('/api/unknown'), 404);
    await expectError(await app.request('/api'), 404);
  });

  it('refuses paths escaping the root', async () => {
    // URL parsing already folds %2e%2e segments: this becomes the client route /etc/passwd.
    expect(await (await app.request('/%2e%2e/%2e%2e/etc/passwd')).text()).toContain('<title>网格</title>');
    await expectError(await app.request('/..%2fpackage.json'), 404);
    await expectError(await app.request('/assets/..%2f..%2fpackage.json'), 404);
  });

  it('still answers the API first', async () => {
    expect((await app.request('/api/health')).status).toBe(200);
  });
});
