// The grid planner in headless Chromium against the real server on the built-in county dataset:
// open a township's planner from the dashboard, move one block to the neighbouring grid with a
// click, undo and redo it from the keyboard, save it with a reason, and see the new border in the
// API's grid geometry and in the data the wall display draws. A planner still on the old version
// is told of the newer one as soon as it is saved, and its save is refused with the current version.
// A grid is renamed, keeping its code. Any request to another host or console error fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { TownshipPlan } from '../../server/plan/types.ts';
import type { Position } from '../../server/geo/types.ts';
import { interiorPoint } from '../../server/geo/interior-point.ts';
import { createModel } from '../../web/src/planner/model.ts';
import { applyCommand, planMove } from '../../web/src/planner/commands.ts';
import { gridPieces } from '../../web/src/planner/topology.ts';
import { openWatchedPage, saveScreenshot, waitForMapIdle, type WatchedPage } from './browser.ts';
import { useE2eSession } from './session.ts';
import { chooseMove, shapeContains } from './plan-moves.ts';

const FIRST_LOAD_MS = 100_000;

const session = useE2eSession();
const api = session.api;

interface GridShape {
  code: string;
  geometry: Polygon | MultiPolygon;
}

function gridShapes(collection: FeatureCollection): GridShape[] {
  return collection.features.map((feature) => ({ code: String(feature.properties?.code), geometry: feature.geometry as Polygon | MultiPolygon }));
}

async function openPlanner(page: Page, township: string): Promise<void> {
  await page.goto(`${session.server.origin}/plan/${township}`);
  await page.waitForFunction('window.__planner && window.__planner.ready && window.__planner.baseVersion > 0', undefined, { timeout: FIRST_LOAD_MS });
}

/** Clicks the map at a WGS84 position (the planner reports where it draws it). */
async function clickMapAt(page: Page, position: Position): Promise<void> {
  const box = (await page.getByTestId('planner-map').boundingBox())!;
  const [x, y] = (await page.evaluate(`window.__planner.project(${position[0]}, ${position[1]})`)) as [number, number];
  expect(x).toBeGreaterThan(0);
  expect(y).toBeGreaterThan(0);
  await page.mouse.click(box.x + x, box.y + y);
}

describe('grid planner', () => {
  let watched: WatchedPage;
  let page: Page;
  let township: string;
  let plan: TownshipPlan;
  let move: ReturnType<typeof chooseMove>;

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
    watched = await openWatchedPage(session.browser, session.server.origin, { width: 1600, height: 1000 });
    page = watched.page;
  }, FIRST_LOAD_MS);

  afterAll(async () => {
    await watched?.close();
  });

  it('is reached from the dashboard at the township level', async () => {
    await page.goto(`${session.server.origin}/?township=${township}`);
    await waitForMapIdle(page, `view.level === 'township'`, FIRST_LOAD_MS);
    await page.getByTestId('edit-grids').click();
    await page.waitForURL(`**/plan/${township}`);
    await page.waitForFunction('window.__planner && window.__planner.ready && window.__planner.baseVersion > 0', undefined, { timeout: FIRST_LOAD_MS });
    expect(await page.getByTestId('planner-version').textContent()).toContain(`版本 ${plan.version}`);
    expect(watched.problems).toEqual([]);
  }, FIRST_LOAD_MS);

  it('moves a block to the neighbouring grid, undoes and redoes it, and saves it', async () => {
    await openPlanner(page, township);
    await clickMapAt(page, move.anchor);
    await expect.poll(() => page.evaluate('window.__planner.selection')).toEqual([move.blockId]);
    await page.getByTestId('assign-target').selectOption(move.to);
    await page.getByTestId('assign').click();
    await expect.poll(() => page.getByTestId('planner-changes').textContent()).toContain('移动街区 1 个');
    await saveScreenshot(page, 'planner-moved');

    // Ctrl+Z takes it back, Ctrl+Shift+Z does it again.
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('planner-changes').textContent()).toContain('暂无改动');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => page.getByTestId('planner-changes').textContent()).toContain('移动街区 1 个');

    await page.getByTestId('save-author').fill('规划科');
    await page.getByTestId('save-reason').fill('新修道路，街区归入邻近网格');
    await page.getByTestId('save').click();
    await page.getByTestId('save-result').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('save-result').textContent()).toContain(`版本 ${plan.version + 1}`);
    // The editor reloads on the new version.
    await page.waitForFunction(`window.__planner.baseVersion === ${plan.version + 1} && window.__planner.ready`, undefined, { timeout: 30_000 });
    expect(watched.problems).toEqual([]);
  }, FIRST_LOAD_MS);

  it('serves the new border: the block lies in its new grid', async () => {
    const after = await api<TownshipPlan>(`/api/townships/${township}/plan`);
    expect(after.version).toBe(plan.version + 1);
    expect(after.blocks.find((block) => block.id === move.blockId)?.gridCode).toBe(move.to);
    const grids = gridShapes(await api<FeatureCollection>(`/api/grids?township=${township}`));
    expect(shapeContains(grids.find((grid) => grid.code === move.to)!.geometry, move.anchor)).toBe(true);
    expect(shapeContains(grids.find((grid) => grid.code === move.from)!.geometry, move.anchor)).toBe(false);
  });

  it('draws the new border on the wall display', async () => {
    const wall = await openWatchedPage(session.browser, session.server.origin, { width: 1920, height: 1080 });
    try {
      const gridsResponse = wall.page.waitForResponse((response) => new URL(response.url()).pathname === '/api/grids' && response.status() === 200);
      await wall.page.goto(`${session.server.origin}/wall?interval=3600`);
      const drawn = gridShapes((await (await gridsResponse).json()) as FeatureCollection);
      expect(shapeContains(drawn.find((grid) => grid.code === move.to)!.geometry, move.anchor)).toBe(true);
      expect(shapeContains(drawn.find((grid) => grid.code === move.from)!.geometry, move.anchor)).toBe(false);
      await waitForMapIdle(wall.page, "view.page === 'wall'", FIRST_LOAD_MS);
      await saveScreenshot(wall.page, 'planner-wall-after-save');
      expect(wall.problems).toEqual([]);
    } finally {
      await wall.close();
    }
  }, FIRST_LOAD_MS);

  it('refuses a save on a stale version and offers a reload', async () => {
    // The page still holds the version saved above; another save moves the plan on meanwhile.
    const current = await api<TownshipPlan>(`/api/townships/${township}/plan`);
    const model = createModel(current);
    const back = planMove(model, [move.blockId], move.from);
    if (!back.valid) throw new Error(`cannot move the block back: ${back.reason}`);
    const response = await fetch(`${session.server.origin}/api/townships/${township}/plan`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ baseVersion: current.version, author: '另一位规划员', reason: '恢复原网格', edits: [{ kind: 'move_blocks', blockIds: [move.blockId], to: { code: move.from } }] }),
    });
    expect(response.status).toBe(201);

    // The open planner hears of the newer version over the live events, before any save attempt.
    await page.getByTestId('planner-newer').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('planner-newer').getAttribute('data-version')).toBe(String(current.version + 1));
    // It shows what the other save changed: the block moved back.
    await page.getByTestId('planner-newer-compare').click();
    await expect.poll(() => page.getByTestId('diff-summary').textContent(), { timeout: 20_000 }).toContain('移动街区 1 个');
    await saveScreenshot(page, 'planner-newer-version');
    await page.getByTestId('diff-summary').getByRole('button').click();
    await expect.poll(() => page.getByTestId('diff-summary').count()).toBe(0);

    // The page is now one version behind: its next save is refused with the current version.
    const other = chooseMove(current);
    await clickMapAt(page, other.anchor);
    await expect.poll(() => page.evaluate('window.__planner.selection')).toEqual([other.blockId]);
    await page.getByTestId('assign-target').selectOption(other.to);
    await page.getByTestId('assign').click();
    await page.getByTestId('save-reason').fill('再次调整');
    await page.getByTestId('save').click();
    await page.getByTestId('save-stale').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('save-stale').textContent()).toContain(`${current.version + 1}`);
    await page.getByTestId('save-stale').getByRole('button').click();
    await page.waitForFunction(`window.__planner.baseVersion === ${current.version + 1} && window.__planner.ready`, undefined, { timeout: 30_000 });
    expect(await page.getByTestId('planner-changes').textContent()).toContain('暂无改动');
    expect(await page.getByTestId('planner-newer').count()).toBe(0);
    // The 409 answer is logged by the browser as a failed resource load; nothing else may be.
    expect(watched.problems.filter((problem) => !/status of 409/.test(problem))).toEqual([]);
  }, FIRST_LOAD_MS);

  it('compares two versions on the map and rolls back to one as a new version', async () => {
    const before = await api<TownshipPlan>(`/api/townships/${township}/plan`);
    const history = page.getByTestId('planner-history');
    // Version 2 has the block in its new grid, the current one has it back.
    await history.locator(`li[data-version="${plan.version + 1}"] input[type=checkbox]`).check();
    await history.locator(`li[data-version="${before.version}"] input[type=checkbox]`).check();
    await expect.poll(() => page.getByTestId('diff-summary').textContent(), { timeout: 20_000 }).toContain('移动街区 1 个');
    await history.locator(`li[data-version="${plan.version + 1}"]`).getByRole('button').click();
    await page.waitForFunction(`window.__planner.baseVersion === ${before.version + 1} && window.__planner.ready`, undefined, { timeout: 30_000 });
    const after = await api<TownshipPlan>(`/api/townships/${township}/plan`);
    expect(after.version).toBe(before.version + 1);
    expect(after.blocks.find((block) => block.id === move.blockId)?.gridCode).toBe(move.to);
    await saveScreenshot(page, 'planner-history');
    expect(watched.problems.filter((problem) => !/status of 409/.test(problem))).toEqual([]);
  }, FIRST_LOAD_MS);

  it('box-selects with shift-drag and splits a block along a drawn line', async () => {
    const current = await api<TownshipPlan>(`/api/townships/${township}/plan`);
    const block = [...current.blocks].sort((a, b) => b.areaM2 - a.areaM2)[0];
    const anchor = interiorPoint(block.polygon)!;
    const box = (await page.getByTestId('planner-map').boundingBox())!;
    const [x, y] = (await page.evaluate(`window.__planner.project(${anchor[0]}, ${anchor[1]})`)) as [number, number];
    await page.keyboard.down('Shift');
    await page.mouse.move(box.x + x - 6, box.y + y - 6);
    await page.mouse.down();
    await page.mouse.move(box.x + x + 6, box.y + y + 6, { steps: 4 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    await expect.poll(() => page.evaluate('window.__planner.selection')).toContain(block.id);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate('window.__planner.selection')).toEqual([]);

    // A horizontal cut through the block's interior point, from just outside it on either side.
    const xs = block.polygon[0].map((point) => point[0]);
    const margin = (Math.max(...xs) - Math.min(...xs)) * 0.05;
    const west: Position = [Math.min(...xs) - margin, anchor[1]];
    const east: Position = [Math.max(...xs) + margin, anchor[1]];
    await page.getByTestId('tool-draw-split').click();
    await clickMapAt(page, west);
    await clickMapAt(page, anchor);
    await clickMapAt(page, east);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('planner-changes').textContent()).toContain('分割街区 1 个');
    await saveScreenshot(page, 'planner-split');
    await page.getByTestId('save-reason').fill('新修道路穿过街区');
    await page.getByTestId('save').click();
    await page.waitForFunction(`window.__planner.baseVersion === ${current.version + 1} && window.__planner.ready`, undefined, { timeout: 30_000 });
    const after = await api<TownshipPlan>(`/api/townships/${township}/plan`);
    const pieces = after.blocks.filter((candidate) => candidate.id.startsWith(`${block.id}.`));
    expect(pieces.length).toBeGreaterThanOrEqual(2);
    expect(after.blocks.some((candidate) => candidate.id === block.id)).toBe(false);
    for (const piece of pieces) expect(piece.gridCode).toBe(block.gridCode);
    expect(watched.problems.filter((problem) => !/status of 409/.test(problem))).toEqual([]);
  }, FIRST_LOAD_MS);

  it('renames a grid: a new version with the new name and the same code', async () => {
    const current = await api<TownshipPlan>(`/api/townships/${township}/plan`);
    const block = [...current.blocks].sort((a, b) => b.areaM2 - a.areaM2)[0];
    const name = '滨江示范网格';
    await page.getByTestId('tool-select').click();
    await clickMapAt(page, interiorPoint(block.polygon)!);
    await expect.poll(() => page.evaluate('window.__planner.selection')).toEqual([block.id]);
    await page.getByTestId('rename-grid-name').fill(name);
    await page.getByTestId('rename-grid').click();
    await expect.poll(() => page.getByTestId('planner-changes').textContent()).toContain('重命名网格 1 个');
    expect(await page.locator(`[data-testid=planner-bars] li[data-grid="${block.gridCode}"] .planner-bar-name`).textContent()).toBe(name);
    // Undo takes the old name back, redo gives the new one again.
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('planner-changes').textContent()).toContain('暂无改动');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => page.getByTestId('planner-changes').textContent()).toContain('重命名网格 1 个');
    await page.getByTestId('save-reason').fill('网格更名');
    await page.getByTestId('save').click();
    await page.waitForFunction(`window.__planner.baseVersion === ${current.version + 1} && window.__planner.ready`, undefined, { timeout: 30_000 });
    const after = await api<TownshipPlan>(`/api/townships/${township}/plan`);
    expect(after.grids.find((grid) => grid.code === block.gridCode)?.name).toBe(name);
    expect(after.grids.map((grid) => grid.code).sort()).toEqual(current.grids.map((grid) => grid.code).sort());
    expect(after.blocks.find((candidate) => candidate.id === block.id)?.gridCode).toBe(block.gridCode);
    expect(watched.problems.filter((problem) => !/status of 409/.test(problem))).toEqual([]);
  }, FIRST_LOAD_MS);

  it('flags a grid cut in two and shows the problems the server refuses the save with', async () => {
    const current = await api<TownshipPlan>(`/api/townships/${township}/plan`);
    const model = createModel(current);
    // A block whose departure leaves its grid in two pieces.
    let cut: { blockId: string; to: string; anchor: Position } | null = null;
    for (const block of [...current.blocks].sort((a, b) => b.areaM2 - a.areaM2)) {
      const fromSlot = model.slotIndex.get(block.gridCode)!;
      for (const grid of current.grids) {
        if (cut || grid.code === block.gridCode || grid.villageCode !== block.villageCode) continue;
        const planned = planMove(model, [block.id], grid.code);
        if (!planned.valid) continue;
        applyCommand(model, planned.command, 'forward');
        if (gridPieces(model.topology, fromSlot) > 1) cut = { blockId: block.id, to: grid.code, anchor: interiorPoint(block.polygon)! };
        applyCommand(model, planned.command, 'backward');
      }
      if (cut) break;
    }
    if (!cut) throw new Error('no block in this township cuts its grid in two');
    await clickMapAt(page, cut.anchor);
    await expect.poll(() => page.evaluate('window.__planner.selection')).toEqual([cut.blockId]);
    await page.getByTestId('assign-target').selectOption(cut.to);
    await page.getByTestId('assign').click();
    await expect.poll(() => page.getByTestId('planner-changes').textContent()).toContain('1 个网格不连通');
    expect(await page.locator('[data-testid=planner-bars] li[data-grid] .planner-flag').count()).toBe(1);
    await page.getByTestId('save-reason').fill('试图切断网格');
    await page.getByTestId('save').click();
    await page.getByTestId('save-refused').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('save-refused').locator('li').count()).toBeGreaterThan(0);
    const unchanged = await api<TownshipPlan>(`/api/townships/${township}/plan`);
    expect(unchanged.version).toBe(current.version);
    await saveScreenshot(page, 'planner-refused');
    // The 422 answer is logged by the browser as a failed resource load; nothing else may be.
    expect(watched.problems.filter((problem) => !/status of (409|422)/.test(problem))).toEqual([]);
  }, FIRST_LOAD_MS);
});
