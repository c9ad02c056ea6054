// The synthetic province: about a hundred counties, each cut into townships, villages, street
// blocks and grids by the same pipeline as the built-in county, with a year of problems and their
// ledgers. Everything here is synthetic and labelled so. Pure: one county at a time, no I/O (the
// worker pool and the seeding are in province-generate.ts).
import type { Dataset } from '../model.ts';
import { generateLayersFromSource } from '../synth/nanchang.ts';
import { generateSeedIssues } from '../synth/issues.ts';
import { deriveSeed } from '../synth/random.ts';
import { planProvince, type PlannedCounty, type ProvincePlan } from '../synth/province/counties.ts';
import { countyInput } from '../synth/province/county.ts';
import type { UnitCounts } from '../synth/province/units.ts';
import { territoryOf } from './territory.ts';
import { buildGrids, type BuildGridsResult } from './build-grids.ts';
import type { ProgressListener } from './progress.ts';

export const PROVINCE_SYNTHETIC_LAYERS = [
  'province outline', 'county boundaries', 'unit names and codes', 'township boundaries', 'village boundaries',
  'streets', 'blocks', 'grids', 'households', 'problems',
];

export const PROVINCE_ATTRIBUTION =
  'SYNTHETIC PROVINCE (not real): province and county outlines, the names and codes of every county, township and ' +
  'village (province code 99 is no real province), township and village boundaries, streets, blocks, grids, ' +
  'households and problems, all generated ' +
  '· 合成数据（非真实）：合成省的省界与县界、全部县乡村名称与代码（省代码99不是真实省份）、乡镇村界、街道、网格、户数与民情问题，均为生成';

export const PROBLEM_PERIOD_DAYS = 365;
/** Share of the year's problems closed by now; the rest are open at some stage. */
const CLOSED_SHARE = 0.85;

export interface ProvinceOptions {
  seed: number;
  counties: number;
  /** Grids in the whole province, shared evenly between the counties. */
  grids: number;
  /** Problems in the whole province over the last year, shared evenly between the counties. */
  problems: number;
  /** The problems are spread over the year before this moment (ISO 8601). */
  now: string;
  countyAreaKm2?: number;
  units?: UnitCounts;
}

/** Everything one worker needs to build one county; plain data, so it crosses thread boundaries. */
export interface CountyTask {
  county: PlannedCounty;
  province: { code: string; name: string };
  seed: number;
  gridCount: number;
  problemCount: number;
  now: string;
  units: UnitCounts;
}

/** A county's dataset, naming the province it belongs to. */
export type ProvinceCountyDataset = Dataset & { province: { code: string; name: string } };

export interface CountyBuild {
  dataset: ProvinceCountyDataset;
  blockCount: number;
  timings: Record<string, number>;
}

export function validateProvinceOptions(options: ProvinceOptions): { valid: true } | { valid: false; reason: string } {
  const wholeNumber = (value: number, min: number) => Number.isInteger(value) && value >= min;
  if (!wholeNumber(options.counties, 1)) return { valid: false, reason: 'counties must be a whole number ≥ 1' };
  if (!wholeNumber(options.grids, options.counties)) return { valid: false, reason: 'grids must be a whole number ≥ counties' };
  if (!wholeNumber(options.problems, 0)) return { valid: false, reason: 'problems must be a whole number ≥ 0' };
  if (!Number.isInteger(options.seed)) return { valid: false, reason: 'seed must be a whole number' };
  if (Number.isNaN(Date.parse(options.now))) return { valid: false, reason: 'now must be an ISO 8601 time' };
  return { valid: true };
}

/** Even shares of a total: the first `total % parts` parts get one more. */
export function evenShares(total: number, parts: number): number[] {
  const base = Math.floor(total / parts), extra = total % parts;
  return Array.from({ length: parts }, (_, i) => base + (i < extra ? 1 : 0));
}

export function provincePlan(options: ProvinceOptions): ProvincePlan {
  return planProvince({ seed: options.seed, countyCount: options.counties, countyAreaKm2: options.countyAreaKm2 });
}

export function countyTasks(plan: ProvincePlan, options: ProvinceOptions): CountyTask[] {
  const grids = evenShares(options.grids, plan.counties.length);
  const problems = evenShares(options.problems, plan.counties.length);
  return plan.counties.map((county, i) => ({
    county,
    province: { code: plan.code, name: plan.name },
    seed: deriveSeed(options.seed, `county:${county.code}`),
    gridCount: grids[i],
    problemCount: problems[i],
    now: options.now,
    units: options.units ?? {},
  }));
}

export function buildProvinceCounty(task: CountyTask, onProgress?: ProgressListener): CountyBuild {
  const progress = onProgress ?? (() => {});
  const started = performance.now();
  progress('synthetic layers');
  const input = countyInput(task.county, task.units, task.seed);
  const layers = generateLayersFromSource(input.source, { seed: task.seed, layout: input.layout, totalHouseholds: input.totalHouseholds });
  const layersMs = performance.now() - started;

  const lines = [...layers.streets, ...layers.water];
  const build = buildGrids({
    villages: layers.villages,
    lines,
    householdsForBlock: layers.householdsForBlock,
    targetGridCount: task.gridCount,
    onProgress: progress,
  });
  if (!build.coverage.valid) throw new Error(`county ${task.county.code}: coverage check failed: ${JSON.stringify(coverageSummary(build))}`);

  progress('problem ledger');
  const issuesStarted = performance.now();
  const issues = generateSeedIssues({
    grids: build.grids,
    count: task.problemCount,
    closed: Math.round(task.problemCount * CLOSED_SHARE),
    now: new Date(task.now),
    periodDays: PROBLEM_PERIOD_DAYS,
    seed: deriveSeed(task.seed, 'problems'),
  });
  const issuesMs = performance.now() - issuesStarted;

  const dataset: ProvinceCountyDataset = {
    province: task.province,
    ...territoryOf(build, layers),
    blocks: build.blocks,
    grids: build.grids,
    issues,
    lines,
    syntheticLayers: PROVINCE_SYNTHETIC_LAYERS,
    attribution: PROVINCE_ATTRIBUTION,
  };
  return {
    dataset,
    blockCount: build.blocks.length,
    timings: { layers: Math.round(layersMs), ...build.timings, problems: Math.round(issuesMs), total: Math.round(performance.now() - started) },
  };
}

function coverageSummary(build: BuildGridsResult) {
  const { gaps, overlaps, invalidRings, nonContiguous, outsideParent } = build.coverage;
  return { gaps: gaps.length, overlaps: overlaps.length, invalidRings: invalidRings.length, nonContiguous: nonContiguous.length, outsideParent: outsideParent.length };
}
