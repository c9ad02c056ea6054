// The built web app in headless Chromium against the real server on the built-in county dataset:
// the wall display (figures, live updates, a server restart) and the leaders' drill-down.
// Every page fails the test on a request to another host, a console error or a page error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import type { Stats } from '../../server/store/store.ts';
import type { FieldworkStats, GridRoster } from '../../server/store/fieldwork.ts';
import type { LedgerEntry } from '../../server/ledger/types.ts';
import { mapScreenshot, openWatchedPage, saveScreenshot, waitForMapIdle, type WatchedPage } from './browser.ts';
import { chinaSecondsOfDay, clockSeconds, countMismatch, kpiMismatches, parseFigure, rankingCodes, rateMismatch, textOf } from './figures-on-page.ts';
import { drawnShare } from './map-pixels.ts';
import { decodePng } from './png.ts';
import { deepInteriorPoint, screenPosition, type Camera } from './screen-point.ts';
import { useE2eSession } from './session.ts';

const TIERS = ['red', 'orange', 'yellow'] as const;
/** Network failures the browser reports while the server is down on purpose. */
const OUTAGE_ERRORS = /ERR_CONNECTION_REFUSED|ERR_CONNECTION_RESET|ERR_EMPTY_RESPONSE|ERR_INCOMPLETE_CHUNKED_ENCODING|Failed to load resource/;
const HAN = /\p{Script=Han}/u;
/** A page's first load compiles its shaders in software: allow for a busy machine. */
const FIRST_LOAD_MS = 100_000;

const session = useE2eSession();
const api = session.api;
const countyStats = () => api<Stats>('/api/stats?level=county');
const fieldworkStats = (level: 'county' | 'township' | 'grid', code?: string) =>
  api<FieldworkStats>(`/api/fieldwork/stats?level=${level}${code ? `&code=${code}` : ''}`);

/** The contact-day figures a page shows that differ from /api/fieldwork/stats. */
async function fieldworkMismatches(page: Page, fieldwork: FieldworkStats): Promise<string[]> {
  const checks = await Promise.all([
    countMismatch(page, 'kpi-people-received', fieldwork.peopleReceived),
    rateMismatch(page, 'kpi-attendance', fieldwork.attendanceRate),
  ]);
  return checks.filter((check): check is string => check !== null);
}

/** The dashboard's lifecycle figures (accepted, rework and extension rates) that differ from /api/stats. */
async function lifecycleMismatches(page: Page, stats: Stats): Promise<string[]> {
  const checks = await Promise.all([
    countMismatch(page, 'kpi-accepted', stats.accepted),
    rateMismatch(page, 'kpi-rework-rate', stats.reworkRate),
    rateMismatch(page, 'kpi-extension-rate', stats.extensionRate),
  ]);
  return checks.filter((check): check is string => check !== null);
}

async function expectMapDrawn(page: Page): Promise<void> {
  const share = drawnShare(decodePng(await mapScreenshot(page)));
  expect(share.drawnShare, 'share of the map area drawn over the background').toBeGreaterThan(0.15);
  expect(share.distinctColours, 'colours on the map').toBeGreaterThanOrEqual(6);
}

describe('wall display at 1920×1080', () => {
  let watched: WatchedPage;
  let page: Page;

  beforeAll(async () => {
    watched = await openWatchedPage(session.browser, session.server.origin, { width: 1920, height: 1080 });
    page = watched.page;
    // A long interval holds the tour on the county while the figures are checked.
    await page.goto(`${session.server.origin}/wall?interval=3600`);
    await waitForMapIdle(page, "view.page === 'wall' && view.level === 'county' && view.points > 0", FIRST_LOAD_MS);
  }, FIRST_LOAD_MS + 20_000);

  afterAll(async () => {
    await watched?.close();
  });

  it('draws the county map with a clock, the county figures and every township ranked', async () => {
    await saveScreenshot(page, 'wall-1920x1080');
    await expectMapDrawn(page);

    const clock = clockSeconds(await textOf(page, 'clock'));
    expect(clock).not.toBeNull();
    const drift = Math.abs((clock as number) - chinaSecondsOfDay(new Date()));
    expect(Math.min(drift, 86_400 - drift)).toBeLessThanOrEqual(3);

    const stats = await countyStats();
    await expect.poll(() => kpiMismatches(page, stats), { timeout: 10_000 }).toEqual([]);
    for (const tier of TIERS) expect(await countMismatch(page, `wall-open-${tier}`, stats.openByTier[tier])).toBeNull();
    const fieldwork = await fieldworkStats('county');
    expect(fieldwork.peopleReceived).toBeGreaterThan(0);
    await expect.poll(() => fieldworkMismatches(page, fieldwork), { timeout: 10_000 }).toEqual([]);

    const codes = await rankingCodes(page);
    expect([...codes].sort()).toEqual(stats.children.map((row) => row.code).sort());
    const names = await page.getByTestId('ranking-row').locator('.ranking-name').allTextContents();
    expect(names.sort()).toEqual(stats.children.map((row) => row.name).sort());
    expect(watched.problems).toEqual([]);
  });

  it('shows a problem logged through the API within 2 s (server-sent events)', async () => {
    const before = parseFigure(await textOf(page, 'kpi-collected'));
    expect(before).not.toBeNull();
    const sample = await api<FeatureCollection<Point>>('/api/issues?limit=1');
    const [lon, lat] = sample.features[0].geometry.coordinates;
    const title = `路灯不亮 e2e ${Date.now()}`;
    const started = Date.now();
    const response = await fetch(`${session.server.origin}/api/issues`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ title, category: '道路交通', tier: 'red', lon, lat }),
    });
    expect(response.status).toBe(201);

    await page.getByTestId('wall-new-issues').getByText(title).waitFor({ timeout: 2000 });
    // The new point is highlighted on the map.
    await page.getByTestId('new-issue-flash').first().waitFor({ state: 'attached', timeout: Math.max(100, 2000 - (Date.now() - started)) });
    const remaining = Math.max(100, 2000 - (Date.now() - started));
    await expect.poll(async () => parseFigure(await textOf(page, 'kpi-collected')), { timeout: remaining, interval: 50 }).toBe((before as number) + 1);
    expect(Date.now() - started).toBeLessThanOrEqual(2000);
    await saveScreenshot(page, 'wall-new-issue');
    expect(watched.problems).toEqual([]);
  });

  it('keeps the last figures and map with their age while the server is down, then reconnects', async () => {
    const collected = await textOf(page, 'kpi-collected');
    watched.tolerate = OUTAGE_ERRORS;
    await session.server.stop();
    try {
      const age = page.getByTestId('data-age');
      await expect.poll(() => age.getAttribute('data-stale'), { timeout: 10_000 }).toBe('true');
      expect(await age.textContent()).toMatch(/数据截至 \d{2}:\d{2}:\d{2}/);
      expect(await textOf(page, 'kpi-collected')).toBe(collected);
      await saveScreenshot(page, 'wall-server-down');
      await expectMapDrawn(page);
    } finally {
      await session.server.restart();
    }
    await expect.poll(() => page.getByTestId('data-age').getAttribute('data-stale'), { timeout: 20_000 }).toBe('false');
    watched.tolerate = null;
    expect(await textOf(page, 'kpi-collected')).toBe(collected);
    expect(watched.problems).toEqual([]);
  }, 60_000);
});

describe('leaders’ dashboard at 1440×900', () => {
  let watched: WatchedPage;
  let page: Page;
  /** The township and grid the drill-down went through, for the deep link. */
  let visited: { township: string; grid: string } | null = null;

  beforeAll(async () => {
    watched = await openWatchedPage(session.browser, session.server.origin, { width: 1440, height: 900 });
    page = watched.page;
  });

  afterAll(async () => {
    await watched?.close();
  });

  const search = () => new URL(page.url()).searchParams;

  it('drills from the county through a township (ranking) and a grid (map click), and back', async () => {
    await page.goto(`${session.server.origin}/`);
    await waitForMapIdle(page, "view.page === 'dashboard' && view.level === 'county'", FIRST_LOAD_MS);
    const county = await countyStats();
    await expect.poll(() => kpiMismatches(page, county), { timeout: 10_000 }).toEqual([]);
    await expect.poll(() => lifecycleMismatches(page, county), { timeout: 10_000 }).toEqual([]);
    await expect.poll(async () => fieldworkMismatches(page, await fieldworkStats('county')), { timeout: 10_000 }).toEqual([]);
    await expectExportLink(page, {});
    expect((await rankingCodes(page)).sort()).toEqual(county.children.map((row) => row.code).sort());
    await saveScreenshot(page, 'dashboard-county');
    await expectMapDrawn(page);

    // Township: the top row of the ranking.
    const township = (await rankingCodes(page))[0];
    const townshipRow = county.children.find((row) => row.code === township)!;
    await page.locator(`[data-testid="ranking-row"][data-code="${township}"]`).click();
    await expect.poll(() => search().get('township')).toBe(township);
    expect(await textOf(page, 'crumb-township')).toBe(townshipRow.name);
    await waitForMapIdle(page, `view.level === 'township' && view.township === '${township}'`);
    const townshipStats = await api<Stats>(`/api/stats?level=township&code=${township}`);
    await expect.poll(() => kpiMismatches(page, townshipStats), { timeout: 10_000 }).toEqual([]);
    await expect.poll(async () => fieldworkMismatches(page, await fieldworkStats('township', township)), { timeout: 10_000 }).toEqual([]);
    await expectExportLink(page, { township });
    await expect.poll(async () => (await rankingCodes(page)).sort()).toEqual(townshipStats.children.map((row) => row.code).sort());
    await saveScreenshot(page, 'dashboard-township');

    // Grid: clicked on the map, at a point deep inside the largest grid that is clear of overlays.
    const target = await clickableGrid(page, township);
    await page.mouse.click(target.x, target.y);
    await expect.poll(() => search().get('grid')).toBe(target.code);
    await waitForMapIdle(page, `view.level === 'grid' && view.grid === '${target.code}'`);
    await expectGridPanel(page, target.code, townshipRow.name);
    await expectExportLink(page, { grid: target.code });
    await saveScreenshot(page, 'dashboard-grid');
    await expectIssueDetail(page, target.code);
    await saveScreenshot(page, 'dashboard-issue-detail');
    visited = { township, grid: target.code };

    // Back: the township again, with its grids ranked.
    await page.goBack();
    await expect.poll(() => search().get('grid')).toBeNull();
    expect(search().get('township')).toBe(township);
    await waitForMapIdle(page, `view.level === 'township' && view.township === '${township}'`);
    expect(await page.getByTestId('grid-panel').count()).toBe(0);
    expect(await textOf(page, 'crumb-township')).toBe(townshipRow.name);
    expect((await rankingCodes(page)).length).toBe(townshipStats.children.length);
    expect(watched.problems).toEqual([]);
  }, FIRST_LOAD_MS + 90_000);

  it('opens the grid panel straight from a deep link, and switches to English', async () => {
    expect(visited).not.toBeNull();
    const { township, grid } = visited!;
    const townshipName = (await api<Stats>(`/api/stats?level=township&code=${township}`)).name;
    await page.goto(`${session.server.origin}/?grid=${grid}`);
    await page.getByTestId('grid-panel').waitFor({ timeout: FIRST_LOAD_MS });
    await waitForMapIdle(page, `view.level === 'grid' && view.grid === '${grid}'`, FIRST_LOAD_MS);
    await expectGridPanel(page, grid, townshipName);
    await saveScreenshot(page, 'dashboard-grid-deep-link');

    const titleZh = await page.locator('h1').first().textContent();
    expect(titleZh).toMatch(HAN);
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => search().get('lang')).toBe('en');
    await expect.poll(() => page.locator('h1').first().textContent()).not.toMatch(HAN);
    expect(await page.evaluate('document.documentElement.lang')).toBe('en');
    // Names are data, not translated: the leader stays as the roster spells it.
    const roster = await api<GridRoster>(`/api/grids/${grid}/roster`);
    expect(await textOf(page, 'grid-leader')).toBe(roster.roles[0].members.map((member) => member.name).join(', '));
    expect(await page.getByTestId('grid-roster').locator('dt').allTextContents()).not.toContainEqual(expect.stringMatching(HAN));
    expect(await page.getByTestId('kpis').textContent()).not.toMatch(HAN);
    expect(await textOf(page, 'grid-code')).toBe(grid);
    await saveScreenshot(page, 'dashboard-grid-en');
    expect(watched.problems).toEqual([]);
  }, FIRST_LOAD_MS + 60_000);
});

type GridFeature = Feature<Polygon | MultiPolygon, { code: string; name: string; villageCode: string; households: number; areaM2: number }>;

/** Page coordinates of a point deep inside a grid of the township, on the bare map canvas. */
async function clickableGrid(page: Page, township: string): Promise<{ code: string; x: number; y: number }> {
  const grids = await api<FeatureCollection<Polygon | MultiPolygon, GridFeature['properties']>>(`/api/grids?township=${township}`);
  const camera = (await page.evaluate('window.__gridmap.view')) as Camera;
  const box = (await page.getByTestId('map').boundingBox())!;
  const byArea = [...grids.features].sort((a, b) => b.properties.areaM2 - a.properties.areaM2);
  for (const grid of byArea) {
    const offset = screenPosition(camera, box, deepInteriorPoint(grid.geometry));
    const x = box.x + offset.x;
    const y = box.y + offset.y;
    if (offset.x < 40 || offset.y < 40 || offset.x > box.width - 40 || offset.y > box.height - 40) continue;
    // Legends, notices and the attribution float over the map: the click must reach the canvas.
    const onCanvas = await page.evaluate(`document.elementFromPoint(${x}, ${y})?.tagName === 'CANVAS'`);
    if (onCanvas) return { code: grid.properties.code, x, y };
  }
  throw new Error(`no grid of ${township} is clear of overlays on screen`);
}

/** The grid panel agrees with /api/grids/:code, /api/villages and /api/stats?level=grid. */
async function expectGridPanel(page: Page, code: string, townshipName: string): Promise<void> {
  const grid = await api<GridFeature>(`/api/grids/${code}`);
  const stats = await api<Stats>(`/api/stats?level=grid&code=${code}`);
  const villages = await api<FeatureCollection<Polygon | MultiPolygon, { code: string; name: string }>>(`/api/villages?township=${code.slice(0, 9)}`);
  const village = villages.features.find((feature) => feature.properties.code === grid.properties.villageCode);

  await expect.poll(() => page.getByTestId('grid-panel').getAttribute('data-code'), { timeout: 10_000 }).toBe(code);
  expect(await textOf(page, 'grid-code')).toMatch(/^\d{15}$/);
  expect(await textOf(page, 'grid-code')).toBe(code);
  expect(await textOf(page, 'crumb-grid')).toBe(code);
  expect(await textOf(page, 'grid-village')).toBe(village?.properties.name);
  expect(await textOf(page, 'grid-township')).toBe(townshipName);
  expect(await countMismatch(page, 'grid-households', grid.properties.households)).toBeNull();
  const areaKm2 = parseFigure((await textOf(page, 'grid-area')).replace(/[^\d.,]/g, ''));
  const km2 = grid.properties.areaM2 / 1e6;
  expect(Math.abs((areaKm2 ?? NaN) - km2)).toBeLessThanOrEqual(km2 < 10 ? 0.005 + 1e-9 : 0.05 + 1e-9);
  await expect.poll(() => kpiMismatches(page, stats), { timeout: 10_000 }).toEqual([]);
  for (const tier of TIERS) expect(await countMismatch(page, `grid-open-${tier}`, stats.openByTier[tier])).toBeNull();
  expect(await countMismatch(page, 'grid-overdue', stats.overdue)).toBeNull();
  // The roster replaces "not assigned": the grid leader first, then the team with its head counts.
  const roster = await api<GridRoster>(`/api/grids/${code}/roster`);
  expect(roster.roles[0].role).toBe('grid_leader');
  const leaderNames = roster.roles[0].members.map((member) => member.name);
  expect(leaderNames.length).toBeGreaterThan(0);
  await expect.poll(() => textOf(page, 'grid-leader'), { timeout: 10_000 }).toBe(leaderNames.join('、'));
  const counts = await page.getByTestId('grid-roster').locator('.roster-count').allTextContents();
  expect(counts.map(Number)).toEqual(roster.roles.slice(1).map((group) => group.members.length));
  const fieldwork = await fieldworkStats('grid', code);
  await expect.poll(() => fieldworkMismatches(page, fieldwork), { timeout: 10_000 }).toEqual([]);
  // The panel lists the grid's newest problems, as the API pages them.
  const recent = await api<FeatureCollection<Point, { title: string }>>(`/api/issues?grid=${code}&limit=8`);
  await expect
    .poll(() => page.getByTestId('recent-issue').locator('.issue-title').allTextContents(), { timeout: 10_000 })
    .toEqual(recent.features.map((feature) => feature.properties.title));
}

/** The export link names the area on screen and serves the ledger as CSV with a BOM. */
async function expectExportLink(page: Page, area: { township?: string; grid?: string }): Promise<void> {
  await expect
    .poll(async () => {
      const href = await page.getByTestId('export-csv').getAttribute('href');
      const url = new URL(href ?? '', session.server.origin);
      return [url.pathname, Object.fromEntries(url.searchParams)];
    })
    .toEqual(['/api/issues/export.csv', area]);
  const response = await fetch(new URL((await page.getByTestId('export-csv').getAttribute('href'))!, session.server.origin));
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
}

/** Clicking a recent problem opens its stage, tier, deadline and the ledger of /api/issues/:id/ledger. */
async function expectIssueDetail(page: Page, gridCode: string): Promise<void> {
  const recent = await api<FeatureCollection<Point, { id: number; stage: string; tier: string; overdue: boolean }>>(`/api/issues?grid=${gridCode}&limit=8`);
  expect(recent.features.length).toBeGreaterThan(0);
  // The problem with the longest ledger shows the most of the panel.
  const ledgers = await Promise.all(recent.features.map((feature) => api<{ entries: LedgerEntry[] }>(`/api/issues/${feature.properties.id}/ledger`)));
  let index = 0;
  ledgers.forEach((ledger, candidate) => {
    if (ledger.entries.length > ledgers[index].entries.length) index = candidate;
  });
  const issue = recent.features[index].properties;
  const entries = ledgers[index].entries;
  await page.getByTestId('recent-issue').nth(index).locator('button').click();
  const detail = page.getByTestId('issue-detail');
  await detail.waitFor({ timeout: 5000 });
  expect(await detail.getAttribute('data-issue')).toBe(String(issue.id));
  expect(await page.getByTestId('issue-stage').getAttribute('data-stage')).toBe(issue.stage);
  expect(await textOf(page, 'issue-stage')).toMatch(HAN);
  expect(await page.getByTestId('issue-tier').getAttribute('data-tier')).toBe(issue.tier);
  expect(await textOf(page, 'issue-deadline')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  expect(await page.getByTestId('issue-overdue').count()).toBe(issue.overdue ? 1 : 0);
  const rows = page.getByTestId('ledger-entry');
  await expect.poll(() => rows.count(), { timeout: 5000 }).toBe(entries.length);
  expect(await rows.evaluateAll((items) => items.map((item) => item.getAttribute('data-action')))).toEqual(entries.map((entry) => entry.action));
  const actors = await rows.locator('.ledger-actor').allTextContents();
  expect(actors).toEqual(entries.map((entry) => entry.actor));
  // Clicking again folds it away.
  await page.getByTestId('recent-issue').nth(index).locator('button').click();
  expect(await page.getByTestId('issue-detail').count()).toBe(0);
  await page.getByTestId('recent-issue').nth(index).locator('button').click();
  await detail.waitFor({ timeout: 5000 });
  await page.getByTestId('ledger-entry').last().scrollIntoViewIfNeeded();
}
