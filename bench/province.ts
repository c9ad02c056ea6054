// Province-scale benchmark (`npm run bench -- province`): the synthetic province (100 counties,
// 100,000 grids, 5,000,000 problems by default; PROVINCE_DB or PROVINCE_* to change) served by the
// real server in a child process. Figures: build time and database size (from the generator's
// summary), server memory after warm-up and after load, vector tile p50/p99 under autocannon per
// layer over real tile addresses at z8–z15 against the same areas' full GeoJSON, the province-wide
// GeoJSON, province and county figures queries against a full scan, and point location over
// every grid against the naive methods of the county benchmark.
import Database from 'better-sqlite3';
import type { Polygon } from 'geojson';
import { tileOf } from '../server/tiles/coordinates.ts';
import type { LocatorGrid } from '../server/geo/locate.ts';
import { benchLocate } from './locate.ts';
import { isMain, median, note, printFigures, roundMs, roundRatio, type BenchFigure } from './figures.ts';
import { databaseBytes, memoryOf, provinceDatabase, startServer, timeGet, type RunningServer } from './province-server.ts';

import { autocannon, type AutocannonResult } from './autocannon.ts';

const TILE_LAYERS = ['grids', 'issues', 'issue-cells', 'blocks'] as const;
const ZOOM_RANGE = [8, 15] as const;
const TILES_PER_ZOOM = 30;
const SAMPLE_POINTS = 400;
const GIB = 2 ** 30;

export interface BenchProvinceOptions {
  /** Seconds of autocannon load per run (default PROVINCE_BENCH_SECONDS, else 5). */
  seconds?: number;
  connections?: number;
}

interface Sample {
  lon: number;
  lat: number;
  townshipCode: string;
}

/** Positions spread over the province: a point of every n-th current grid, with its township. */
function samplePositions(db: Database.Database): Sample[] {
  const total = (db.prepare('SELECT count(*) AS n FROM grids WHERE valid_to_version IS NULL').get() as { n: number }).n;
  const stride = Math.max(1, Math.floor(total / SAMPLE_POINTS));
  const rows = db.prepare('SELECT township_code, geometry FROM grids WHERE valid_to_version IS NULL ORDER BY code').iterate() as Iterable<{ township_code: string; geometry: string }>;
  const samples: Sample[] = [];
  let index = 0;
  for (const row of rows) {
    if (index++ % stride !== 0) continue;
    const ring = (JSON.parse(row.geometry) as Polygon).coordinates[0];
    const [lon, lat] = ring[Math.floor(ring.length / 2)];
    samples.push({ lon, lat, townshipCode: row.township_code });
  }
  return samples;
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
}

function tilePaths(layer: string, minzoom: number, maxzoom: number, samples: readonly Sample[]): string[] {
  const paths: string[] = [];
  for (let z = Math.max(ZOOM_RANGE[0], minzoom); z <= Math.min(ZOOM_RANGE[1], maxzoom); z++) {
    const seen = new Set<string>();
    for (let i = 0; i < samples.length && seen.size < TILES_PER_ZOOM; i += Math.max(1, Math.floor(samples.length / TILES_PER_ZOOM))) {
      const { x, y } = tileOf(samples[i].lon, samples[i].lat, z);
      seen.add(`${z}/${x}/${y}`);
    }
    for (const address of seen) paths.push(`/tiles/${layer}/${address}.mvt`);
  }
  return paths;
}

async function load(origin: string, paths: string[], connections: number, seconds: number): Promise<AutocannonResult> {
  const headers = { 'Accept-Encoding': 'gzip' };
  const result = await autocannon({ url: origin, connections, duration: seconds, requests: paths.map((path) => ({ method: 'GET', path, headers })) });
  if (result.errors > 0) throw new Error(`benchProvince: autocannon saw ${result.errors} errors on ${paths[0]} …`);
  return result;
}

function memoryFigures(server: RunningServer, when: string): BenchFigure[] {
  const memory = memoryOf(server.pid);
  if (!memory) return [{ name: `province.server.rss_${when}`, value: 0, unit: 'GiB', skipped: true, note: 'no /proc on this machine' }];
  const gib = (bytes: number) => Math.round((bytes / GIB) * 100) / 100;
  return [
    { name: `province.server.rss_${when}`, value: gib(memory.rss), unit: 'GiB', note: 'VmRSS of the server process; target < 4 GiB' },
    { name: `province.server.peak_rss_${when}`, value: gib(memory.peak), unit: 'GiB', note: `VmHWM; target < 4 GiB (${memory.peak < 4 * GIB ? 'met' : 'missed'})` },
  ];
}

interface Baseline {
  p50: number;
  p99: number;
  what: string;
}

/**
 * The naive way to draw the layer without tiles: every client fetches the whole layer as GeoJSON
 * (here the province's grids), under the same autocannon load as the tiles.
 */
async function fullGeoJsonBaseline(server: RunningServer, connections: number, seconds: number): Promise<{ baseline: Baseline; figures: BenchFigure[] }> {
  const first = await timeGet(server.origin, '/api/grids');
  const loaded = await load(server.origin, ['/api/grids'], connections, seconds);
  return {
    baseline: { p50: loaded.latency.p50, p99: loaded.latency.p99, what: `whole-province /api/grids (${first.bytes} bytes gzip) under the same load` },
    figures: [
      { name: 'province.grids_geojson.first', value: Math.round(first.ms), unit: 'ms', note: `GET /api/grids for the whole province, ${first.bytes} bytes gzip, built on first request` },
      { name: 'province.grids_geojson.p50', value: loaded.latency.p50, unit: 'ms', note: `autocannon ${connections} connections ${seconds} s, answered from the cache; ${loaded.requests.total} requests` },
      { name: 'province.grids_geojson.p99', value: loaded.latency.p99, unit: 'ms', note: 'the naive baseline of the tile figures' },
    ],
  };
}

async function tileFigures(server: RunningServer, samples: Sample[], connections: number, seconds: number, baseline: Baseline): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  for (const layer of TILE_LAYERS) {
    const tilejson = await timeGet(server.origin, `/tiles/${layer}.json`);
    // A layer this server does not offer (404), or one that fails, is reported as skipped.
    if (tilejson.status !== 200) {
      figures.push({ name: `province.tiles.${layer}.p99`, value: 0, unit: 'ms', skipped: true, note: `/tiles/${layer}.json answered ${tilejson.status}` });
      continue;
    }
    const { minzoom, maxzoom, featureCount } = JSON.parse(tilejson.body.toString('utf8')) as { minzoom: number; maxzoom: number; featureCount?: number };
    figures.push({ name: `province.tiles.${layer}.index`, value: Math.round(tilejson.ms), unit: 'ms', note: `first TileJSON request (${featureCount ?? '?'} features)` });
    const paths = tilePaths(layer, minzoom, maxzoom, samples);
    const cold: number[] = [];
    for (const path of paths) {
      const answer = await timeGet(server.origin, path);
      if (answer.status !== 200 && answer.status !== 204) throw new Error(`benchProvince: ${path} answered ${answer.status}`);
      cold.push(answer.ms);
    }
    cold.sort((a, b) => a - b);
    note(`  province: ${layer}: ${paths.length} tiles at z${Math.max(ZOOM_RANGE[0], minzoom)}–${Math.min(ZOOM_RANGE[1], maxzoom)}, autocannon ${connections} × ${seconds} s`);
    const warm = await load(server.origin, paths, connections, seconds);
    const zooms = `${paths.length} tiles z${Math.max(ZOOM_RANGE[0], minzoom)}–${Math.min(ZOOM_RANGE[1], maxzoom)}`;
    figures.push(
      { name: `province.tiles.${layer}.cold_p99`, value: roundMs(percentile(cold, 0.99)), unit: 'ms', note: `${zooms}, first requests one at a time; p50 ${roundMs(percentile(cold, 0.5))} ms` },
      { name: `province.tiles.${layer}.p50`, value: warm.latency.p50, unit: 'ms', baseline: baseline.p50, ratio: roundRatio(baseline.p50 / Math.max(0.5, warm.latency.p50)), note: `${zooms}, autocannon ${connections} connections ${seconds} s; baseline: ${baseline.what}` },
      { name: `province.tiles.${layer}.p99`, value: warm.latency.p99, unit: 'ms', baseline: baseline.p99, ratio: roundRatio(baseline.p99 / Math.max(0.5, warm.latency.p99)), note: `target < 50 ms (${warm.latency.p99 < 50 ? 'met' : 'missed'})` },
    );
  }
  return figures;
}

/** The naive figures: one scan over every problem, grouped by county (what a query without rollups does). */
function scanBaselines(db: Database.Database, countyCode: string): { provinceMs: number; countyMs: number } {
  const sums = `count(*), sum(status = 'closed'), sum(status = 'open' AND tier = 'red'), sum(status = 'open' AND tier = 'orange'),
    sum(status = 'open' AND tier = 'yellow'), sum(satisfaction IN ('satisfied', 'basically_satisfied'))`;
  const province = db.prepare(`SELECT substr(township_code, 1, 6) AS county, ${sums} FROM issues GROUP BY county`);
  const county = db.prepare(`SELECT township_code, ${sums} FROM issues WHERE township_code >= ? AND township_code <= ? GROUP BY township_code`);
  const time = (work: () => unknown) => {
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      work();
      runs.push(performance.now() - started);
    }
    return median(runs);
  };
  return { provinceMs: time(() => province.all()), countyMs: time(() => county.all(`${countyCode}000`, `${countyCode}999`)) };
}

async function figuresQueries(server: RunningServer, db: Database.Database, countyCode: string): Promise<BenchFigure[]> {
  const timeMedian = async (path: string) => {
    const first = await timeGet(server.origin, path);
    if (first.status !== 200) throw new Error(`benchProvince: ${path} answered ${first.status}`);
    const runs: number[] = [];
    for (let i = 0; i < 20; i++) runs.push((await timeGet(server.origin, path)).ms);
    return { first: first.ms, median: median(runs) };
  };
  const province = await timeMedian('/api/stats?level=province');
  const county = await timeMedian(`/api/stats?level=county&code=${countyCode}`);
  const scan = scanBaselines(db, countyCode);
  return [
    { name: 'province.stats.province', value: roundMs(province.median), unit: 'ms', baseline: roundMs(scan.provinceMs), ratio: roundRatio(scan.provinceMs / province.median), note: `GET /api/stats?level=province, median of 20 (first ${roundMs(province.first)} ms); baseline: one scan of every problem grouped by county; target < 200 ms (${province.median < 200 ? 'met' : 'missed'})` },
    { name: 'province.stats.county', value: roundMs(county.median), unit: 'ms', baseline: roundMs(scan.countyMs), ratio: roundRatio(scan.countyMs / county.median), note: `GET /api/stats?level=county&code=${countyCode}, median of 20 (first ${roundMs(county.first)} ms); baseline: a scan of the county's problems grouped by township` },
  ];
}

/** A part that fails (an endpoint answering 500, say) is reported as skipped and the rest still runs. */
async function measured(name: string, work: () => Promise<BenchFigure[]>): Promise<BenchFigure[]> {
  try {
    return await work();
  } catch (error) {
    const cause = (error as Error).cause ? ` (${String((error as Error).cause)})` : '';
    note(`  province: ${name} failed: ${(error as Error).message}${cause}`);
    return [{ name, value: 0, unit: 'ms', skipped: true, note: `failed: ${(error as Error).message}${cause}` }];
  }
}

function provinceGrids(db: Database.Database): LocatorGrid[] {
  const rows = db.prepare('SELECT code, geometry FROM grids WHERE valid_to_version IS NULL ORDER BY code').all() as Array<{ code: string; geometry: string }>;
  return rows.map((row) => ({ code: row.code, polygon: (JSON.parse(row.geometry) as Polygon).coordinates as LocatorGrid['polygon'] }));
}

/** Prints each group of figures as soon as it is measured (a long run keeps what it measured). */
export async function benchProvince(options: BenchProvinceOptions = {}, emit: (figures: BenchFigure[]) => void = printFigures): Promise<void> {
  const seconds = options.seconds ?? (Number(process.env.PROVINCE_BENCH_SECONDS) || 5);
  const connections = options.connections ?? 10;
  const { path, summary } = await provinceDatabase();
  const figures: BenchFigure[] = [];
  if (summary) {
    figures.push({
      name: 'province.build', value: Number(summary.seconds), unit: 's',
      note: `generate-province: ${summary.counties} counties, ${summary.grids} grids, ${summary.blocks} blocks, ${summary.problems} problems, ` +
        `${summary.ledgerEntries} ledger entries, ${summary.workers} workers; seeding ${summary.seedRowsPerSecond} rows/s; peak RSS ${((Number(summary.peakRssBytes) || 0) / GIB).toFixed(2)} GiB`,
    });
  } else {
    figures.push({ name: 'province.build', value: 0, unit: 's', skipped: true, note: `no generator summary beside ${path}` });
  }
  figures.push({ name: 'province.database_bytes', value: databaseBytes(path), unit: 'bytes' });
  emit(figures.splice(0));

  const db = new Database(path, { readonly: true, fileMustExist: true });
  const counties = db.prepare('SELECT code FROM counties ORDER BY code').all() as Array<{ code: string }>;
  const samples = samplePositions(db);
  note(`  province: ${counties.length} counties; starting the server on ${path}`);
  const server = await startServer(path);
  try {
    figures.push({ name: 'province.server.start', value: Math.round(server.startMs), unit: 'ms', note: 'node server/main.ts until it serves (grids read, point locator built)' });
    // The server reads every county's problems and the basemap lines ahead, in the background.
    const warmMs = await Promise.race([server.warmed, new Promise<null>((resolve) => setTimeout(() => resolve(null), 15 * 60_000))]);
    figures.push(warmMs === null
      ? { name: 'province.server.tiles_read_ahead', value: 0, unit: 'ms', skipped: true, note: 'no read-ahead report within 15 min' }
      : { name: 'province.server.tiles_read_ahead', value: Math.round(warmMs), unit: 'ms', note: 'from start until every county\u2019s problems and the street/water lines are in the tile caches (served meanwhile)' });
    for (const warmUp of ['/api/province', '/api/counties', '/api/townships', '/api/stats?level=province']) await timeGet(server.origin, warmUp);
    figures.push(...memoryFigures(server, 'after_warmup'));
    emit(figures.splice(0));

    emit(await measured('province.stats', () => figuresQueries(server, db, counties[0].code)));
    const tiles = await measured('province.tiles', async () => {
      // Tiles first (the product's path), then the naive whole-layer GeoJSON, so memory is seen apart.
      const placeholder: Baseline = { p50: Number.NaN, p99: Number.NaN, what: '' };
      const measuredTiles = await tileFigures(server, samples, connections, seconds, placeholder);
      const afterTiles = memoryFigures(server, 'after_tiles');
      const naive = await fullGeoJsonBaseline(server, connections, seconds);
      const withBaseline = measuredTiles.map((figure) => {
        if (figure.baseline === undefined || figure.skipped) return figure;
        const base = figure.name.endsWith('.p50') ? naive.baseline.p50 : naive.baseline.p99;
        return { ...figure, baseline: base, ratio: roundRatio(base / Math.max(0.5, figure.value)), note: figure.note?.replace('baseline: ', `baseline: ${naive.baseline.what}`) };
      });
      return [...withBaseline, ...afterTiles, ...naive.figures, ...memoryFigures(server, 'after_full_geojson')];
    });
    emit(tiles);
  } finally {
    await server.stop();
  }

  note('  province: point location over every grid');
  const grids = provinceGrids(db);
  const located = await benchLocate(grids, { naiveSample: 40, bboxSample: 20_000, runs: 3 });
  const method = `${grids.length} grids; naive turf over every grid timed on 40 points, turf behind a bbox index on 20,000, both extrapolated`;
  emit(located.map((figure) => ({ ...figure, name: `province.${figure.name}`, note: figure.baseline === undefined ? `${grids.length} grids` : method })));
  db.close();
}

if (isMain(import.meta.url)) await benchProvince();
