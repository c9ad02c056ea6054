// API benchmark: the county's grids FeatureCollection as served by our app (SQLite store, cached
// gzip bytes) against a bare node:http server answering every request with the same bytes and
// headers. Each server runs in its own child process started the same way; wrk loads each in turn.
// Standalone: `node --import tsx bench/api.ts` builds the county first.
// Child modes (used by the benchmark itself): `--serve-app <database>`, `--serve-bare <body> <headers.json>`.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  /** Load per wrk run in seconds (default 4). */
  seconds?: number;
  /** Alternating rounds per server; the median counts (default 7: the machine is shared and noisy). */
  rounds?: number;
  connections?: number;
}

interface Fetched {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export async function benchApi(dataset: Dataset, options: BenchApiOptions = {}): Promise<BenchFigure[]> {
  const seconds = options.seconds ?? 4;
  const rounds = Math.max(1, options.rounds ?? 7);
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

    const ours = await startChild(['--serve-app', databasePath], children);
    const zipped = await fetchRaw(ours.port, '/api/grids', { 'Accept-Encoding': 'gzip' });
    const identity = await fetchRaw(ours.port, '/api/grids', {});
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
    const bare = await startChild(['--serve-bare', bodyPath, headersPath], children);
    const bareAnswer = await fetchRaw(bare.port, '/api/grids', { 'Accept-Encoding': 'gzip' });
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
    const load = (server: Started, duration: number) => runWrk(server, duration, connections);
    note('  api: warming up both servers');
    await load(ours, 2);
    await load(bare, 2);
    const oursRuns: WrkRun[] = [];
    const bareRuns: WrkRun[] = [];
    for (let round = 0; round < rounds; round++) {
      // Who goes first alternates, so neither server always runs on a machine just loaded by the other.
      if (round % 2 === 0) {
        oursRuns.push(await load(ours, seconds));
        bareRuns.push(await load(bare, seconds));
      } else {
        bareRuns.push(await load(bare, seconds));
        oursRuns.push(await load(ours, seconds));
      }
      note(`  api: round ${round + 1}: ours ${describeRun(oursRuns[round])}, bare ${describeRun(bareRuns[round])}`);
    }
    const oursRates = oursRuns.map((run) => run.rate);
    const bareRates = bareRuns.map((run) => run.rate);
    // Each round's two runs are back to back, so their ratio is the least disturbed by load from
    // other processes drifting over the whole benchmark.
    const pairedRatios = oursRates.map((rate, round) => rate / bareRates[round]);
    figures.push({
      name: 'api.grids.requests_per_s',
      value: median(oursRates),
      unit: 'req/s',
      baseline: median(bareRates),
      ratio: roundRatio(median(pairedRatios)),
      note:
        `wrk -t1 -c${connections} -d${seconds}s with gzip, ${rounds} alternating rounds; ratio: median of the rounds' ` +
        `ours/bare ratios (${spread(pairedRatios.map(roundRatio))}); rates: medians (ours ${spread(oursRates)}, ` +
        `bare ${spread(bareRates)}); baseline: bare node:http sending the same bytes and headers; both in ` +
        `child processes; target ratio >= 0.9`,
    });
    const oursCpu = oursRuns.map((run) => run.cpuMicrosecondsPerRequest);
    const bareCpu = bareRuns.map((run) => run.cpuMicrosecondsPerRequest);
    if (oursCpu.every((value) => value !== undefined) && bareCpu.every((value) => value !== undefined)) {
      const oursMedian = median(oursCpu as number[]);
      const bareMedian = median(bareCpu as number[]);
      figures.push({
        name: 'api.grids.server_cpu_per_request',
        value: roundMicroseconds(oursMedian),
        unit: 'µs',
        baseline: roundMicroseconds(bareMedian),
        ratio: roundRatio(bareMedian / oursMedian),
        note:
          `server process CPU time (user + system, from /proc) per request during the same wrk runs, medians ` +
          `(ours ${spread((oursCpu as number[]).map(roundMicroseconds))}, bare ${spread((bareCpu as number[]).map(roundMicroseconds))}); ` +
          `less sensitive than req/s to the load generator and other processes sharing the cores`,
      });
    }
    return figures;
  } finally {
    for (const child of children) child.kill();
    rmSync(directory, { recursive: true, force: true });
  }
}

function spread(values: number[]): string {
  return `${Math.min(...values)}–${Math.max(...values)}`;
}

function roundMicroseconds(value: number): number {
  return Math.round(value * 10) / 10;
}

interface Started {
  port: number;
  pid: number | undefined;
}

interface WrkRun {
  rate: number;
  /** Undefined where /proc is not available. */
  cpuMicrosecondsPerRequest: number | undefined;
}

function describeRun(run: WrkRun): string {
  const cpu = run.cpuMicrosecondsPerRequest === undefined ? '' : ` (${roundMicroseconds(run.cpuMicrosecondsPerRequest)} µs CPU/request)`;
  return `${run.rate} req/s${cpu}`;
}

/** Linux clock ticks per second for /proc/<pid>/stat times (USER_HZ, 100 on every mainstream kernel). */
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far; undefined without /proc. */
function processCpuSeconds(pid: number | undefined): number | undefined {
  const path = `/proc/${pid}/stat`;
  if (pid === undefined || !existsSync(path)) return undefined;
  // Fields after the parenthesised command name; utime and stime are the 14th and 15th of the line.
  const stat = readFileSync(path, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** Starts this file in a child process in the given mode; resolves with the port it listens on. */
function startChild(modeArguments: string[], children: ChildProcess[]): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...modeArguments], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error(`benchApi: server ${modeArguments[0]} did not start within 60 s`)), 60_000);
    child.once('exit', (code) => reject(new Error(`benchApi: server ${modeArguments[0]} exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timeout);
      resolve({ port: (JSON.parse(line) as { port: number }).port, pid: child.pid });
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
function runWrk(server: Started, seconds: number, connections: number): Promise<WrkRun> {
  const url = `http://${LOOPBACK}:${server.port}/api/grids`;
  const cpuBefore = processCpuSeconds(server.pid);
  const wrkArguments = ['-t1', `-c${connections}`, `-d${seconds}s`, '-H', 'Accept-Encoding: gzip', url];
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', wrkArguments, { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => {
      const cpuAfter = processCpuSeconds(server.pid);
      const rate = /Requests\/sec:\s*([\d.]+)/.exec(output);
      const requests = /(\d+) requests in/.exec(output);
      const failure = /Non-2xx or 3xx responses|Socket errors/.exec(output);
      if (code !== 0 || !rate || !requests || failure) {
        reject(new Error(`benchApi: wrk against port ${server.port} failed (exit ${code}):\n${output}`));
        return;
      }
      const cpuSeconds = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
      resolve({
        rate: Math.round(Number(rate[1])),
        cpuMicrosecondsPerRequest: cpuSeconds === undefined ? undefined : (cpuSeconds * 1e6) / Number(requests[1]),
      });
    });
  });
}

async function serveApp(databasePath: string): Promise<void> {
  const { openSqliteStore } = await import('../server/store/sqlite/sqliteStore.ts');
  const { createApp } = await import('../server/http/app.ts');
  const { startServer } = await import('../server/http/serve.ts');
  const { buildLocator } = await import('../server/geo/locate.ts');
  const store = openSqliteStore(databasePath);
  const locator = buildLocator(store.listGrids() ?? []);
  const app = createApp({ store, locator, logError: (error) => console.error(error) });
  // Served exactly as server/main.ts serves it.
  startServer(app, { port: 0, hostname: LOOPBACK }, (info) => {
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
