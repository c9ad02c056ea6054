// The web app's page with access control on: a request without a session gets it without the
// preloads of API data (they would only earn 401s before the sign-in view); a signed-in one, whole.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withoutGuardedPreloads } from '../../server/http/middleware/signed-out-page.ts';
import { createApp } from '../../server/http/app.ts';
import { makeAccessApp } from './helpers.ts';
import { fixtureLocator } from '../http/helpers.ts';

const PAGE = `<!doctype html>
<html lang="zh-CN">
  <head>
    <title>南昌县</title>
    <link rel="preload" href="/api/townships" as="fetch" crossorigin="anonymous" />
    <link rel="preload" href="/api/basemap?layer=streets&amp;detail=major" as="fetch" crossorigin="anonymous" />
    <link rel="preload" href="/tiles/grids.json" as="fetch" crossorigin="anonymous" />
    <link rel="preload" href="/assets/font.woff2" as="font" crossorigin="anonymous" />
    <link rel="modulepreload" crossorigin href="/assets/react.js">
  </head>
  <body><div id="root"></div></body>
</html>
`;

const root = mkdtempSync(join(tmpdir(), 'gridmap-page-'));
writeFileSync(join(root, 'index.html'), PAGE);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the page for a signed-out browser', () => {
  it('drops preloads of guarded paths only', () => {
    const page = withoutGuardedPreloads(PAGE);
    expect(page).not.toContain('/api/');
    expect(page).not.toContain('/tiles/');
    expect(page).toContain('/assets/font.woff2');
    expect(page).toContain('/assets/react.js');
    expect(page).toContain('<div id="root"></div>');
  });

  it('is served without them to a request with no session, whole to a signed-in one', async () => {
    const access = makeAccessApp();
    const app = createApp({ store: access.store, locator: fixtureLocator(access.dataset), staticRoot: root, access: { store: access.store.access } });
    const anonymous = await app.request('/?township=360121100');
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers.get('content-type')).toMatch(/^text\/html/);
    expect(anonymous.headers.get('vary')).toContain('Cookie');
    const body = await anonymous.text();
    expect(body).not.toContain('/api/townships');
    expect(Number(anonymous.headers.get('content-length'))).toBe(Buffer.byteLength(body));

    const signedIn = await app.request('/', { headers: { cookie: `gridmap_session=${access.sessions.viewer}` } });
    expect(await signedIn.text()).toBe(PAGE);
    // Assets are untouched either way.
    expect((await app.request('/wall')).headers.get('content-type')).toMatch(/^text\/html/);
  });
});
