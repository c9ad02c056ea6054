// A problem keeps the grid it was reported in (`gridCode`) and names the grid responsible for it
// now (`currentGridCode`): equal until a plan version moves its point into another grid, then apart
// in the store, the issue API and the OGC features alike; a rollback brings the responsible grid back.
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/http/app.ts';
import { openSqliteStore, type SqliteGridStore } from '../../server/store/sqlite/sqliteStore.ts';
import { buildLocator } from '../../server/geo/locate.ts';
import { followingLocator } from '../../server/store/plan-locator.ts';
import type { PlanChangeset, PlanEdit } from '../../server/plan/types.ts';
import { LATTICE_NOW, TOWNSHIP_A, VILLAGE_A1, cellCentre, loadLatticeDataset } from '../fixtures/plan/lattice.ts';

const A1_SOUTH = `${VILLAGE_A1}001`, A1_NORTH = `${VILLAGE_A1}002`;
const PLAN_URL = `/api/townships/${TOWNSHIP_A}/plan`;

const stores: SqliteGridStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

interface IssueFeatureBody {
  id: number;
  properties: { gridCode: string; currentGridCode: string; status: string; title: string };
}

async function setup() {
  const store = openSqliteStore(':memory:', { now: () => LATTICE_NOW });
  stores.push(store);
  store.seedDataset(loadLatticeDataset());
  const app = createApp({ store, locator: await followingLocator(store, buildLocator), attribution: 'test', now: () => LATTICE_NOW });
  const post = (path: string, body: unknown) => app.request(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const save = (baseVersion: number, edits: PlanEdit[]) => post(PLAN_URL, { baseVersion, author: '规划员', reason: '调整', edits } satisfies PlanChangeset);
  const issues = async (query: string) => ((await (await app.request(`/api/issues?${query}`)).json()) as { features: IssueFeatureBody[] }).features;
  return { app, store, post, save, issues };
}

describe('an issue’s grid when reported and its grid now', () => {
  it('are equal for a new report, and part when a save moves the open problem', async () => {
    const { store, post, save, issues } = await setup();
    const [lon, lat] = cellCentre(1, 2);
    const reported = await post('/api/issues', { title: '井盖缺失', category: '环境卫生', tier: 'red', lon, lat });
    expect(reported.status).toBe(201);
    const created = (await reported.json()) as IssueFeatureBody;
    expect(created.properties).toMatchObject({ gridCode: A1_SOUTH, currentGridCode: A1_SOUTH });

    expect((await save(1, [{ kind: 'move_blocks', blockIds: ['A-0-2', 'A-1-2', 'A-2-2'], to: { code: A1_NORTH } }])).status).toBe(201);
    const moved = (await issues(`grid=${A1_NORTH}&status=open`)).find((feature) => feature.id === created.id);
    expect(moved?.properties).toMatchObject({ gridCode: A1_SOUTH, currentGridCode: A1_NORTH });
    expect(store.getIssue(created.id)).toMatchObject({ gridCode: A1_SOUTH, currentGridCode: A1_NORTH });
    // Every listed problem answers for the grid it is listed under.
    for (const feature of await issues(`grid=${A1_NORTH}&limit=200`)) expect(feature.properties.currentGridCode).toBe(A1_NORTH);

    // Closed problems stay with the grid they were closed in.
    for (const feature of await issues(`grid=${A1_SOUTH}&status=closed&limit=200`)) expect(feature.properties.currentGridCode).toBe(A1_SOUTH);
  });

  it('follow a rollback: the responsible grid returns to the older border, the reported grid stays', async () => {
    const { app, post, save, issues } = await setup();
    const [lon, lat] = cellCentre(1, 2);
    expect((await save(1, [{ kind: 'move_blocks', blockIds: ['A-0-2', 'A-1-2', 'A-2-2'], to: { code: A1_NORTH } }])).status).toBe(201);
    // Reported under version 2: the point lies in the north grid then.
    const created = (await (await post('/api/issues', { title: '路灯不亮', category: '道路交通', tier: 'yellow', lon, lat })).json()) as IssueFeatureBody;
    expect(created.properties).toMatchObject({ gridCode: A1_NORTH, currentGridCode: A1_NORTH });
    expect((await post(`${PLAN_URL}/rollback`, { toVersion: 1, baseVersion: 2, author: '规划员', reason: '撤回' })).status).toBe(201);
    const back = (await issues(`grid=${A1_SOUTH}&status=open&limit=200`)).find((feature) => feature.id === created.id);
    expect(back?.properties).toMatchObject({ gridCode: A1_NORTH, currentGridCode: A1_SOUTH });

    // The OGC issues collection carries both as well.
    const item = (await (await app.request(`/ogc/collections/issues/items/${created.id}`)).json()) as IssueFeatureBody;
    expect(item.properties).toMatchObject({ gridCode: A1_NORTH, currentGridCode: A1_SOUTH });
  });
});
