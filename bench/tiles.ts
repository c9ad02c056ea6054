// Vector tile benchmark: latency of MVT tiles over a realistic zoom 10–15 tile set (the tiles under
// the county's grids, blocks, problems and streets) against the naive way of showing grids, which
// downloads the whole grids GeoJSON. Both are served by the same app on loopback in this process
// and loaded by autocannon in turn; cold tiles (first request, encoded on the spot) are timed one by
// one. Standalone: `node --import tsx bench/tiles.ts` builds the county first.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Dataset } from '../server/model.ts';
import { createApp } from '../server/http/app.ts';
import { startServer } from '../server/http/serve.ts';
import { buildLocator } from '../server/geo/locate.ts';
import { openSqliteStore } from '../server/store/sqlite/sqliteStore.ts';
import { tileOf } from '../server/tiles/coordinates.ts';
import { TILE_LAYERS, type TileLayerId } from '../server/tiles/layers.ts';
import { isMain, note, printFigures, roundRatio, type BenchFigure } from './figures.ts';

import { autocannon, type AutocannonResult } from './autocannon.ts';

const LOOPBACK = '127.0.0.1';
const ZOOMS = [10, 11, 12, 13, 14, 15];
const TILES_PER_LAYER_AND_ZOOM = 60;
const LAYERS: Array<{ layer: TileLayerId; minzoom: number }> = (['grids', 'blocks', 'issues', 'streets'] as const).map((layer) => ({
  layer,
  minzoom: TILE_LAYERS[layer].minzoom,
}));

export interface BenchTilesOptions {
  /** Seconds of autocannon load per run (default 5). */
  seconds?: number;
  connections?: number;
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
}

/** Tiles people look at: those under the grids, spread over the county by striding through them. */
function tileSet(dataset: Dataset): string[] {
  const paths: string[] = [];
  for (const { layer, minzoom } of LAYERS) {
    for (const z of ZOOMS.filter((zoom) => zoom >= minzoom)) {
      const seen = new Set<string>();
      const stride = Math.max(1, Math.floor(dataset.grids.length / (TILES_PER_LAYER_AND_ZOOM * 3)));
      for (let index = 0; index < dataset.grids.length && seen.size < TILES_PER_LAYER_AND_ZOOM; index += stride) {
        const ring = dataset.grids[index].polygon[0];
        const [lon, lat] = ring[Math.floor(ring.length / 2)];
        const { x, y } = tileOf(lon, lat, z);
        seen.add(`${z}/${x}/${y}`);
      }
      for (const address of seen) paths.push(`/tiles/${layer}/${address}.mvt`);
    }
  }
  return paths;
}

async function timeGet(origin: string, path: string): Promise<{ ms: number; status: number; bytes: number }> {
  const started = performance.now();
  const response = await fetch(origin + path, { headers: { 'Accept-Encoding': 'gzip' } });
  const body = await response.arrayBuffer();
  return { ms: performance.now() - started, status: response.status, bytes: body.byteLength };
}

export async function benchTiles(dataset: Dataset, options: BenchTilesOptions = {}): Promise<BenchFigure[]> {
  const seconds = options.seconds ?? 5;
  const connections = options.connections ?? 10;
  note('  tiles: seeding an in-memory database');
  const store = openSqliteStore(':memory:');
  store.seedDataset(dataset);
  const locator = buildLocator(store.listGrids() ?? []);
  const app = createApp({ store, locator, logError: (error) => console.error(error) });
  const server = await new Promise<Server>((done) => {
    const started = startServer(app, { port: 0, hostname: LOOPBACK }, () => done(started));
  });
  const origin = `http://${LOOPBACK}:${(server.address() as AddressInfo).port}`;
  try {
    const figures: BenchFigure[] = [];
    for (const { layer } of LAYERS) {
      const { ms, status } = await timeGet(origin, `/tiles/${layer}.json`);
      if (status !== 200) throw new Error(`benchTiles: /tiles/${layer}.json answered ${status}`);
      figures.push({ name: `tiles.index.${layer}`, value: Math.round(ms), unit: 'ms', note: 'first TileJSON request: reads the layer and builds its tile index' });
    }

    const paths = tileSet(dataset);
    note(`  tiles: ${paths.length} tiles at zooms ${ZOOMS[0]}–${ZOOMS.at(-1)}, first requests`);
    const cold: number[] = [];
    let tileBytes = 0, filled = 0;
    for (const path of paths) {
      const { ms, status, bytes } = await timeGet(origin, path);
      if (status !== 200 && status !== 204) throw new Error(`benchTiles: ${path} answered ${status}`);
      cold.push(ms);
      if (status === 200) {
        tileBytes += bytes;
        filled++;
      }
    }
    cold.sort((a, b) => a - b);

    const grids = await timeGet(origin, '/api/grids');
    // Warm-up outside the sample, as the tiles' first requests had their layer indexes built already.
    for (let round = 0; round < 5; round++) await timeGet(origin, '/api/grids');
    const naive: number[] = [];
    for (let round = 0; round < 100; round++) naive.push((await timeGet(origin, '/api/grids')).ms);
    naive.sort((a, b) => a - b);
    const coldP50 = percentile(cold, 0.5), coldP99 = percentile(cold, 0.99);
    const naiveP50 = percentile(naive, 0.5), naiveP99 = percentile(naive, 0.99);
    figures.push(
      { name: 'tiles.cold.p50', value: Math.round(coldP50 * 10) / 10, unit: 'ms', baseline: Math.round(naiveP50 * 10) / 10, ratio: roundRatio(naiveP50 / coldP50), note: `${paths.length} first tile requests one at a time (encoded on the spot); baseline: the full grids GeoJSON (gzip, cached), one at a time` },
      { name: 'tiles.cold.p99', value: Math.round(coldP99 * 10) / 10, unit: 'ms', baseline: Math.round(naiveP99 * 10) / 10, ratio: roundRatio(naiveP99 / coldP99) },
      { name: 'tiles.bytes.mean', value: Math.round(tileBytes / Math.max(1, filled)), unit: 'bytes', baseline: grids.bytes, ratio: roundRatio(grids.bytes / Math.max(1, tileBytes / Math.max(1, filled))), note: `${filled} non-empty tiles, gzip; baseline: the full grids GeoJSON, gzip` },
    );

    note(`  tiles: autocannon ${connections} connections × ${seconds} s on the tile set, then on /api/grids`);
    const headers = { 'Accept-Encoding': 'gzip' };
    const tiles = await autocannon({ url: origin, connections, duration: seconds, requests: paths.map((path) => ({ method: 'GET', path, headers })) });
    const full = await autocannon({ url: `${origin}/api/grids`, connections, duration: seconds, headers });
    if (tiles.errors > 0 || full.errors > 0) throw new Error(`benchTiles: autocannon saw ${tiles.errors + full.errors} errors`);
    figures.push(
      { name: 'tiles.load.p50', value: tiles.latency.p50, unit: 'ms', baseline: full.latency.p50, ratio: roundRatio(full.latency.p50 / Math.max(tiles.latency.p50, 0.5)), note: `autocannon ${connections} connections, ${seconds} s, server and load in one process, latencies in whole ms; baseline: the full grids GeoJSON under the same load` },
      { name: 'tiles.load.p99', value: tiles.latency.p99, unit: 'ms', baseline: full.latency.p99, ratio: roundRatio(full.latency.p99 / Math.max(tiles.latency.p99, 0.5)), note: 'target < 50 ms' },
      { name: 'tiles.load.requests_per_s', value: Math.round(tiles.requests.average), unit: 'req/s', baseline: Math.round(full.requests.average), ratio: roundRatio(tiles.requests.average / Math.max(1, full.requests.average)) },
    );
    return figures;
  } finally {
    await new Promise<void>((done) => {
      server.close(() => done());
      server.closeAllConnections();
    });
    store.close();
  }
}

if (isMain(import.meta.url)) {
  const { buildNanchangDataset } = await import('../server/build/nanchang-dataset.ts');
  const { stderrProgress } = await import('../server/build/progress.ts');
  const { dataset } = buildNanchangDataset({ now: new Date('2024-06-01T00:00:00Z'), onProgress: stderrProgress('  build ') });
  printFigures(await benchTiles(dataset));
}
