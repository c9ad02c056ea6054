// Point-location benchmark: 1,000,000 seeded uniform points over the grids' bounding box, located by
// the cell-index locator, against turf's booleanPointInPolygon over every grid and turf behind a
// flatbush bounding-box prefilter (both timed on a sample and extrapolated). Every method must give
// the same grid for every sampled point, or the benchmark throws.
// Standalone: `node --import tsx bench/locate.ts` runs it on a stand-in tessellation and prints one
// JSON line per figure.
import { pathToFileURL } from 'node:url';
import Flatbush from 'flatbush';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { Polygon } from 'geojson';
import { buildLocator, rankByCode, type LocatorGrid } from '../server/geo/locate.ts';
import { seededRandom, voronoiTessellation } from '../test/fixtures/locate/tessellation.ts';
import type { BenchFigure } from './figures.ts';
import { ringBBox } from '../server/geo/ring.ts';

export type { BenchFigure } from './figures.ts';

export interface BenchLocateOptions {
  /** Points located by the locator (default 1,000,000). */
  points?: number;
  /** Points located by naive turf over every grid (default 2,000), extrapolated. */
  naiveSample?: number;
  /** Points located by turf behind a bbox prefilter (default 50,000), extrapolated. */
  bboxSample?: number;
  /** Timed runs of the locator; the best counts (default 5). */
  runs?: number;
  seed?: number;
  /** Passed to buildLocator. */
  cells?: number;
}

export async function benchLocate(grids: LocatorGrid[], options: BenchLocateOptions = {}): Promise<BenchFigure[]> {
  const pointCount = options.points ?? 1_000_000;
  const naiveSample = Math.min(pointCount, options.naiveSample ?? 2_000);
  const bboxSample = Math.min(pointCount, options.bboxSample ?? 50_000);
  const runs = Math.max(1, options.runs ?? 5);
  const [minX, minY, maxX, maxY] = unionBBox(grids);
  if (!(maxX > minX && maxY > minY)) throw new Error('benchLocate: the grids have no extent');

  const random = seededRandom(options.seed ?? 20240601);
  const coordinates = new Float64Array(2 * pointCount);
  for (let i = 0; i < pointCount; i++) {
    coordinates[2 * i] = minX + (maxX - minX) * random();
    coordinates[2 * i + 1] = minY + (maxY - minY) * random();
  }

  let buildMs = Infinity;
  let locator = buildLocator(grids, { cells: options.cells });
  for (let run = 0; run < 3; run++) {
    const start = performance.now();
    locator = buildLocator(grids, { cells: options.cells });
    buildMs = Math.min(buildMs, performance.now() - start);
  }
  let locateMs = Infinity;
  let answers: Int32Array = new Int32Array(0);
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    answers = locator.locateMany(coordinates);
    locateMs = Math.min(locateMs, performance.now() - start);
  }

  const rank = rankByCode(locator.codes);
  const geometries: Polygon[] = grids.map((grid) => ({ type: 'Polygon', coordinates: grid.polygon }));
  const smallestContaining = (x: number, y: number, candidates: Iterable<number>): number => {
    let best = -1;
    for (const grid of candidates) {
      if ((best < 0 || rank[grid] < rank[best]) && booleanPointInPolygon([x, y], geometries[grid])) best = grid;
    }
    return best;
  };

  const allGrids = grids.map((_, index) => index);
  const naive = new Int32Array(naiveSample);
  let start = performance.now();
  for (let i = 0; i < naiveSample; i++) naive[i] = smallestContaining(coordinates[2 * i], coordinates[2 * i + 1], allGrids);
  const naiveMs = ((performance.now() - start) * pointCount) / naiveSample;

  const boxes = new Flatbush(grids.length);
  for (const grid of grids) {
    const [x0, y0, x1, y1] = unionBBox([grid]);
    boxes.add(x0, y0, x1, y1);
  }
  boxes.finish();
  const prefiltered = new Int32Array(bboxSample);
  start = performance.now();
  for (let i = 0; i < bboxSample; i++) {
    const x = coordinates[2 * i], y = coordinates[2 * i + 1];
    prefiltered[i] = smallestContaining(x, y, boxes.search(x, y, x, y));
  }
  const bboxMs = ((performance.now() - start) * pointCount) / bboxSample;

  for (let i = 0; i < bboxSample; i++) {
    const expected = prefiltered[i];
    if (answers[i] !== expected || (i < naiveSample && naive[i] !== expected)) {
      const name = (index: number): string => (index < 0 ? 'none' : locator.codes[index]);
      throw new Error(
        `benchLocate: methods disagree at point ${i} (${coordinates[2 * i]}, ${coordinates[2 * i + 1]}): ` +
          `locator ${name(answers[i])}, turf+bbox ${name(expected)}` + (i < naiveSample ? `, naive turf ${name(naive[i])}` : ''),
      );
    }
  }

  const round = (ms: number): number => Math.round(ms * 10) / 10;
  return [
    { name: 'locate.1m_points', value: round(locateMs), unit: 'ms', baseline: round(naiveMs), ratio: Math.round(naiveMs / locateMs) },
    { name: 'locate.1m_points_vs_bbox_turf', value: round(locateMs), unit: 'ms', baseline: round(bboxMs), ratio: Math.round(bboxMs / locateMs) },
    { name: 'locate.index_build', value: round(buildMs), unit: 'ms' },
  ];
}

function unionBBox(grids: ReadonlyArray<LocatorGrid>): [number, number, number, number] {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  // Holes lie inside their exterior ring, so the exterior rings bound everything.
  for (const grid of grids) {
    const [west, south, east, north] = ringBBox(grid.polygon[0]);
    minX = Math.min(minX, west); minY = Math.min(minY, south);
    maxX = Math.max(maxX, east); maxY = Math.max(maxY, north);
  }
  return [minX, minY, maxX, maxY];
}

/** Stand-in for a county: ~1069 zig-zag Voronoi grids over 0.52° × 0.69° around (116, 28.6). */
export function standInGrids(): LocatorGrid[] {
  return voronoiTessellation({ seed: 1069, cellCount: 1069, box: [115.74, 28.255, 116.26, 28.945], subdivisions: 8 }).grids;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await benchLocate(standInGrids());
  for (const figure of figures) console.log(JSON.stringify(figure));
}
