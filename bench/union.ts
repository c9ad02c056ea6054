// Grid geometry from blocks: every grid of the county merged along the shared arcs of one topology
// (mergeBlockGroups) against @turf/union of the same blocks grid by grid. Turf is timed on an evenly
// spaced sample of grids and extrapolated by block count; on every sampled grid both unions must
// enclose the same area (relative 1e-6) or the benchmark throws.
// Standalone: `node --import tsx bench/union.ts` builds the county first.
import { union } from '@turf/union';
import { featureCollection, polygon } from '@turf/helpers';
import type { Block, Grid, MultiPolygonCoords, PolygonCoords } from '../server/geo/types.ts';
import { mergeBlockGroups } from '../server/geo/merge.ts';
import { polygonAreaM2 } from '../server/geo/ring.ts';
import { isMain, note, printFigures, roundMs, roundRatio, type BenchFigure } from './figures.ts';

export interface BenchUnionOptions {
  /** Grids unioned by turf (default 100), spread evenly over the grids in code order. */
  sample?: number;
  /** Timed runs of the shared-arc merge; the best counts (default 3). */
  runs?: number;
  /** Largest accepted relative area difference between the two unions (default 1e-6). */
  tolerance?: number;
}

export async function benchUnion(blocks: Block[], grids: Grid[], options: BenchUnionOptions = {}): Promise<BenchFigure[]> {
  const runs = Math.max(1, options.runs ?? 3);
  const tolerance = options.tolerance ?? 1e-6;
  const groups = grids.map((grid) => grid.blockIds);

  let mergeMs = Infinity;
  let merged: MultiPolygonCoords[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    merged = mergeBlockGroups(blocks, groups);
    mergeMs = Math.min(mergeMs, performance.now() - start);
  }

  const polygonById = new Map(blocks.map((block) => [block.id, block.polygon]));
  const sampled = sampleIndexes(grids, options.sample ?? 100);
  // One untimed union first, so turf's code is compiled before the clock starts, as ours is.
  turfUnion(grids[sampled[0]].blockIds.map((id) => polygonById.get(id)!));

  let turfMs = 0;
  let sampledBlocks = 0;
  let worstDifference = 0;
  for (const index of sampled) {
    const parts = grids[index].blockIds.map((id) => polygonById.get(id)!);
    const start = performance.now();
    const result = turfUnion(parts);
    turfMs += performance.now() - start;
    sampledBlocks += parts.length;

    const oursArea = multiPolygonAreaM2(merged[index]);
    const turfArea = multiPolygonAreaM2(result);
    const difference = Math.abs(oursArea - turfArea) / Math.max(oursArea, turfArea, Number.MIN_VALUE);
    worstDifference = Math.max(worstDifference, difference);
    if (!(difference <= tolerance)) {
      throw new Error(
        `benchUnion: grid ${grids[index].code} (${parts.length} blocks) has area ${oursArea} m² by shared arcs ` +
          `but ${turfArea} m² by turf (relative difference ${difference.toExponential(2)})`,
      );
    }
  }
  const totalBlocks = groups.reduce((sum, group) => sum + group.length, 0);
  const turfExtrapolatedMs = (turfMs * totalBlocks) / Math.max(1, sampledBlocks);
  note(
    `  union: turf took ${roundMs(turfMs)} ms on ${sampled.length} grids (${sampledBlocks} blocks); ` +
      `worst relative area difference ${worstDifference.toExponential(2)}`,
  );

  return [
    {
      name: 'union.county_grids',
      value: roundMs(mergeMs),
      unit: 'ms',
      baseline: roundMs(turfExtrapolatedMs),
      ratio: roundRatio(turfExtrapolatedMs / mergeMs),
      note:
        `${grids.length} grids of ${totalBlocks} blocks; baseline: @turf/union per grid timed on ${sampled.length} grids ` +
        `(${sampledBlocks} blocks) and extrapolated by block count; areas agree within ${worstDifference.toExponential(1)}`,
    },
  ];
}

/** `count` grid indexes spread evenly over the grids sorted by code: the same choice on every run. */
function sampleIndexes(grids: Grid[], count: number): number[] {
  const byCode = grids.map((_, index) => index).sort((a, b) => (grids[a].code < grids[b].code ? -1 : grids[a].code > grids[b].code ? 1 : 0));
  const take = Math.max(1, Math.min(count, grids.length));
  return Array.from({ length: take }, (_, i) => byCode[Math.floor((i * grids.length) / take)]);
}

function turfUnion(parts: PolygonCoords[]): MultiPolygonCoords {
  if (parts.length === 1) return [parts[0]];
  const result = union(featureCollection(parts.map((coordinates) => polygon(coordinates))));
  if (!result) return [];
  // GeoJSON positions are number[]; turf returns [x, y] pairs, as our Position type says.
  return result.geometry.type === 'Polygon'
    ? [result.geometry.coordinates as PolygonCoords]
    : (result.geometry.coordinates as MultiPolygonCoords);
}

function multiPolygonAreaM2(parts: MultiPolygonCoords): number {
  return parts.reduce((sum, part) => sum + polygonAreaM2(part), 0);
}

if (isMain(import.meta.url)) {
  const { buildNanchangDataset } = await import('../server/build/nanchang-dataset.ts');
  note('building the county');
  const { dataset } = buildNanchangDataset({ now: new Date('2024-06-01T00:00:00Z') });
  printFigures(await benchUnion(dataset.blocks, dataset.grids));
}
