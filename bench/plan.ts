// Grid-plan save benchmark: the round trip of a 20-block changeset through the app (validation,
// new version, reshaped grids, relocated problems, one transaction) on the county database, against
// the naive way of changing a plan: rebuilding the township's grids from scratch (adjacency,
// partition, topology-exact union), measured in the same run on the same township.
// Standalone: `node --import tsx bench/plan.ts` builds the county first.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dataset } from '../server/model.ts';
import type { PlanEdit, TownshipPlan } from '../server/plan/types.ts';
import { applyEdits } from '../server/plan/apply.ts';
import { validatePlan } from '../server/plan/validate.ts';
import { neighbourLists, sharedBorders } from '../server/plan/adjacency.ts';
import { partitionAll } from '../server/geo/partition.ts';
import { mergeBlockGroups } from '../server/geo/merge.ts';
import { isMain, median, note, printFigures, roundMs, roundRatio, type BenchFigure } from './figures.ts';

const BLOCKS_PER_CHANGESET = 20;
const TARGET_MS = 200;

export interface BenchPlanOptions {
  /** Save round trips measured (forward and back alternate); the median counts. */
  saves?: number;
  /** Rebuilds of the township measured for the baseline; the median counts. */
  rebuilds?: number;
}

/** The township whose grid count is closest to 100. */
function pickTownship(dataset: Dataset): string {
  const counts = new Map<string, number>();
  for (const grid of dataset.grids) counts.set(grid.townshipCode, (counts.get(grid.townshipCode) ?? 0) + 1);
  return [...counts].sort((a, b) => Math.abs(a[1] - 100) - Math.abs(b[1] - 100) || (a[0] < b[0] ? -1 : 1))[0][0];
}

/** Moves of single border blocks to a neighbouring grid of their village that keep the plan valid. */
function chooseMoves(plan: TownshipPlan, count: number): PlanEdit[] {
  const neighbours = neighbourLists(plan.blocks.map((block) => block.polygon));
  const edits: PlanEdit[] = [];
  const usedGrids = new Set<string>();
  for (let index = 0; index < plan.blocks.length && edits.length < count; index++) {
    const block = plan.blocks[index];
    if (usedGrids.has(block.gridCode)) continue;
    const target = neighbours[index].map((other) => plan.blocks[other]).find(
      (other) => other.villageCode === block.villageCode && other.gridCode !== block.gridCode && !usedGrids.has(other.gridCode),
    );
    if (!target) continue;
    const candidate: PlanEdit = { kind: 'move_blocks', blockIds: [block.id], to: { code: target.gridCode } };
    const applied = applyEdits(plan, [...edits, candidate]);
    if (!applied.valid || !validatePlan(applied.plan).valid) continue;
    edits.push(candidate);
    // One move per grid pair keeps every move independent of the others.
    usedGrids.add(block.gridCode);
    usedGrids.add(target.gridCode);
  }
  return edits;
}

export async function benchPlan(dataset: Dataset, options: BenchPlanOptions = {}): Promise<BenchFigure[]> {
  const saves = Math.max(2, options.saves ?? 20);
  const rebuilds = Math.max(1, options.rebuilds ?? 5);
  const township = pickTownship(dataset);
  const directory = mkdtempSync(join(tmpdir(), 'gridmap-plan-bench-'));
  const { openSqliteStore } = await import('../server/store/sqlite/sqliteStore.ts');
  const { createApp } = await import('../server/http/app.ts');
  const { buildLocator } = await import('../server/geo/locate.ts');
  const { followingLocator } = await import('../server/store/plan-locator.ts');
  const store = openSqliteStore(join(directory, 'plan.db'));
  try {
    note(`  plan: seeding a temporary database; township ${township}`);
    store.seedDataset(dataset);
    const app = createApp({ store, locator: await followingLocator(store, buildLocator), logError: (error) => console.error(error) });
    const plan = store.plan.getPlan(township)!;
    let forward = chooseMoves(plan, BLOCKS_PER_CHANGESET);
    if (forward.length < BLOCKS_PER_CHANGESET) note(`  plan: only ${forward.length} independent moves found`);
    const home = new Map(plan.blocks.map((block) => [block.id, block.gridCode]));
    let back: PlanEdit[] = forward.map((edit) => {
      const id = (edit as { blockIds: string[] }).blockIds[0];
      return { kind: 'move_blocks', blockIds: [id], to: { code: home.get(id)! } };
    });
    const timings: number[] = [];
    let version = plan.version;
    for (let round = 0; round < saves; round++) {
      const body = JSON.stringify({ baseVersion: version, author: 'bench', reason: `round ${round}`, edits: forward });
      const started = performance.now();
      const response = await app.request(`/api/townships/${township}/plan`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body,
      });
      const result = (await response.json()) as { version: number };
      timings.push(performance.now() - started);
      if (response.status !== 201) throw new Error(`save answered ${response.status}: ${JSON.stringify(result)}`);
      version = result.version;
      [forward, back] = [back, forward];
    }

    // Baseline: the township's grids from scratch on the same blocks.
    const blocks = dataset.blocks.filter((block) => block.townshipCode === township);
    const grids = dataset.grids.filter((grid) => grid.townshipCode === township);
    const targetHouseholds = grids.reduce((sum, grid) => sum + grid.households, 0) / grids.length;
    const rebuildTimes: number[] = [];
    for (let round = 0; round < rebuilds; round++) {
      const started = performance.now();
      const groups = partitionAll(blocks, sharedBorders(blocks), { targetHouseholds });
      mergeBlockGroups(blocks, [...groups.values()].flat());
      rebuildTimes.push(performance.now() - started);
    }
    const value = roundMs(median(timings));
    const baseline = roundMs(median(rebuildTimes));
    return [
      {
        name: 'plan.save_20_blocks',
        value,
        unit: 'ms',
        baseline,
        ratio: roundRatio(baseline / value),
        note: `median of ${saves} saves of ${forward.length} block moves through app.request on a ${grids.length}-grid, ${blocks.length}-block township (target < ${TARGET_MS} ms); baseline: re-partition and union of that township`,
      },
    ];
  } finally {
    store.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  const { benchBuild } = await import('./build.ts');
  const { build } = await benchBuild();
  printFigures(await benchPlan(build.dataset));
}
