// Web benchmarks: the dashboard's first complete render in headless Chromium (software WebGL)
// against a bare MapLibre page showing the same grids, and the gzipped size of the production
// JavaScript. The web app is built afresh into a temporary directory; the county gets extra
// problems so that at least 10,000 points are on the map.
// Standalone: `node --import tsx bench/web.ts` builds the county first.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import type { Dataset } from '../server/model.ts';
import { generateSeedIssues } from '../server/synth/issues.ts';
import { launchBrowser, openWatchedPage } from '../test/e2e/browser.ts';
import { LOOPBACK, seedTemporaryDatabase, startServer } from '../test/e2e/server.ts';
import { isMain, median, note, printFigures, roundMs, roundRatio, type BenchFigure } from './figures.ts';

const REPOSITORY = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const JS_GZIP_TARGET_BYTES = 1_500_000;
const FIRST_RENDER_TARGET_RATIO = 1.5;
const MIN_POINTS = 10_000;
const VIEWPORT = { width: 1440, height: 900 };
const LOAD_TIMEOUT_MS = 180_000;

export interface BenchWebOptions {
  /** Measured loads of each page, after one unmeasured warm-up each (default 3). */
  loads?: number;
  /** Problems added to the dataset's own (default 12,000, mostly open). */
  extraIssues?: number;
}

export async function benchWeb(dataset: Dataset, options: BenchWebOptions = {}): Promise<BenchFigure[]> {
  const loads = Math.max(3, options.loads ?? 3);
  const directory = mkdtempSync(join(tmpdir(), 'gridmap-bench-web-'));
  let browser: Browser | null = null;
  const cleanups: (() => Promise<void>)[] = [];
  try {
    const webRoot = join(directory, 'web');
    note('  web: building the web app');
    await buildWebApp(webRoot);
    const figures = javascriptFigures(join(webRoot, 'assets'));

    note('  web: seeding a temporary database with extra problems');
    const database = await seedTemporaryDatabase(withExtraIssues(dataset, options.extraIssues ?? 12_000));
    cleanups.push(() => database.dispose());
    const ours = await startServer(database.store, webRoot);
    cleanups.push(() => ours.stop());
    const bare = await startBareServer(ours.port);
    cleanups.push(() => new Promise((done) => bare.server.close(() => done())));

    browser = await launchBrowser();
    const measure = async (kind: 'ours' | 'bare') => {
      const origin = kind === 'ours' ? ours.origin : bare.origin;
      return firstRenderMs(browser!, origin, kind === 'ours' ? ourReadyScript(MIN_POINTS) : null);
    };
    note('  web: warm-up loads (not counted)');
    await measure('ours');
    await measure('bare');
    const oursMs: number[] = [];
    const bareMs: number[] = [];
    for (let round = 0; round < loads; round++) {
      // Who goes first alternates, so neither page always loads on a machine just busied by the other.
      const order: ('ours' | 'bare')[] = round % 2 === 0 ? ['ours', 'bare'] : ['bare', 'ours'];
      for (const kind of order) (kind === 'ours' ? oursMs : bareMs).push(await measure(kind));
      note(`  web: round ${round + 1}: ours ${roundMs(oursMs[round])} ms, bare ${roundMs(bareMs[round])} ms`);
    }
    const oursMedian = median(oursMs);
    const bareMedian = median(bareMs);
    const ratio = oursMedian / bareMedian;
    figures.unshift({
      name: 'web.first_render',
      value: roundMs(oursMedian),
      unit: 'ms',
      baseline: roundMs(bareMedian),
      ratio: roundRatio(ratio),
      note:
        `navigation start to map idle with all ${dataset.grids.length} grids and >= ${MIN_POINTS} problem points ` +
        `(dashboard at ${VIEWPORT.width}x${VIEWPORT.height}, headless Chromium, software WebGL), median of ${loads} loads ` +
        `in fresh browser contexts after a warm-up (ours ${spread(oursMs)}, bare ${spread(bareMs)}); baseline: a bare ` +
        `MapLibre page drawing the same /api/grids as fill+line; ratio = ours / bare, target <= ${FIRST_RENDER_TARGET_RATIO} ` +
        `(${ratio <= FIRST_RENDER_TARGET_RATIO ? 'met' : 'missed'})`,
    });
    return figures;
  } finally {
    await browser?.close();
    for (const cleanup of cleanups.reverse()) await cleanup();
    rmSync(directory, { recursive: true, force: true });
  }
}

async function buildWebApp(outDir: string): Promise<void> {
  const { build } = await import('vite');
  await build({
    configFile: join(REPOSITORY, 'vite.config.ts'),
    root: join(REPOSITORY, 'web'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
}

/** Gzip (level 9) bytes of every script the browser may load: the chunks and the map worker. */
function javascriptFigures(assets: string): BenchFigure[] {
  const scripts = readdirSync(assets).filter((name) => /\.m?js$/.test(name)).sort();
  const chunks = scripts.map((name) => {
    const bytes = readFileSync(join(assets, name));
    return { name, raw: bytes.byteLength, gzip: gzipSync(bytes, { level: 9 }).byteLength };
  });
  const total = chunks.reduce((sum, chunk) => sum + chunk.gzip, 0);
  return [
    {
      name: 'web.js_gzip_total',
      value: total,
      unit: 'bytes',
      note: `${chunks.length} scripts in dist/web/assets (*.js, *.mjs), gzip level 9; target < ${JS_GZIP_TARGET_BYTES} bytes (${total < JS_GZIP_TARGET_BYTES ? 'met' : 'missed'})`,
    },
    ...chunks.map((chunk) => ({
      name: `web.js_gzip.${chunkName(chunk.name)}`,
      value: chunk.gzip,
      unit: 'bytes',
      note: `${chunk.name}, ${chunk.raw} bytes before gzip`,
    })),
  ];
}

/** 'maplibre-BOD76O9D.js' → 'maplibre': names without the content hash stay comparable between runs. */
function chunkName(fileName: string): string {
  return fileName.replace(/\.m?js$/, '').replace(/-[\w-]{8}$/, '');
}

/** The dataset with extra problems in its grids, most of them open. */
function withExtraIssues(dataset: Dataset, count: number): Dataset {
  // Reported over the same weeks as the dataset's own problems.
  const latest = dataset.issues.reduce((newest, issue) => Math.max(newest, Date.parse(issue.reportedAt)), 0);
  const now = new Date(latest > 0 ? latest + 60_000 : Date.now());
  const extra = generateSeedIssues({ grids: dataset.grids, count, closed: Math.floor(count / 6), now, seed: 4242 });
  return { ...dataset, issues: [...dataset.issues, ...extra] };
}

/**
 * Marks the moment the dashboard's map last reported itself idle with its data and enough points:
 * `window.__firstRenderAt`, in ms since navigation start; cleared whenever the map turns busy again.
 */
function ourReadyScript(minPoints: number): string {
  return `(() => {
    let hook;
    let wasReady = false;
    Object.defineProperty(window, '__gridmap', {
      configurable: true,
      get: () => hook,
      set: (value) => {
        hook = value;
        const ready = Boolean(value && value.idle && value.view && value.view.points >= ${minPoints});
        if (ready && !wasReady) window.__firstRenderAt = performance.now();
        if (!ready) window.__firstRenderAt = undefined;
        wasReady = ready;
      },
    });
  })();`;
}

/** Polls 200 ms apart for which the mark must stay unchanged: a busy page can withdraw an early one. */
const STEADY_POLLS = 10;

async function firstRenderMs(browser: Browser, origin: string, initScript: string | null): Promise<number> {
  const watched = await openWatchedPage(browser, origin, VIEWPORT);
  try {
    if (initScript) await watched.context.addInitScript({ content: initScript });
    await watched.page.goto(`${origin}/`);
    await watched.page.waitForFunction(
      `(() => {
        const mark = window.__firstRenderAt;
        if (mark === undefined || mark !== window.__lastMark) {
          window.__lastMark = mark;
          window.__steadyPolls = 0;
          return false;
        }
        return ++window.__steadyPolls >= ${STEADY_POLLS};
      })()`,
      undefined,
      { timeout: LOAD_TIMEOUT_MS, polling: 200 },
    );
    const ms = (await watched.page.evaluate('window.__firstRenderAt')) as number;
    if (watched.problems.length > 0) note(`  web: problems on ${origin}: ${watched.problems.join('; ')}`);
    return ms;
  } finally {
    await watched.close();
  }
}

const BARE_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>bare</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="/maplibre-gl.css">
<style>html, body, #map { margin: 0; width: 100%; height: 100%; }</style></head>
<body><div id="map"></div>
<script type="module">
import * as maplibregl from '/maplibre-gl.mjs';
maplibregl.setWorkerUrl('/maplibre-gl-worker.mjs');
const grids = fetch('/api/grids').then((response) => response.json());
const map = new maplibregl.Map({
  container: 'map',
  style: { version: 8, sources: {}, layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#0b1220' } }] },
  bounds: [115.75, 28.3, 116.4, 28.8],
  fitBoundsOptions: { padding: 20 },
  attributionControl: false,
});
map.on('load', async () => {
  map.addSource('grids', { type: 'geojson', data: await grids });
  map.addLayer({ id: 'grids-fill', type: 'fill', source: 'grids', paint: { 'fill-color': '#3b5bdb', 'fill-opacity': 0.45 } });
  map.addLayer({ id: 'grids-line', type: 'line', source: 'grids', paint: { 'line-color': '#9fb4ff', 'line-width': 0.8 } });
  map.on('idle', () => {
    if (window.__firstRenderAt === undefined && map.isSourceLoaded('grids')) window.__firstRenderAt = performance.now();
  });
});
</script></body></html>`;

interface BareServer {
  server: Server;
  origin: string;
}

/**
 * The baseline's server: the bare page, MapLibre's production files from node_modules (uncompressed,
 * like our static files) and our /api/grids bytes and headers, fetched once.
 */
async function startBareServer(ourPort: number): Promise<BareServer> {
  const grids = await rawGet(ourPort, '/api/grids', { 'Accept-Encoding': 'gzip' });
  const maplibre = join(REPOSITORY, 'node_modules/maplibre-gl/dist');
  const files: Record<string, { type: string; body: Buffer }> = {
    '/': { type: 'text/html; charset=utf-8', body: Buffer.from(BARE_PAGE) },
    '/maplibre-gl.mjs': { type: 'text/javascript', body: readFileSync(join(maplibre, 'maplibre-gl.mjs')) },
    '/maplibre-gl-worker.mjs': { type: 'text/javascript', body: readFileSync(join(maplibre, 'maplibre-gl-worker.mjs')) },
    '/maplibre-gl.css': { type: 'text/css', body: readFileSync(join(maplibre, 'maplibre-gl.css')) },
  };
  const server = createServer((incoming, response) => {
    const path = (incoming.url ?? '/').split('?')[0];
    if (path === '/api/grids') {
      response.writeHead(200, grids.headers);
      response.end(grids.body);
      return;
    }
    const file = files[path];
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': file.type, 'Content-Length': file.body.byteLength, 'Cache-Control': 'no-cache' });
    response.end(file.body);
  });
  await new Promise<void>((done) => server.listen(0, LOOPBACK, done));
  return { server, origin: `http://${LOOPBACK}:${(server.address() as AddressInfo).port}` };
}

/** One GET with the body left as sent (fetch would undo the gzip); transport headers dropped. */
function rawGet(port: number, path: string, headers: Record<string, string>): Promise<{ headers: Record<string, string>; body: Buffer }> {
  const transport = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);
  return new Promise((done, fail) => {
    const outgoing = request({ host: LOOPBACK, port, path, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        if (response.statusCode !== 200) return fail(new Error(`benchWeb: ${path} answered ${response.statusCode}`));
        const kept: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined && !transport.has(name)) kept[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        done({ headers: kept, body: Buffer.concat(chunks) });
      });
      response.on('error', fail);
    });
    outgoing.on('error', fail);
    outgoing.end();
  });
}

function spread(values: number[]): string {
  return `${roundMs(Math.min(...values))}–${roundMs(Math.max(...values))} ms`;
}

if (isMain(import.meta.url)) {
  const { buildNanchangDataset } = await import('../server/build/nanchang-dataset.ts');
  note('building the county');
  const { dataset } = buildNanchangDataset();
  printFigures(await benchWeb(dataset));
}
