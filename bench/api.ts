// API benchmark: the county's grids FeatureCollection as served by our app (SQLite store, cached
// gzip bytes) against a bare node:http server answering every request with the same bytes and
// headers. Each server runs in its own child process started the same way; wrk loads each in turn.
// Standalone: `node --import tsx bench/api.ts` builds the county first.
// Child modes (used by the benchmark itself): `--serve-app <database>`, `--serve-bare <body> <headers.json>`.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { Dataset } from '../server/model.ts';
import { isMain, median, note, printFigures, roundRatio, type BenchFigure } from './figures.ts';

const LOOPBACK = '127.0.0.1';
const GZIP_TARGET_BYTES = 1_500_000;
/** Headers node:http adds by itself on both servers; everything else is copied from ours. */
const TRANSPORT_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

export interface BenchApiOptions {
  /** Load per wrk run in seconds (default 5). */
  seconds?: number;
  /** Alternating rounds per server; the median counts (default 3). */
  rounds?: number;
  connections?: number;
}

interface Fetched {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export async function benchApi(dataset: Dataset, options: BenchApiOptions = {}): Promise<BenchFigure[]> {
  const seconds = options.seconds ?? 5;
  const rounds = Math.max(1, options.rounds ?? 3);
  const connections = options.connections ?? 32;
  const directory = mkdtempSync(join(tmpdir(), 'gridmap-bench-'));
  const children: ChildProcess[] = [];
  try {
    const databasePath = join(directory, 'bench.db');
    note('  api: seeding a temporary database');
    const { openSqliteStore } = await import('../server/store/sqlite/sqliteStore.ts');
    const store = openSqliteStore(databasePath);
    try {
      store.seedDataset(dataset);
    } finally {
      store.close();
    }

    const ours = await startServer(['--serve-app', databasePath], children);
    const zipped = await fetchRaw(ours, '/api/grids', { 'Accept-Encoding': 'gzip' });
    const identity = await fetchRaw(ours, '/api/grids', {});
    if (zipped.status !== 200 || zipped.headers['content-encoding'] !== 'gzip') {
      throw new Error(`benchApi: /api/grids answered ${zipped.status} with encoding ${zipped.headers['content-encoding'] ?? 'none'}`);
    }
    if (!gunzipSync(zipped.body).equals(identity.body)) throw new Error('benchApi: the gzip body does not match the identity body');
    const featureCount = (JSON.parse(identity.body.toString('utf8')) as { features: unknown[] }).features.length;

    const headers = Object.fromEntries(Object.entries(zipped.headers).filter(([name]) => !TRANSPORT_HEADERS.has(name)));
    const bodyPath = join(directory, 'grids.json.gz');
    const headersPath = join(directory, 'headers.json');
    writeFileSync(bodyPath, zipped.body);
    writeFileSync(headersPath, JSON.stringify(headers));
    const bare = await startServer(['--serve-bare', bodyPath, headersPath], children);
    const bareAnswer = await fetchRaw(bare, '/api/grids', { 'Accept-Encoding': 'gzip' });
    if (!bareAnswer.body.equals(zipped.body)) throw new Error('benchApi: the bare server does not send the same bytes');

    const figures: BenchFigure[] = [
      {
        name: 'api.grids.gzip_bytes',
        value: zipped.body.byteLength,
        unit: 'bytes',
        note: `${featureCount} grid features; target < ${GZIP_TARGET_BYTES} bytes (${zipped.body.byteLength < GZIP_TARGET_BYTES ? 'met' : 'missed'})`,
      },
      { name: 'api.grids.raw_bytes', value: identity.body.byteLength, unit: 'bytes' },
    ];

    if (!(await wrkAvailable())) {
      note('  api: wrk is not installed (apt-get install -y wrk); skipping the throughput figure');
      figures.push({ name: 'api.grids.requests_per_s', value: 0, unit: 'req/s', skipped: true, note: 'wrk not installed' });
      return figures;
    }
    const load = (port: number, duration: number) => runWrk(port, duration, connections);
    note('  api: warming up both servers');
    await load(ours, 2);
    await load(bare, 2);
    const oursRates: number[] = [];
    const bareRates: number[] = [];
    for (let round = 0; round < rounds; round++) {
      // Who goes first alternates, so neither server always runs on a machine just loaded by the other.
      if (round % 2 === 0) {
        oursRates.push(await load(ours, seconds));
        bareRates.push(await load(bare, seconds));
      } else {
        bareRates.push(await load(bare, seconds));
        oursRates.push(await load(ours, seconds));
      }
      note(`  api: round ${round + 1}: ours ${oursRates[round]} req/s, bare ${bareRates[round]} req/s`);
    }
    const oursRate = median(oursRates);
    const bareRate = median(bareRates);
    figures.push({
      name: 'api.grids.requests_per_s',
      value: oursRate,
      unit: 'req/s',
      baseline: bareRate,
      ratio: roundRatio(oursRate / bareRate),
      note:
        `wrk -t1 -c${connections} -d${seconds}s with gzip, median of ${rounds} alternating rounds ` +
        `(ours ${spread(oursRates)}, bare ${spread(bareRates)}); baseline: bare node:http ` +
        `sending the same bytes and headers; both in child processes; target ratio >= 0.9`,
    });
    return figures;
  } finally {
    for (const child of children) child.kill();
    rmSync(directory, { recursive: true, force: true });
  }
}

function spread(rates: number[]): string {
  return `${Math.min(...rates)}–${Math.max(...rates)}`;
}

/** Starts this file in a child process in the given mode; resolves with the port it listens on. */
function startServer(modeArguments: string[], children: ChildProcess[]): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...modeArguments], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error(`benchApi: server ${modeArguments[0]} did not start within 60 s`)), 60_000);
    child.once('exit', (code) => reject(new Error(`benchApi: server ${modeArguments[0]} exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timeout);
      resolve((JSON.parse(line) as { port: number }).port);
    });
  });
}

/** One GET with the body left as sent (fetch would undo the gzip). */
function fetchRaw(port: number, path: string, headers: Record<string, string>): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: LOOPBACK, port, path, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const flat: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        resolve({ status: response.statusCode ?? 0, headers: flat, body: Buffer.concat(chunks) });
      });
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

function wrkAvailable(): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn('wrk', ['--version'], { stdio: 'ignore' });
    child.on('error', () => resolve(false));
    child.on('exit', () => resolve(true));
  });
}

/** Requests per second from one wrk run; non-2xx answers or socket errors make the figure void. */
function runWrk(port: number, seconds: number, connections: number): Promise<number> {
  const url = `http://${LOOPBACK}:${port}/api/grids`;
  const wrkArguments = ['-t1', `-c${connections}`, `-d${seconds}s`, '-H', 'Accept-Encoding: gzip', url];
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', wrkArguments, { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => {
      const rate = /Requests\/sec:\s*([\d.]+)/.exec(output);
      const failure = /Non-2xx or 3xx responses|Socket errors/.exec(output);
      if (code !== 0 || !rate || failure) {
        reject(new Error(`benchApi: wrk against port ${port} failed (exit ${code}):\n${output}`));
        return;
      }
      resolve(Math.round(Number(rate[1])));
    });
  });
}

async function serveApp(databasePath: string): Promise<void> {
  const { serve } = await import('@hono/node-server');
  const { openSqliteStore } = await import('../server/store/sqlite/sqliteStore.ts');
  const { createApp } = await import('../server/http/app.ts');
  const { buildLocator } = await import('../server/geo/locate.ts');
  const store = openSqliteStore(databasePath);
  const locator = buildLocator(store.listGrids() ?? []);
  const app = createApp({ store, locator, logError: (error) => console.error(error) });
  serve({ fetch: app.fetch, port: 0, hostname: LOOPBACK }, (info) => {
    process.stdout.write(`${JSON.stringify({ port: info.port })}\n`);
  });
}

function serveBare(bodyPath: string, headersPath: string): void {
  const body = readFileSync(bodyPath);
  const headers = JSON.parse(readFileSync(headersPath, 'utf8')) as Record<string, string>;
  const server = createServer((_request, response) => {
    response.writeHead(200, headers);
    response.end(body);
  });
  server.listen(0, LOOPBACK, () => {
    process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
  });
}

if (isMain(import.meta.url)) {
  const [mode, first, second] = process.argv.slice(2);
  if (mode === '--serve-app') await serveApp(first);
  else if (mode === '--serve-bare') serveBare(first, second);
  else {
    const { buildNanchangDataset } = await import('../server/build/nanchang-dataset.ts');
    note('building the county');
    const { dataset } = buildNanchangDataset({ now: new Date('2024-06-01T00:00:00Z') });
    printFigures(await benchApi(dataset));
  }
}
