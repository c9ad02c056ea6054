// Whole-county build benchmark: synthetic raw layers → blocks → balanced grids → exact geometry →
// codes → coverage check, timed per stage in one cold run (as on a server's first start).
// Standalone: `node --import tsx bench/build.ts`.
import { availableParallelism } from 'node:os';
import { buildNanchangDataset, type NanchangBuild } from '../server/build/nanchang-dataset.ts';
import { stderrProgress } from '../server/build/progress.ts';
import { isMain, printFigures, type BenchFigure } from './figures.ts';

/** Target for the whole county on a 2-core machine; reported, never asserted. */
const COUNTY_TARGET_MS = 10_000;

export interface BenchBuildResult {
  build: NanchangBuild;
  figures: BenchFigure[];
}

export async function benchBuild(): Promise<BenchBuildResult> {
  const build = buildNanchangDataset({ now: new Date('2024-06-01T00:00:00Z'), onProgress: stderrProgress('  build ') });
  return { build, figures: buildFigures(build) };
}

/** Figures from the stage timings of a build already made. */
export function buildFigures(build: NanchangBuild): BenchFigure[] {
  const { total, ...stages } = build.timings;
  const { grids, blocks } = build.dataset;
  const county: BenchFigure = {
    name: 'build.county',
    value: total,
    unit: 'ms',
    note:
      `${grids.length} grids from ${blocks.length} blocks, one cold run on ${availableParallelism()} cores; ` +
      `target < ${COUNTY_TARGET_MS} ms (${total < COUNTY_TARGET_MS ? 'met' : 'missed'})`,
  };
  return [county, ...Object.entries(stages).map(([stage, ms]) => ({ name: `build.${stage}`, value: ms, unit: 'ms' }))];
}

if (isMain(import.meta.url)) {
  printFigures((await benchBuild()).figures);
}
