// The planner's live recompute: reassigning one block in the township with the most grids, then
// what the editor redraws and shows (the two affected grids' outlines re-chained from the edge
// index, every grid's figures, the changes against the saved plan). Baseline: every grid's outline
// recomputed from scratch after the same move, in the same run. Target: under one 16 ms frame.
// Standalone: `node --import tsx bench/planner.ts` builds the county first.
import type { Dataset } from '../server/model.ts';
import type { TownshipPlan } from '../server/plan/types.ts';
import { allFigures, changeSummary } from '../web/src/planner/changeset.ts';
import { planMove, applyCommand } from '../web/src/planner/commands.ts';
import { createModel, outlineOf, type PlannerModel } from '../web/src/planner/model.ts';
import { assemblePolygons, chainRingVertices } from '../web/src/planner/rings.ts';
import { blockNeighbours, gridPieces, recomputeAllBorders } from '../web/src/planner/topology.ts';
import { mulberry32 } from '../server/synth/random.ts';
import { isMain, median, note, printFigures, roundMs, roundRatio, type BenchFigure } from './figures.ts';

const FRAME_MS = 16;

/** The township with the most grids, as the planner receives it. */
export function largestTownshipPlan(dataset: Dataset): TownshipPlan {
  const counts = new Map<string, number>();
  for (const grid of dataset.grids) counts.set(grid.townshipCode, (counts.get(grid.townshipCode) ?? 0) + 1);
  const [townshipCode] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  const grids = dataset.grids.filter((grid) => grid.townshipCode === townshipCode);
  const gridOf = new Map<string, string>();
  for (const grid of grids) for (const id of grid.blockIds) gridOf.set(id, grid.code);
  const blocks = dataset.blocks
    .filter((block) => gridOf.has(block.id))
    .map((block) => ({ id: block.id, villageCode: block.villageCode, gridCode: gridOf.get(block.id)!, households: block.households, areaM2: block.areaM2, polygon: block.polygon }));
  const total = blocks.reduce((sum, block) => sum + block.households, 0);
  return {
    townshipCode,
    version: 1,
    target: { households: Math.round(total / grids.length), tolerance: 0.25 },
    grids: grids.map((grid, index) => ({ code: grid.code, villageCode: grid.villageCode, name: `${index + 1}` })),
    blocks,
  };
}

function percentile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))];
}

/** A random valid move: a block to the grid of a neighbour in the same village. */
function randomMove(model: PlannerModel, random: () => number) {
  for (;;) {
    const block = Math.floor(random() * model.blocks.length);
    const others = blockNeighbours(model.topology, block).filter(
      (other) => model.topology.blockGrid[other] !== model.topology.blockGrid[block] && model.topology.villageOf[other] === model.topology.villageOf[block],
    );
    if (others.length === 0) continue;
    const target = model.slots[model.topology.blockGrid[others[Math.floor(random() * others.length)]]].key;
    const planned = planMove(model, [model.blocks[block].id], target);
    if (planned.valid) return planned.command;
  }
}

export async function benchPlanner(dataset: Dataset, options: { moves?: number; baselineMoves?: number } = {}): Promise<BenchFigure[]> {
  const plan = largestTownshipPlan(dataset);
  const moves = options.moves ?? 2000;
  const baselineMoves = options.baselineMoves ?? 100;
  note(`planner: township ${plan.townshipCode}, ${plan.grids.length} grids, ${plan.blocks.length} blocks`);
  const buildStart = performance.now();
  const model = createModel(plan);
  const buildMs = performance.now() - buildStart;
  const random = mulberry32(20260);

  // Warm-up, so the timed code is compiled as it would be in a page that has been used for a while.
  for (let i = 0; i < 200; i++) {
    applyCommand(model, randomMove(model, random), 'forward');
    for (const slot of model.dirtySlots) outlineOf(model, slot);
    model.dirtySlots.clear();
    allFigures(model);
  }

  const times: number[] = [];
  for (let i = 0; i < moves; i++) {
    const command = randomMove(model, random);
    const start = performance.now();
    applyCommand(model, command, 'forward');
    for (const slot of model.dirtySlots) outlineOf(model, slot);
    model.dirtySlots.clear();
    allFigures(model);
    changeSummary(model);
    times.push(performance.now() - start);
  }

  // The same work done the naive way: every border and outline and every grid's pieces from scratch.
  const scratchTimes: number[] = [];
  const { topology } = model;
  for (let i = 0; i < baselineMoves; i++) {
    const command = randomMove(model, random);
    const start = performance.now();
    applyCommand(model, command, 'forward');
    recomputeAllBorders(topology);
    for (let slot = 0; slot < model.slots.length; slot++) {
      assemblePolygons(topology.index, chainRingVertices(topology.index, topology.gridBorder[slot]));
      model.pieces[slot] = gridPieces(topology, slot);
    }
    allFigures(model);
    changeSummary(model);
    scratchTimes.push(performance.now() - start);
  }

  const incrementalMedian = median(times);
  const scratchMedian = median(scratchTimes);
  const p99 = percentile(times, 0.99);
  const target = `one block reassigned in ${plan.grids.length} grids / ${plan.blocks.length} blocks; target < ${FRAME_MS} ms`;
  return [
    { name: 'planner.reassign_median', value: roundMs(incrementalMedian), unit: 'ms', baseline: roundMs(scratchMedian), ratio: roundRatio(scratchMedian / incrementalMedian), note: `${moves} random moves; ${target}` },
    { name: 'planner.reassign_p99', value: roundMs(p99), unit: 'ms', baseline: roundMs(percentile(scratchTimes, 0.99)), ratio: roundRatio(percentile(scratchTimes, 0.99) / p99), note: target },
    { name: 'planner.edge_index_build', value: roundMs(buildMs), unit: 'ms', note: 'edge index, topology and colouring built once when the planner opens' },
  ];
}

if (isMain(import.meta.url)) {
  const { benchBuild } = await import('./build.ts');
  const { build } = await benchBuild();
  printFigures(await benchPlanner(build.dataset));
}
