// Open views follow a grid-plan save live, in headless Chromium against the real server on the
// built-in county dataset: the dashboard at a township and the wall display are opened first, then
// a block is moved to the neighbouring grid through the API. Without a reload, within seconds, both
// maps draw the block's place inside its new grid (the features MapLibre renders there).
// A problem moved by the save shows both its grid when reported and its responsible grid now.
// Any request to another host or console error fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { PlanSaveResult, TownshipPlan } from '../../server/plan/types.ts';
import type { IssueCollection } from '../../server/http/geojson.ts';
import type { Position } from '../../server/geo/types.ts';
import { openWatchedPage, saveScreenshot, waitForMapIdle, type WatchedPage } from './browser.ts';
import { useE2eSession } from './session.ts';
import { chooseMove, shapeContains } from './plan-moves.ts';

const FIRST_LOAD_MS = 100_000;
/** How soon an open view must show a saved border ("within a few seconds", with room for software WebGL). */
const LIVE_WITHIN_MS = 8000;
const ISSUE_TITLE = '路面破损（街区调整前上报）';

const session = useE2eSession();
const api = session.api;

function gridGeometry(collection: FeatureCollection, code: string): Polygon | MultiPolygon {
  const feature = collection.features.find((candidate) => candidate.properties?.code === code);
  if (!feature) throw new Error(`grid ${code} is not in the collection`);
  return feature.geometry as Polygon | MultiPolygon;
}

describe('open views after a grid-plan save', () => {
  let dashboard: WatchedPage;
  let wall: WatchedPage;
  let township: string;
  let plan: TownshipPlan;
  let move: ReturnType<typeof chooseMove>;
  let issueId: number;
  const gridAt = (page: WatchedPage, [lon, lat]: Position) => page.page.evaluate(`window.__gridmap.gridAt(${lon}, ${lat})`) as Promise<string | null>;

  beforeAll(async () => {
    // A township of middling size keeps software rendering quick; any township works the same.
    const townships = await api<FeatureCollection>('/api/townships');
    const sized = townships.features
      .map((feature) => ({ code: String(feature.properties?.code), grids: Number(feature.properties?.gridCount) }))
      .filter((item) => item.grids >= 10)
      .sort((a, b) => Math.abs(a.grids - 30) - Math.abs(b.grids - 30));
    township = sized[0].code;
    plan = await api<TownshipPlan>(`/api/townships/${township}/plan`);
    move = chooseMove(plan);
    // A problem reported inside the block before the save: the save makes the new grid responsible.
    const [lon, lat] = move.anchor;
    const filed = await fetch(`${session.server.origin}/api/issues`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: ISSUE_TITLE, category: '道路交通', tier: 'red', lon, lat }),
    });
    expect(filed.status).toBe(201);
    const created = (await filed.json()) as { id: number; properties: { gridCode: string; currentGridCode: string } };
    expect(created.properties).toMatchObject({ gridCode: move.from, currentGridCode: move.from });
    issueId = created.id;
  }, FIRST_LOAD_MS);

  afterAll(async () => {
    await dashboard?.close();
    await wall?.close();
  });

  it('opens the dashboard at the township and the wall display, drawing the block in its old grid', async () => {
    dashboard = await openWatchedPage(session.browser, session.server.origin, { width: 1600, height: 1000 });
    await dashboard.page.goto(`${session.server.origin}/?township=${township}`);
    await waitForMapIdle(dashboard.page, `view.level === 'township'`, FIRST_LOAD_MS);
    expect(await gridAt(dashboard, move.anchor)).toBe(move.from);

    wall = await openWatchedPage(session.browser, session.server.origin, { width: 1920, height: 1080 });
    await wall.page.goto(`${session.server.origin}/wall?interval=3600`);
    await waitForMapIdle(wall.page, "view.page === 'wall'", FIRST_LOAD_MS);
    expect(await gridAt(wall, move.anchor)).toBe(move.from);
    // Marks that survive only as long as neither page reloads.
    for (const page of [dashboard, wall]) await page.page.evaluate('window.__openedBeforeSave = true');
    expect(dashboard.problems).toEqual([]);
    expect(wall.problems).toEqual([]);
  }, FIRST_LOAD_MS * 2);

  it('redraws the new border on both without a reload within seconds of the save', async () => {
    const wallRefetch = wall.page.waitForResponse((response) => new URL(response.url()).pathname === '/api/grids' && response.status() === 200, {
      timeout: LIVE_WITHIN_MS,
    });
    const started = Date.now();
    const response = await fetch(`${session.server.origin}/api/townships/${township}/plan`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        baseVersion: plan.version,
        author: '规划科',
        reason: '新修道路，街区归入邻近网格',
        edits: [{ kind: 'move_blocks', blockIds: [move.blockId], to: { code: move.to } }],
      }),
    });
    expect(response.status).toBe(201);
    expect(((await response.json()) as PlanSaveResult).version).toBe(plan.version + 1);

    // The dashboard's map draws the block's place inside the grid it joined.
    await expect.poll(() => gridAt(dashboard, move.anchor), { timeout: LIVE_WITHIN_MS, interval: 100 }).toBe(move.to);
    const redrawnAfterMs = Date.now() - started;
    expect(redrawnAfterMs).toBeLessThan(LIVE_WITHIN_MS);

    // The wall fetched the new borders by itself and draws them, at the county's scale.
    const drawn = (await (await wallRefetch).json()) as FeatureCollection;
    expect(shapeContains(gridGeometry(drawn, move.to), move.anchor)).toBe(true);
    expect(shapeContains(gridGeometry(drawn, move.from), move.anchor)).toBe(false);
    await expect.poll(() => gridAt(wall, move.anchor), { timeout: LIVE_WITHIN_MS, interval: 100 }).toBe(move.to);

    for (const page of [dashboard, wall]) expect(await page.page.evaluate('window.__openedBeforeSave === true')).toBe(true);
    await waitForMapIdle(dashboard.page, `view.level === 'township'`, FIRST_LOAD_MS);
    await waitForMapIdle(wall.page, "view.page === 'wall'", FIRST_LOAD_MS);
    await saveScreenshot(dashboard.page, 'wall-plan-dashboard-after-save');
    await saveScreenshot(wall.page, 'wall-plan-wall-after-save');
    expect(dashboard.problems).toEqual([]);
    expect(wall.problems).toEqual([]);
  }, FIRST_LOAD_MS);

  it('shows the moved problem with its grid when reported and its responsible grid now', async () => {
    const listed = await api<IssueCollection>(`/api/issues?grid=${move.to}&limit=50`);
    const moved = listed.features.find((feature) => feature.properties.id === issueId);
    expect(moved?.properties).toMatchObject({ gridCode: move.from, currentGridCode: move.to });

    const page = dashboard.page;
    await page.goto(`${session.server.origin}/?township=${township}&grid=${move.to}`);
    await waitForMapIdle(page, `view.level === 'grid'`, FIRST_LOAD_MS);
    const entry = page.getByTestId('recent-issue').filter({ hasText: ISSUE_TITLE });
    await entry.getByRole('button').first().click();
    await expect.poll(() => page.getByTestId('issue-reported-grid').getAttribute('data-code')).toBe(move.from);
    expect(await page.getByTestId('issue-current-grid').getAttribute('data-code')).toBe(move.to);
    await saveScreenshot(page, 'wall-plan-issue-grids');
    expect(dashboard.problems).toEqual([]);
  }, FIRST_LOAD_MS * 2);
});
