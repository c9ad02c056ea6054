// A province database (two small synthetic counties) in headless Chromium: the dashboard opens at
// the province with the county outlines, figures and the ranking of counties, drills into a county
// (its townships only) and on to a township and a grid, and back. A province draws its large layers
// (grids, problems, streets and water) from vector tiles whatever their size, and its page never
// asks for a whole layer: no /api/grids without a township, no /api/issues/points, no /api/basemap.
// Every page fails the test on a request to another host, a console error or a page error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { ProvinceSummary, Stats } from '../../server/store/store.ts';
import { buildProvinceCounty, countyTasks, provincePlan } from '../../server/build/province-dataset.ts';
import { launchBrowser, mapScreenshot, openWatchedPage, saveScreenshot, waitForMapIdle, type WatchedPage } from './browser.ts';
import { countMismatch, kpiMismatches, rankingCodes, textOf } from './figures-on-page.ts';
import { drawnShare } from './map-pixels.ts';
import { decodePng } from './png.ts';
import { deepInteriorPoint, screenPosition, type Camera } from './screen-point.ts';
import { getJson, seedTemporaryDatabase, startServer, webRoot, type RunningServer, type SeededDatabase } from './server.ts';

const FIRST_LOAD_MS = 100_000;

/** Requests for a whole layer, which a province's page must never make. */
function wholeLayerRequest(url: URL): boolean {
  if (url.pathname === '/api/grids') return !url.searchParams.has('township');
  return url.pathname === '/api/issues/points' || url.pathname === '/api/basemap';
}

/** Records every request the page makes for a whole layer. */
function watchWholeLayers(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (wholeLayerRequest(url)) seen.push(url.pathname + url.search);
  });
  return seen;
}

let database: SeededDatabase | undefined;
let server: RunningServer | undefined;
let browser: Browser | undefined;
const api = <T>(path: string) => getJson<T>(server!.origin, path);

beforeAll(async () => {
  const staticRoot = webRoot();
  // Two SYNTHETIC counties from the province generator, seeded one after the other as it does.
  const options = { seed: 11, counties: 2, grids: 120, problems: 800, now: new Date().toISOString(), countyAreaKm2: 200 };
  const [first, second] = countyTasks(provincePlan(options), options).map((task) => buildProvinceCounty(task).dataset);
  database = await seedTemporaryDatabase(first);
  await database.store.seedDataset(second);
  server = await startServer(database.store, staticRoot);
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await database?.dispose();
});

type AreaCollection = FeatureCollection<Polygon | MultiPolygon, { code: string; name: string; areaM2?: number }>;

async function expectMapDrawn(page: Page): Promise<void> {
  const share = drawnShare(decodePng(await mapScreenshot(page)));
  expect(share.drawnShare, 'share of the map area drawn over the background').toBeGreaterThan(0.1);
  expect(share.distinctColours, 'colours on the map').toBeGreaterThanOrEqual(4);
}

/** Page coordinates of a point deep inside one of the areas, on the bare map canvas. */
async function clickableArea(page: Page, areas: AreaCollection): Promise<{ code: string; x: number; y: number }> {
  const camera = (await page.evaluate('window.__gridmap.view')) as Camera;
  const box = (await page.getByTestId('map').boundingBox())!;
  const bySize = [...areas.features].sort((a, b) => (b.properties.areaM2 ?? 0) - (a.properties.areaM2 ?? 0));
  for (const area of bySize) {
    const offset = screenPosition(camera, box, deepInteriorPoint(area.geometry));
    if (offset.x < 40 || offset.y < 40 || offset.x > box.width - 40 || offset.y > box.height - 40) continue;
    const x = box.x + offset.x;
    const y = box.y + offset.y;
    if (await page.evaluate(`document.elementFromPoint(${x}, ${y})?.tagName === 'CANVAS'`)) return { code: area.properties.code, x, y };
  }
  throw new Error('no area is clear of overlays on screen');
}

describe('province dashboard at 1440×900', () => {
  let watched: WatchedPage;
  let page: Page;
  /** Whole-layer requests, from the first page load on. */
  let wholeLayers: string[] = [];
  /** Every vector tile the page asked for, with its answer's status. */
  const tiles: { layer: string; z: number; status: number }[] = [];
  /** Paths and queries of the API requests answered. */
  const apiPaths: string[] = [];

  beforeAll(async () => {
    watched = await openWatchedPage(browser!, server!.origin, { width: 1440, height: 900 });
    page = watched.page;
    wholeLayers = watchWholeLayers(page);
    page.on('response', (response) => {
      const match = /\/tiles\/([\w-]+)\/(\d+)\/\d+\/\d+\.mvt$/.exec(new URL(response.url()).pathname);
      if (match) tiles.push({ layer: match[1], z: Number(match[2]), status: response.status() });
      const url = new URL(response.url());
      if (url.pathname.startsWith('/api/')) apiPaths.push(url.pathname + url.search);
    });
  });

  afterAll(async () => {
    await watched?.close();
  });

  const search = () => new URL(page.url()).searchParams;

  it('opens at the province: county outlines, province figures, counties ranked, tiles for the large layers', async () => {
    const province = await api<ProvinceSummary>('/api/province');
    expect(province.countyCount).toBe(2);
    // The page the server writes for a province: it says so and preloads no whole layer.
    const html = await (await fetch(`${server!.origin}/`)).text();
    expect(html).toMatch(/<meta name="gridmap-scale" content="province"/);
    expect([...html.matchAll(/rel="preload" href="([^"]*)"/g)].map((match) => match[1])).toEqual(['/api/townships']);
    // No threshold in the address: a province is tiled whatever its size.
    await page.goto(`${server!.origin}/`);
    await waitForMapIdle(page, "view.page === 'dashboard' && view.level === 'province'", FIRST_LOAD_MS);
    const view = (await page.evaluate('window.__gridmap.view')) as { tiled: { grids: boolean; problems: boolean; basemap: boolean } };
    expect(view.tiled).toEqual({ grids: true, problems: true, basemap: true });

    expect(await textOf(page, 'crumb-province')).toBe(province.name);
    expect(await page.getByTestId('crumb-county').count()).toBe(0);
    const stats = await api<Stats>('/api/stats?level=province');
    expect(stats.children).toHaveLength(2);
    for (const row of stats.children) expect(row.code).toMatch(new RegExp(`^${province.code}\\d{4}$`));
    await expect.poll(() => kpiMismatches(page, stats), { timeout: 10_000 }).toEqual([]);
    // No points in the page to count: the legend's open problems per tier are the figures'.
    for (const tier of ['red', 'orange', 'yellow'] as const) {
      await expect.poll(() => countMismatch(page, `tier-count-${tier}`, stats.openByTier[tier]), { timeout: 10_000 }).toBeNull();
    }
    // Grids drawn from tiles carry no shading values: the legend shows no empty scale for them.
    expect(await page.getByTestId('legend').locator('.legend-shading').count()).toBe(0);
    expect((await rankingCodes(page)).sort()).toEqual(stats.children.map((row) => row.code).sort());
    const names = await page.getByTestId('ranking-row').locator('.ranking-name').allTextContents();
    expect(names.sort()).toEqual(stats.children.map((row) => row.name).sort());
    await saveScreenshot(page, 'province-dashboard');
    await expectMapDrawn(page);
    // Streets and water came as tiles, and nothing was asked for whole.
    for (const layer of ['streets', 'water']) {
      expect(tiles.filter((tile) => tile.layer === layer && [200, 204, 304].includes(tile.status)).length, `${layer} tiles`).toBeGreaterThan(0);
    }
    expect(wholeLayers).toEqual([]);
    expect(watched.problems).toEqual([]);
  }, FIRST_LOAD_MS + 30_000);

  it('drills into a county (ranking), a township and a grid (map clicks on the tiled grids), and back', async () => {
    const counties = await api<AreaCollection>('/api/counties');
    const county = (await rankingCodes(page))[0];
    const countyName = counties.features.find((feature) => feature.properties.code === county)!.properties.name;
    await page.locator(`[data-testid="ranking-row"][data-code="${county}"]`).click();
    await expect.poll(() => search().get('county')).toBe(county);
    await waitForMapIdle(page, `view.level === 'county' && view.county === '${county}'`);
    expect(await textOf(page, 'crumb-county')).toBe(countyName);
    const countyStats = await api<Stats>(`/api/stats?level=county&code=${county}`);
    expect(countyStats.code).toBe(county);
    await expect.poll(() => kpiMismatches(page, countyStats), { timeout: 10_000 }).toEqual([]);
    // Only this county's townships are ranked.
    const townships = await api<AreaCollection>(`/api/townships?county=${county}`);
    await expect.poll(async () => (await rankingCodes(page)).sort()).toEqual(townships.features.map((feature) => feature.properties.code).sort());
    // The grids on screen came as vector tiles.
    await expect.poll(() => tiles.filter((tile) => tile.layer === 'grids' && (tile.status === 200 || tile.status === 304)).length).toBeGreaterThan(0);
    expect(tiles.filter((tile) => tile.layer === 'issue-cells').length).toBeGreaterThan(0);
    await saveScreenshot(page, 'province-county');
    await expectMapDrawn(page);
    // The county page of a province asks for no whole layer either.
    expect(wholeLayers).toEqual([]);

    // A township clicked on the map (the click lands on a tiled grid, which names its township).
    const target = await clickableArea(page, townships);
    await page.mouse.click(target.x, target.y);
    await expect.poll(() => search().get('township')).toBe(target.code);
    await waitForMapIdle(page, `view.level === 'township' && view.township === '${target.code}'`);
    expect(search().get('county')).toBeNull();
    const townshipName = townships.features.find((feature) => feature.properties.code === target.code)!.properties.name;
    expect(await textOf(page, 'crumb-township')).toBe(townshipName);
    expect(await textOf(page, 'crumb-county')).toBe(countyName);
    // The grids are tiles: the township's own grids come as GeoJSON for its shading and panel.
    expect(apiPaths).toContain(`/api/grids?township=${target.code}`);

    // A grid clicked on the map: the grid panel opens for it.
    const grids = await api<AreaCollection>(`/api/grids?township=${target.code}`);
    const grid = await clickableArea(page, grids);
    await page.mouse.click(grid.x, grid.y);
    await expect.poll(() => search().get('grid')).toBe(grid.code);
    await waitForMapIdle(page, `view.level === 'grid' && view.grid === '${grid.code}'`);
    await expect.poll(() => page.getByTestId('grid-panel').getAttribute('data-code'), { timeout: 10_000 }).toBe(grid.code);
    // Problem points from z12 come from the problem tiles, minor streets from the street tiles from z13.
    await expect.poll(() => tiles.filter((tile) => tile.layer === 'issues').length).toBeGreaterThan(0);
    const zoom = ((await page.evaluate('window.__gridmap.view')) as { zoom: number }).zoom;
    if (zoom >= 13) {
      await expect.poll(() => tiles.filter((tile) => tile.layer === 'streets' && tile.z >= 13).length, { message: 'street tiles from z13 (with the minor streets)' }).toBeGreaterThan(0);
    }
    await saveScreenshot(page, 'province-grid');

    // Back up through the crumbs: the county, then the province.
    await page.getByTestId('crumb-county').click();
    await expect.poll(() => search().get('county')).toBe(county);
    await waitForMapIdle(page, `view.level === 'county' && view.county === '${county}'`);
    await page.getByTestId('crumb-province').click();
    await expect.poll(() => search().get('county')).toBeNull();
    await waitForMapIdle(page, "view.level === 'province'");
    expect((await rankingCodes(page)).length).toBe(2);
    // And the browser's back button returns to the county.
    await page.goBack();
    await expect.poll(() => search().get('county')).toBe(county);
    await waitForMapIdle(page, `view.level === 'county' && view.county === '${county}'`);

    // Every tile asked for was answered (204: no feature reaches it).
    expect(tiles.filter((tile) => ![200, 204, 304].includes(tile.status))).toEqual([]);
    expect(wholeLayers).toEqual([]);
    expect(watched.problems).toEqual([]);
  }, 180_000);

  it('clicks a county on the province map and reads in English', async () => {
    await page.getByTestId('crumb-province').click();
    await waitForMapIdle(page, "view.level === 'province'");
    const counties = await api<AreaCollection>('/api/counties');
    const target = await clickableArea(page, counties);
    await page.mouse.click(target.x, target.y);
    await expect.poll(() => search().get('county')).toBe(target.code);
    await waitForMapIdle(page, `view.level === 'county' && view.county === '${target.code}'`);
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => search().get('lang')).toBe('en');
    await expect.poll(() => page.locator('.ranking-panel h3').textContent()).toBe('Townships');
    await page.getByTestId('crumb-province').click();
    await waitForMapIdle(page, "view.level === 'province'");
    await expect.poll(() => page.locator('.ranking-panel h3').textContent()).toBe('Counties');
    await saveScreenshot(page, 'province-dashboard-en');
    expect(wholeLayers).toEqual([]);
    expect(watched.problems).toEqual([]);
  }, 120_000);
});

describe('wall display of a province at 1920×1080', () => {
  it('shows the province with its counties ranked', async () => {
    const watched = await openWatchedPage(browser!, server!.origin, { width: 1920, height: 1080 });
    try {
      const page = watched.page;
      const wholeLayers = watchWholeLayers(page);
      await page.goto(`${server!.origin}/wall?interval=3600`);
      await waitForMapIdle(page, "view.page === 'wall' && view.level === 'province'", FIRST_LOAD_MS);
      const stats = await api<Stats>('/api/stats?level=province');
      await expect.poll(() => kpiMismatches(page, stats), { timeout: 10_000 }).toEqual([]);
      expect((await rankingCodes(page)).sort()).toEqual(stats.children.map((row) => row.code).sort());
      expect(await page.getByTestId('wall').getAttribute('data-stop')).toBe('province');
      await saveScreenshot(page, 'province-wall');
      await expectMapDrawn(page);
      expect(wholeLayers).toEqual([]);
      expect(watched.problems).toEqual([]);
    } finally {
      await watched.close();
    }
  }, FIRST_LOAD_MS + 30_000);
});
