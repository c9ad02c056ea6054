// The grid-plan API over app.request on the synthetic lattice fixture: every edit kind, stale and
// concurrent saves, refusals that change nothing, rollback, diff, rebalance, relocated problems, the
// locator and the cached layers following the new plan, and the `version` event.
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/http/app.ts';
import { openSqliteStore, type SqliteGridStore } from '../../server/store/sqlite/sqliteStore.ts';
import { createEventBus, type DomainEvent } from '../../server/events/bus.ts';
import { buildLocator } from '../../server/geo/locate.ts';
import { followingLocator } from '../../server/store/plan-locator.ts';
import type { PlanChangeset, PlanDiff, PlanEdit, PlanSaveResult, PlanVersionSummary, RebalanceProposal, TownshipPlan } from '../../server/plan/types.ts';
import { LATTICE_NOW, TOWNSHIP_A, VILLAGE_A1, VILLAGE_A2, cellCentre, horizontalCut, loadLatticeDataset } from '../fixtures/plan/lattice.ts';

const A1_SOUTH = `${VILLAGE_A1}001`, A1_NORTH = `${VILLAGE_A1}002`, A2_SOUTH = `${VILLAGE_A2}001`, A2_NORTH = `${VILLAGE_A2}002`;
const PLAN_URL = `/api/townships/${TOWNSHIP_A}/plan`;

const stores: SqliteGridStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

async function setup() {
  const store = openSqliteStore(':memory:', { now: () => LATTICE_NOW });
  stores.push(store);
  store.seedDataset(loadLatticeDataset());
  const events = createEventBus();
  const heard: DomainEvent[] = [];
  events.subscribe((event) => heard.push(event));
  const errors: unknown[] = [];
  const app = createApp({
    store,
    locator: await followingLocator(store, buildLocator),
    attribution: 'test',
    now: () => LATTICE_NOW,
    events,
    logError: (error) => errors.push(error),
  });
  const json = (path: string, body: unknown) =>
    app.request(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const save = (baseVersion: number, edits: PlanEdit[], reason = 'adjust grids') =>
    json(PLAN_URL, { baseVersion, author: '规划员', reason, edits } satisfies PlanChangeset);
  const plan = async () => (await (await app.request(PLAN_URL)).json()) as TownshipPlan;
  return { app, store, heard, errors, json, save, plan };
}

async function saved(response: Response): Promise<PlanSaveResult> {
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as PlanSaveResult;
}

describe('GET /api/townships/:code/plan', () => {
  it('answers the current plan, 404 for an unknown township, 400 for a malformed code', async () => {
    const { app, plan } = await setup();
    const current = await plan();
    expect(current).toMatchObject({ townshipCode: TOWNSHIP_A, version: 1 });
    expect(current.grids.map((grid) => grid.code)).toEqual([A1_SOUTH, A1_NORTH, A2_SOUTH, A2_NORTH]);
    expect(current.blocks).toHaveLength(36);
    expect((await app.request('/api/townships/360121999/plan')).status).toBe(404);
    const malformed = await app.request('/api/townships/12/plan');
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { field: string } }).error.field).toBe('code');
    const compressed = await app.request(PLAN_URL, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(compressed.headers.get('content-encoding')).toBe('gzip');
  });
});

describe('POST /api/townships/:code/plan', () => {
  it('moves a block: 201, grids and blocks answer the new plan, a version event goes out', async () => {
    const { app, save, heard } = await setup();
    const gridsBefore = await app.request(`/api/grids?township=${TOWNSHIP_A}`);
    const etag = gridsBefore.headers.get('etag')!;
    const result = await saved(await save(1, [{ kind: 'move_blocks', blockIds: ['A-2-2'], to: { code: A1_NORTH } }]));
    expect(result).toMatchObject({ version: 2, changedGrids: [A1_SOUTH, A1_NORTH], createdGrids: [], retiredGrids: [] });
    expect(heard.some((event) => event.type === 'version')).toBe(true);
    const gridsAfter = await app.request(`/api/grids?township=${TOWNSHIP_A}`, { headers: { 'If-None-Match': etag } });
    expect(gridsAfter.status).toBe(200);
    const body = (await gridsAfter.json()) as { features: Array<{ properties: { code: string; version: number } }> };
    expect(body.features.find((f) => f.properties.code === A1_NORTH)!.properties.version).toBe(2);
    expect(body.features.find((f) => f.properties.code === A2_SOUTH)!.properties.version).toBe(1);
    const blocks = (await (await app.request(`/api/blocks?township=${TOWNSHIP_A}`)).json()) as { features: Array<{ id?: string; properties: { id?: string; gridCode: string } }> };
    const moved = blocks.features.find((f) => (f.properties.id ?? f.id) === 'A-2-2')!;
    expect(moved.properties.gridCode).toBe(A1_NORTH);
  });

  it('splits a block along a new street, then a piece joins the next grid', async () => {
    const { save, plan } = await setup();
    const result = await saved(await save(1, [
      { kind: 'split_block', blockId: 'A-4-2', line: horizontalCut(4, 2) },
      { kind: 'move_blocks', blockIds: ['A-4-2.2'], to: { code: A2_NORTH } },
    ]));
    expect(result.changedGrids).toEqual([A2_SOUTH, A2_NORTH]);
    const current = await plan();
    expect(current.blocks.find((b) => b.id === 'A-4-2.2')!.gridCode).toBe(A2_NORTH);
    expect(current.blocks.find((b) => b.id === 'A-4-2.1')!.gridCode).toBe(A2_SOUTH);
    expect(current.retiredBlockIds).toEqual(['A-4-2']);
  });

  it('creates a grid from blocks (splitting a grid), merges two grids, renames one', async () => {
    const { app, save } = await setup();
    const created = await saved(await save(1, [
      { kind: 'create_grid', newGrid: 'east', villageCode: VILLAGE_A2, name: '东片' },
      { kind: 'move_blocks', blockIds: ['A-5-0', 'A-5-1', 'A-5-2'], to: { newGrid: 'east' } },
    ], 'split the south grid'));
    expect(created.newCodes).toEqual({ east: `${VILLAGE_A2}003` });
    const grid = (await (await app.request(`/api/grids/${VILLAGE_A2}003`)).json()) as { properties: { name: string; households: number } };
    expect(grid.properties.name).toBe('东片');
    const merged = await saved(await save(2, [{ kind: 'move_blocks', blockIds: ['A-5-0', 'A-5-1', 'A-5-2'], to: { code: A2_SOUTH } }], 'merge back'));
    expect(merged.retiredGrids).toEqual([`${VILLAGE_A2}003`]);
    expect((await app.request(`/api/grids/${VILLAGE_A2}003`)).status).toBe(404);
    // The retired code is never issued again.
    const again = await saved(await save(3, [
      { kind: 'create_grid', newGrid: 'east', villageCode: VILLAGE_A2 },
      { kind: 'move_blocks', blockIds: ['A-5-0', 'A-5-1', 'A-5-2'], to: { newGrid: 'east' } },
    ]));
    expect(again.newCodes).toEqual({ east: `${VILLAGE_A2}004` });
    const renamed = await saved(await save(4, [{ kind: 'rename_grid', grid: { code: A2_SOUTH }, name: '澄湖南片' }]));
    expect(renamed.version).toBe(5);
    const south = (await (await app.request(`/api/grids/${A2_SOUTH}`)).json()) as { properties: { name: string } };
    expect(south.properties.name).toBe('澄湖南片');
  });

  it('refuses a stale base with 409 and the current version, changing nothing', async () => {
    const { save, plan, store } = await setup();
    await saved(await save(1, [{ kind: 'move_blocks', blockIds: ['A-2-2'], to: { code: A1_NORTH } }]));
    const before = JSON.stringify(await plan());
    const dataVersion = store.dataVersion();
    const stale = await save(1, [{ kind: 'move_blocks', blockIds: ['A-0-2'], to: { code: A1_NORTH } }]);
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ error: 'stale_base', currentVersion: 2 });
    expect(JSON.stringify(await plan())).toBe(before);
    expect(store.dataVersion()).toBe(dataVersion);
  });

  it('of two concurrent saves on one base exactly one wins', async () => {
    const { save, plan } = await setup();
    const responses = await Promise.all([
      save(1, [{ kind: 'move_blocks', blockIds: ['A-2-2'], to: { code: A1_NORTH } }]),
      save(1, [{ kind: 'move_blocks', blockIds: ['A-0-2'], to: { code: A1_NORTH } }]),
    ]);
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409]);
    const current = await plan();
    expect(current.version).toBe(2);
    const northBlocks = current.blocks.filter((b) => b.gridCode === A1_NORTH).map((b) => b.id);
    expect(northBlocks.filter((id) => id === 'A-2-2' || id === 'A-0-2')).toHaveLength(1);
  });

  it('refuses invalid plans with 422 naming the problems, and malformed bodies with 400', async () => {
    const { save, plan, store, json } = await setup();
    const before = JSON.stringify(await plan());
    const dataVersion = store.dataVersion();
    const apart = await save(1, [{ kind: 'move_blocks', blockIds: ['A-1-1'], to: { code: A1_NORTH } }]);
    expect(apart.status).toBe(422);
    const body = (await apart.json()) as { error: string; field: string; reason: string; problems: Array<{ edit: number | null; field: string; reason: string }> };
    expect(body.error).toBe('invalid_plan');
    expect(body.problems).toContainEqual({ edit: null, field: 'grids', reason: `grid ${A1_NORTH} falls apart into 2 pieces` });
    const unknown = await save(1, [{ kind: 'split_block', blockId: 'A-9-9', line: horizontalCut(1, 1) }]);
    expect(unknown.status).toBe(422);
    expect(((await unknown.json()) as { field: string }).field).toBe('edits.0.blockId');
    const badCut = await save(1, [{ kind: 'split_block', blockId: 'A-1-1', line: [cellCentre(1, 1), cellCentre(1, 1).map((v) => v + 1e-5) as [number, number]] }]);
    expect(badCut.status).toBe(422);
    const malformed = await json(PLAN_URL, { baseVersion: 1, author: 'x', reason: 'y', edits: [{ kind: 'teleport' }] });
    expect(malformed.status).toBe(400);
    const noReason = await json(PLAN_URL, { baseVersion: 1, author: 'x', reason: ' ', edits: [] });
    expect(noReason.status).toBe(400);
    expect(((await noReason.json()) as { error: { field: string } }).error.field).toBe('reason');
    const [x, y] = cellCentre(1, 1);
    const crossing = await save(1, [{ kind: 'split_block', blockId: 'A-1-1', line: [[x - 1e-3, y - 1e-3], [x + 1e-3, y + 1e-3], [x + 1e-3, y - 1e-3], [x - 1e-3, y + 1e-3]] }]);
    expect(crossing.status).toBe(400);
    const crossingError = ((await crossing.json()) as { error: { field: string; message: string } }).error;
    expect(crossingError.field).toBe('edits.0.line');
    expect(crossingError.message).toMatch(/intersects itself/);
    expect(JSON.stringify(await plan())).toBe(before);
    expect(store.dataVersion()).toBe(dataVersion);
  });
});

describe('history, rollback, diff and rebalance', () => {
  it('lists versions, diffs them, and rolls back as a new version', async () => {
    const { app, save, json, plan } = await setup();
    const original = await plan();
    await saved(await save(1, [{ kind: 'split_block', blockId: 'A-1-2', line: horizontalCut(1, 2) }, { kind: 'move_blocks', blockIds: ['A-1-2.2'], to: { code: A1_NORTH } }]));
    await saved(await save(2, [{ kind: 'move_blocks', blockIds: ['A-5-2'], to: { code: A2_NORTH } }]));
    const versions = (await (await app.request(`${PLAN_URL}/versions`)).json()) as PlanVersionSummary[];
    expect(versions.map((v) => [v.version, v.author, v.rollbackOf])).toEqual([[3, '规划员', null], [2, '规划员', null], [1, 'seed', null]]);
    const diff = (await (await app.request(`${PLAN_URL}/diff?from=1&to=3`)).json()) as PlanDiff;
    expect(diff.movedBlocks.map((b) => b.blockId)).toEqual(['A-5-2']);
    expect(diff.addedBlocks.map((b) => b.blockId)).toEqual(['A-1-2.1', 'A-1-2.2']);
    expect(diff.removedBlocks.map((b) => b.blockId)).toEqual(['A-1-2']);
    expect(diff.changedGrids).toEqual([A1_SOUTH, A1_NORTH, A2_SOUTH, A2_NORTH]);
    expect((await app.request(`${PLAN_URL}/diff?from=1&to=7`)).status).toBe(404);
    expect((await app.request(`${PLAN_URL}/diff?from=x&to=2`)).status).toBe(400);

    const stale = await json(`${PLAN_URL}/rollback`, { toVersion: 1, baseVersion: 2, author: '规划员', reason: '撤销' });
    expect(stale.status).toBe(409);
    const rolled = await saved(await json(`${PLAN_URL}/rollback`, { toVersion: 1, baseVersion: 3, author: '规划员', reason: '撤销' }));
    expect(rolled.version).toBe(4);
    const restored = await plan();
    const assignment = (p: TownshipPlan) => p.blocks.map((b) => `${b.id}:${b.gridCode}`).sort();
    expect(assignment(restored)).toEqual(assignment(original));
    const latest = ((await (await app.request(`${PLAN_URL}/versions`)).json()) as PlanVersionSummary[])[0];
    expect(latest).toMatchObject({ version: 4, rollbackOf: 1, reason: '撤销' });
    const badTarget = await json(`${PLAN_URL}/rollback`, { toVersion: 4, baseVersion: 4, author: '规划员', reason: 'x' });
    expect(badTarget.status).toBe(422);
  });

  it('proposes a rebalance without saving it; saving its changeset gives the proposed plan', async () => {
    const { json, plan } = await setup();
    const current = await plan();
    const response = await json(`${PLAN_URL}/rebalance`, { baseVersion: 1, target: current.target.households / 2 });
    expect(response.status).toBe(200);
    const proposal = (await response.json()) as RebalanceProposal;
    expect((await plan()).version).toBe(1);
    expect(proposal.diff.createdGrids.length).toBeGreaterThan(0);
    const result = await saved(await json(PLAN_URL, proposal.changeset));
    expect(result.createdGrids).toHaveLength(proposal.diff.createdGrids.length);
    expect(result.retiredGrids).toEqual(proposal.diff.retiredGrids);
    expect((await json(`${PLAN_URL}/rebalance`, { baseVersion: 1 })).status).toBe(409);
  });
});

describe('problems follow the plan', () => {
  it('open problems move to their new grid, closed ones stay, the reported grid is kept, new reports land in the new grid', async () => {
    const { app, save } = await setup();
    const [lon, lat] = cellCentre(1, 2);
    const issues = async (query: string) =>
      ((await (await app.request(`/api/issues?${query}`)).json()) as { features: Array<{ id: number; properties: { gridCode: string; status: string; title: string } }> }).features;
    const openBefore = (await issues(`grid=${A1_SOUTH}&status=open`)).find((f) => f.properties.title.includes('A-1-2'))!;
    expect(openBefore).toBeDefined();
    const result = await saved(await save(1, [{ kind: 'move_blocks', blockIds: ['A-0-2', 'A-1-2', 'A-2-2'], to: { code: A1_NORTH } }]));
    expect(result.relocatedIssues).toBe(1);
    const openNow = await issues(`grid=${A1_NORTH}&status=open`);
    const moved = openNow.find((f) => f.id === openBefore.id)!;
    expect(moved.properties.gridCode).toBe(A1_SOUTH);
    expect((await issues(`grid=${A1_SOUTH}&status=closed`)).some((f) => f.properties.title.includes('A-1-2'))).toBe(true);
    const stats = (await (await app.request(`/api/stats?level=grid&code=${A1_NORTH}`)).json()) as { open: number };
    expect(stats.open).toBe(openNow.length);
    const reported = await app.request('/api/issues', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: '新问题', category: '环境卫生', tier: 'yellow', lon, lat }),
    });
    expect(reported.status).toBe(201);
    expect(((await reported.json()) as { properties: { gridCode: string } }).properties.gridCode).toBe(A1_NORTH);
  });
});
