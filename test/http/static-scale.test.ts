// The web app's page written for the database's scale: a county's page preloads its whole layers as
// it always did; a province's says it is one and preloads none of the large ones (grids, problem
// points, basemap), only the townships. Uses the real web/index.html.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/http/app.ts';
import { pageForScale } from '../../server/http/static.ts';
import { openSqliteStore } from '../../server/store/sqlite/sqliteStore.ts';
import { FIXTURE_NOW, loadFixtureDataset } from '../fixtures/dataset/load.ts';
import { countyDataset } from '../store/provinceFixtures.ts';
import { ATTRIBUTION, fixtureLocator, makeTestApp } from './helpers.ts';

const root = mkdtempSync(join(tmpdir(), 'gridmap-scale-'));
copyFileSync(join(import.meta.dirname, '..', '..', 'web', 'index.html'), join(root, 'index.html'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const LARGE = ['/api/grids', '/api/issues/points', '/api/basemap?layer=streets&amp;detail=major', '/api/basemap?layer=water'];

/** The hrefs of the page's preload links. */
function preloads(html: string): string[] {
  return [...html.matchAll(/<link\b[^>]*\brel="preload"[^>]*>/gi)].map((link) => /\bhref="([^"]*)"/.exec(link[0])?.[1] ?? '');
}

function scaleOf(html: string): string | null {
  return /<meta\s+name="gridmap-scale"\s+content="([^"]*)"/.exec(html)?.[1] ?? null;
}

function provinceApp() {
  const store = openSqliteStore(':memory:', { now: () => FIXTURE_NOW });
  const first = loadFixtureDataset();
  const second = countyDataset('360122', '测试县', 0.1);
  store.seedDataset(first);
  store.seedDataset(second);
  const app = createApp({ store, locator: fixtureLocator(first), attribution: ATTRIBUTION, now: () => FIXTURE_NOW, staticRoot: root });
  return { app, store };
}

async function page(app: { request(path: string): Response | Promise<Response> }, path: string): Promise<string> {
  const response = await app.request(path);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  const body = await response.text();
  expect(Number(response.headers.get('content-length'))).toBe(Buffer.byteLength(body, 'utf8'));
  return body;
}

describe('the page for the database scale', () => {
  it('keeps every preload of a county database and says county', async () => {
    const { app, store } = makeTestApp({ staticRoot: root });
    for (const path of ['/', '/index.html', '/township/360121100', '/wall']) {
      const html = await page(app, path);
      expect(preloads(html)).toEqual(['/api/townships', ...LARGE]);
      expect(scaleOf(html)).toBe('county');
    }
    store.close();
  });

  it('leaves out the large preloads of a province and says province, on every client route', async () => {
    const { app, store } = provinceApp();
    for (const path of ['/', '/index.html', '/?county=360122', '/township/360122100', '/wall']) {
      const html = await page(app, path);
      expect(preloads(html)).toEqual(['/api/townships']);
      expect(scaleOf(html)).toBe('province');
      // The rest of the page is untouched.
      expect(html).toContain('<div id="root"></div>');
      expect(html).toContain('<title>');
    }
    store.close();
  });

  it('follows the database: a second county seeded while serving turns the page into a province one', async () => {
    const store = openSqliteStore(':memory:', { now: () => FIXTURE_NOW });
    const first = loadFixtureDataset();
    store.seedDataset(first);
    const app = createApp({ store, locator: fixtureLocator(first), attribution: ATTRIBUTION, now: () => FIXTURE_NOW, staticRoot: root });
    expect(scaleOf(await page(app, '/'))).toBe('county');
    store.seedDataset(countyDataset('360122', '测试县', 0.1));
    const html = await page(app, '/');
    expect(scaleOf(html)).toBe('province');
    expect(preloads(html)).toEqual(['/api/townships']);
    store.close();
  });

  it('rewrites a page without the meta by adding it to the head', () => {
    const bare = '<html><head><link rel="preload" href="/api/grids" as="fetch" />\n<link rel="preload" href="/api/townships" as="fetch" /></head><body></body></html>';
    const province = pageForScale(bare, 'province');
    expect(preloads(province)).toEqual(['/api/townships']);
    expect(scaleOf(province)).toBe('province');
    expect(pageForScale(bare, 'county')).toBe(bare);
  });
});
