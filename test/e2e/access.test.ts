// The built web app with access control on (as GRIDMAP_AUTH=1 serves it), in headless Chromium:
// signing in through the page, the dashboard drawing under the content security policy, controls
// hidden by role while the server still refuses, signing out, and a wall display signed in by an
// API token in its address. Every page fails the test on a request to another host, a console
// error (the browser reports CSP violations there too), a page error or a CSP violation event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { FeatureCollection, Point } from 'geojson';
import { accessOf, type AccessStore } from '../../server/store/access.ts';
import { hashPassword, newSecret, secretHash } from '../../server/access/secrets.ts';
import { launchBrowser, mapScreenshot, openWatchedPage, saveScreenshot, type WatchedPage } from './browser.ts';
import { drawnShare } from './map-pixels.ts';
import { decodePng } from './png.ts';
import { seedTemporaryDatabase, startServer, webRoot, type RunningServer, type SeededDatabase } from './server.ts';

/** A page's first load compiles its shaders in software: allow for a busy machine. */
const FIRST_LOAD_MS = 100_000;
const ADMIN = { username: 'chief', password: 'county admin passphrase 1', displayName: '系统管理员甲' };
const VIEWER = { username: 'screen', password: 'wall viewer passphrase 2', displayName: '值班只读' };
const PLANNER = { username: 'planner', password: 'township planner phrase 3', displayName: '规划员乙' };

let database: SeededDatabase;
let server: RunningServer;
let browser: Browser;
let access: AccessStore;
let wallToken: string;
/** Two townships of the built-in dataset: the planner works in the first. */
let townships: [string, string];

beforeAll(async () => {
  const staticRoot = webRoot();
  database = await seedTemporaryDatabase();
  access = accessOf(database.store)!;
  const codes = (await database.store.listTownships()).map((township) => township.code).sort();
  townships = [codes[0], codes[1]];
  for (const [account, role, scopeCodes] of [[ADMIN, 'admin', []], [VIEWER, 'viewer', []], [PLANNER, 'township_planner', [codes[0]]]] as const) {
    await access.createUser({
      username: account.username,
      displayName: account.displayName,
      role,
      scopeCodes: [...scopeCodes],
      passwordHash: await hashPassword(account.password),
      createdBy: 'test',
    });
  }
  wallToken = newSecret();
  await access.createToken(secretHash(wallToken), VIEWER.username, 'wall-1', 'test');
  server = await startServer(database.store, staticRoot, { access: { store: access } });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await database?.dispose();
});

/** A watched page that also records `securitypolicyviolation` events from the first script on. */
async function openPage(): Promise<WatchedPage> {
  const watched = await openWatchedPage(browser, server.origin, { width: 1600, height: 900 });
  await watched.context.addInitScript(`
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => window.__cspViolations.push(event.violatedDirective + ' ' + event.blockedURI));
  `);
  return watched;
}

async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate('window.__cspViolations || []');
}

/** Consecutive polls (100 ms apart) the map must stay idle, as in browser.ts's waitForMapIdle. */
const STEADY_POLLS = 8;

/**
 * browser.ts's waitForMapIdle polls inside the page with a string predicate, which the page's CSP
 * (no eval) refuses: this one polls from the test, through the debugger protocol, which CSP does
 * not govern.
 */
async function waitForMapIdle(page: Page, condition: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let steady = 0;
  const probe = `(() => { const hook = window.__gridmap; const view = hook && hook.view; return Boolean(hook && hook.idle && view && (${condition})); })()`;
  while (steady < STEADY_POLLS) {
    if (Date.now() > deadline) throw new Error(`the map did not settle with ${condition} within ${timeoutMs} ms`);
    steady = (await page.evaluate(probe).catch(() => false)) ? steady + 1 : 0;
    await new Promise((done) => setTimeout(done, 100));
  }
}

async function signInThroughPage(page: Page, account: { username: string; password: string }): Promise<void> {
  await page.getByTestId('sign-in').waitFor();
  await page.getByTestId('sign-in-username').fill(account.username);
  await page.getByTestId('sign-in-password').fill(account.password);
  await Promise.all([page.waitForEvent('load'), page.getByTestId('sign-in-submit').click()]);
}

async function expectMapDrawn(page: Page): Promise<void> {
  const share = drawnShare(decodePng(await mapScreenshot(page)));
  expect(share.drawnShare, 'share of the map area drawn over the background').toBeGreaterThan(0.15);
  expect(share.distinctColours, 'colours on the map').toBeGreaterThanOrEqual(6);
}

describe('an administrator signs in through the page', () => {
  let watched: WatchedPage;
  let page: Page;

  beforeAll(async () => {
    watched = await openPage();
    page = watched.page;
  });
  afterAll(async () => {
    await watched?.close();
  });

  it('sees the sign-in view (中文, with an English switch) instead of the dashboard, with no failed request', async () => {
    const failed: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(server.origin + '/');
    await page.getByTestId('sign-in').waitFor();
    expect(await page.getByTestId('dashboard').count()).toBe(0);
    expect(await page.locator('h2').textContent()).toBe('登录');
    await page.getByTestId('sign-in-lang').click();
    expect(await page.locator('h2').textContent()).toBe('Sign in');
    expect(new URL(page.url()).searchParams.get('lang')).toBe('en');
    await page.getByTestId('sign-in-lang').click();
    expect(await page.locator('h2').textContent()).toBe('登录');
    expect(failed).toEqual([]);
    expect(watched.problems).toEqual([]);
  });

  it('is told when the password is wrong', async () => {
    // The refused login is a 401 the browser reports in the console: expected here only.
    watched.tolerate = /status of 401/;
    await page.getByTestId('sign-in-username').fill(ADMIN.username);
    await page.getByTestId('sign-in-password').fill('not the password at all');
    await page.getByTestId('sign-in-submit').click();
    await expect.poll(() => page.getByTestId('sign-in-message').textContent()).toMatch(/用户名或密码不正确/);
    watched.tolerate = null;
  });

  it('signs in, and the dashboard draws under the content security policy with the account in the header', async () => {
    await signInThroughPage(page, ADMIN);
    await waitForMapIdle(page, "view.page === 'dashboard' && view.level === 'county' && view.points > 0", FIRST_LOAD_MS);
    await saveScreenshot(page, 'access-admin-dashboard');
    await expectMapDrawn(page);
    expect(await page.getByTestId('account-name').textContent()).toBe(ADMIN.displayName);
    expect(await page.getByTestId('account-role').textContent()).toBe('系统管理员');
    // An administrator reads every record county-wide: the ledger export is offered.
    expect(await page.getByTestId('export-csv').count()).toBe(1);
    const response = await page.request.get(`${server.origin}/api/auth/me`);
    expect(await response.json()).toMatchObject({ user: { username: ADMIN.username, role: 'admin' }, via: 'session' });
    expect(await cspViolations(page)).toEqual([]);
    expect(watched.problems).toEqual([]);
  }, FIRST_LOAD_MS + 30_000);

  it('switches to the hexagon density (the lazily loaded deck.gl chunk) without a CSP violation', async () => {
    const chunks: string[] = [];
    page.on('response', (response) => {
      if (/\/assets\/(deckgl|hexagon)[^/]*\.js$/.test(response.url())) chunks.push(`${response.status()} ${new URL(response.url()).pathname}`);
    });
    await page.goto(`${server.origin}/?density=hexagon`);
    await waitForMapIdle(page, "view.page === 'dashboard' && view.points > 0", FIRST_LOAD_MS);
    await expect.poll(() => chunks.some((chunk) => chunk.startsWith('200 /assets/deckgl')), { timeout: 20_000 }).toBe(true);
    await expectMapDrawn(page);
    expect(await cspViolations(page)).toEqual([]);
    expect(watched.problems).toEqual([]);
  }, FIRST_LOAD_MS + 30_000);

  it('signs out back to the sign-in view, and the session is gone on the server', async () => {
    await Promise.all([page.waitForEvent('load'), page.getByTestId('sign-out').click()]);
    await page.getByTestId('sign-in').waitFor();
    expect(await page.getByTestId('dashboard').count()).toBe(0);
    expect(await (await page.request.get(`${server.origin}/api/auth/session`)).json()).toEqual({ access: 'on', user: null });
    expect((await page.request.get(`${server.origin}/api/stats?level=county`)).status()).toBe(401);
    expect(await cspViolations(page)).toEqual([]);
    expect(watched.problems).toEqual([]);
  });
});

describe('roles see what they may do; the server refuses the rest', () => {
  it('a viewer sees no ledger export and no planner link, and a write is refused with 403', async () => {
    const watched = await openPage();
    const { page } = watched;
    try {
      await page.goto(`${server.origin}/?township=${townships[0]}`);
      await signInThroughPage(page, VIEWER);
      await waitForMapIdle(page, `view.page === 'dashboard' && view.level === 'township' && view.township === '${townships[0]}'`, FIRST_LOAD_MS);
      expect(await page.getByTestId('account-role').textContent()).toBe('只读 / 大屏');
      expect(await page.getByTestId('edit-grids').count()).toBe(0);
      expect(await page.getByTestId('export-csv').count()).toBe(0);

      const sample = (await (await page.request.get(`${server.origin}/api/issues?limit=1`)).json()) as FeatureCollection<Point>;
      const [lon, lat] = sample.features[0].geometry.coordinates;
      const write = await page.request.post(`${server.origin}/api/issues`, { data: { title: '只读账号试图上报', category: '道路交通', tier: 'red', lon, lat } });
      expect(write.status()).toBe(403);
      expect(await write.json()).toMatchObject({ error: { code: 'forbidden', field: 'role' } });
      const plan = await page.request.post(`${server.origin}/api/townships/${townships[0]}/plan/rebalance`, { data: {} });
      expect(plan.status()).toBe(403);
      expect(await cspViolations(page)).toEqual([]);
      expect(watched.problems).toEqual([]);
    } finally {
      await watched.close();
    }
  }, FIRST_LOAD_MS + 60_000);

  it('a township planner sees the planner link in its own township only; a revoked session returns to sign-in', async () => {
    const watched = await openPage();
    const { page } = watched;
    try {
      await page.goto(`${server.origin}/?township=${townships[0]}`);
      await signInThroughPage(page, PLANNER);
      await waitForMapIdle(page, `view.page === 'dashboard' && view.township === '${townships[0]}'`, FIRST_LOAD_MS);
      await page.getByTestId('edit-grids').waitFor();
      // Its own township's records: the export is offered there.
      expect(await page.getByTestId('export-csv').count()).toBe(1);
      await page.goto(`${server.origin}/?township=${townships[1]}`);
      await waitForMapIdle(page, `view.page === 'dashboard' && view.township === '${townships[1]}'`, FIRST_LOAD_MS);
      expect(await page.getByTestId('edit-grids').count()).toBe(0);
      expect(await page.getByTestId('export-csv').count()).toBe(0);
      expect(await cspViolations(page)).toEqual([]);
      expect(watched.problems).toEqual([]);

      // The session revoked on the server: the next request's 401 brings the sign-in view back.
      const cookie = (await watched.context.cookies()).find((entry) => entry.name === 'gridmap_session')!;
      await access.revokeSession(secretHash(cookie.value));
      watched.tolerate = /status of 401/;
      await page.locator('[data-testid="ranking-row"]').first().click();
      await page.getByTestId('sign-in').waitFor({ timeout: 20_000 });
      expect(await page.getByTestId('sign-in-message').textContent()).toBe('登录已失效，请重新登录。');
      expect(await page.getByTestId('dashboard').count()).toBe(0);
      watched.tolerate = null;
      expect(watched.problems).toEqual([]);
    } finally {
      await watched.close();
    }
  }, 2 * FIRST_LOAD_MS + 30_000);
});

describe('a wall display signs in with an API token', () => {
  it('exchanges /wall?token=… once, drops it from the address, and shows the live wall', async () => {
    const watched = await openPage();
    const { page } = watched;
    const logins: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/auth/login')) logins.push(request.postData() ?? '');
    });
    try {
      await page.goto(`${server.origin}/wall?interval=3600&token=${wallToken}`);
      await waitForMapIdle(page, "view.page === 'wall' && view.level === 'county' && view.points > 0", FIRST_LOAD_MS);
      await saveScreenshot(page, 'access-wall-token');
      await expectMapDrawn(page);
      expect(page.url()).not.toContain('token');
      expect(page.url()).not.toContain(wallToken);
      expect(await page.evaluate('window.location.href')).not.toContain(wallToken);
      expect(logins).toEqual([JSON.stringify({ token: wallToken })]);
      const session = (await (await page.request.get(`${server.origin}/api/auth/session`)).json()) as { user: { username: string }; via: string };
      expect(session).toMatchObject({ user: { username: VIEWER.username }, via: 'session' });
      // A reload keeps the session (the cookie), without the token.
      await page.reload();
      await waitForMapIdle(page, "view.page === 'wall' && view.points > 0", FIRST_LOAD_MS);
      expect(logins).toHaveLength(1);
      expect(await cspViolations(page)).toEqual([]);
      expect(watched.problems).toEqual([]);
    } finally {
      await watched.close();
    }
  }, 2 * FIRST_LOAD_MS + 30_000);
});
