// `npm run load`: the real server (server/main.ts) on loopback with 200 open event streams (wall
// displays) while autocannon files problems at a steady rate for 60 s (LOAD_SECONDS to shorten).
// Reports throughput, p50/p99 latency, errors, event-stream deliveries, and checks that the number
// of problems stored equals the number acknowledged (201). One JSON figure per line on stdout.
//
//   LOAD_SECONDS (60)  LOAD_RATE requests/s (100)  LOAD_CONNECTIONS (10)  LOAD_STREAMS (200)
//   LOAD_DATABASE  a seeded database to copy (online backup) instead of seeding a fresh one
//   LOAD_AUTH=1    run with access control on: streams and intake use API tokens (viewer and a
//                  township operator of every township), the write limit raised above the rate
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { request, type ClientRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { backupDatabase } from '../server/build/backup.ts';
import { openSqliteStore } from '../server/store/sqlite/sqliteStore.ts';
import { newSecret, secretHash } from '../server/access/secrets.ts';
import { note, printFigures, roundMs, type BenchFigure } from './figures.ts';

const LOOPBACK = '127.0.0.1';
const seconds = Number(process.env.LOAD_SECONDS ?? 60);
const rate = Number(process.env.LOAD_RATE ?? 100);
const connections = Number(process.env.LOAD_CONNECTIONS ?? 10);
const streamCount = Number(process.env.LOAD_STREAMS ?? 200);
const withAuth = process.env.LOAD_AUTH === '1';

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
}
interface AutocannonInstance {
  on(event: 'response', listener: (client: unknown, statusCode: number) => void): void;
}
type Autocannon = ((options: Record<string, unknown>, done: (error: Error | null, result: AutocannonResult) => void) => AutocannonInstance);
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

function storedProblems(path: string): number {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM issues').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Starts server/main.ts on a free port; resolves once it says where it serves. */
function startRealServer(databasePath: string): Promise<{ child: ChildProcess; port: number }> {
  const auth = withAuth ? { GRIDMAP_AUTH: '1', GRIDMAP_WRITE_RATE: String(rate * 10) } : { GRIDMAP_AUTH: '' };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { ...process.env, PORT: '0', DATABASE_URL: databasePath, ...auth },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const served = /serving http:\/\/localhost:(\d+)/.exec(output);
      if (served) resolve({ child, port: Number(served[1]) });
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before serving:\n${output}`)));
  });
}

async function getJson<T>(port: number, path: string, headers: Record<string, string>): Promise<T> {
  const response = await fetch(`http://${LOOPBACK}:${port}${path}`, { headers });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
  return (await response.json()) as T;
}

interface Streams {
  /** Every `data:` event received, over all streams. */
  events: number;
  /** `issue` events received per stream. */
  issueEvents: number[];
  opened: number;
  failed: number;
  close(): void;
}

/** Opens the wall displays' event streams; counts what they receive. */
/** Accounts and tokens for a run with access control on (written before the server starts). */
function loadAccounts(databasePath: string): { viewer: string; intake: string } {
  const store = openSqliteStore(databasePath);
  try {
    const townships = store.listTownships().map((township) => township.code);
    store.access.createUser({ username: 'load-wall', displayName: '压测大屏', role: 'viewer', scopeCodes: [], passwordHash: null, createdBy: 'load' });
    store.access.createUser({ username: 'load-intake', displayName: '压测受理', role: 'township_operator', scopeCodes: townships, passwordHash: null, createdBy: 'load' });
    const viewer = newSecret();
    const intake = newSecret();
    store.access.createToken(secretHash(viewer), 'load-wall', 'load', 'load');
    store.access.createToken(secretHash(intake), 'load-intake', 'load', 'load');
    return { viewer, intake };
  } finally {
    store.close();
  }
}

function openStreams(port: number, count: number, headers: Record<string, string>): Promise<Streams> {
  const requests: ClientRequest[] = [];
  const streams: Streams = { events: 0, issueEvents: new Array<number>(count).fill(0), opened: 0, failed: 0, close: () => requests.forEach((r) => r.destroy()) };
  return new Promise((resolve) => {
    let settled = 0;
    const settle = () => {
      if (++settled === count) resolve(streams);
    };
    if (count === 0) resolve(streams);
    for (let index = 0; index < count; index++) {
      const req = request({ host: LOOPBACK, port, path: '/api/events', headers: { accept: 'text/event-stream', ...headers }, agent: false }, (response) => {
        if (response.statusCode !== 200) {
          streams.failed++;
          response.resume();
          settle();
          return;
        }
        streams.opened++;
        settle();
        let pending = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          pending += chunk;
          let end: number;
          while ((end = pending.indexOf('\n\n')) !== -1) {
            const block = pending.slice(0, end);
            pending = pending.slice(end + 2);
            if (!/^data:/m.test(block)) continue;
            streams.events++;
            if (/^event: issue$/m.test(block)) streams.issueEvents[index]++;
          }
        });
        response.on('error', () => {});
      });
      req.on('error', () => {
        streams.failed++;
        settle();
      });
      req.end();
      requests.push(req);
    }
  });
}

const directory = mkdtempSync(join(tmpdir(), 'gridmap-load-'));
const databasePath = join(directory, 'gridmap.db');
let server: ChildProcess | undefined;
try {
  if (process.env.LOAD_DATABASE) {
    note(`load: copying ${process.env.LOAD_DATABASE}`);
    await backupDatabase(process.env.LOAD_DATABASE, databasePath);
  } else {
    note('load: the server seeds a fresh database on its first start (about 20 s)');
  }
  let tokens: { viewer: string; intake: string } | undefined;
  if (withAuth) {
    // Seed first (the server does it on its first start), then add the accounts.
    if (!process.env.LOAD_DATABASE) (await startRealServer(databasePath)).child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 500));
    tokens = loadAccounts(databasePath);
  }
  const viewerHeaders: Record<string, string> = tokens ? { authorization: `Bearer ${tokens.viewer}` } : {};
  const intakeHeaders: Record<string, string> = tokens ? { authorization: `Bearer ${tokens.intake}` } : {};
  const started = await startRealServer(databasePath);
  server = started.child;
  const { port } = started;

  // Problems are filed at the places of existing ones: real points inside the county's grids.
  const sample = await getJson<{ features: Array<{ geometry: { coordinates: [number, number] } }> }>(port, '/api/issues?limit=500', viewerHeaders);
  const places = sample.features.map((feature) => feature.geometry.coordinates);
  if (places.length === 0) throw new Error('the database holds no problems to take places from');
  const before = storedProblems(databasePath);

  note(`load: opening ${streamCount} event streams`);
  const streams = await openStreams(port, streamCount, viewerHeaders);
  note(`load: ${streams.opened} streams open; filing problems at ${rate}/s over ${connections} connections for ${seconds} s`);

  let acknowledged = 0;
  let sent = 0;
  const result = await new Promise<AutocannonResult>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://${LOOPBACK}:${port}`,
        connections,
        overallRate: rate,
        // A fixed number of requests rather than a duration: every request sent is answered before
        // the run ends, so none is stored without its acknowledgement having been seen.
        amount: Math.round(rate * seconds),
        requests: [
          {
            method: 'POST',
            path: '/api/issues',
            headers: { 'content-type': 'application/json', ...intakeHeaders },
            setupRequest: (req: Record<string, unknown>) => {
              const [lon, lat] = places[sent++ % places.length];
              return { ...req, body: JSON.stringify({ title: `压测问题 ${sent}`, category: '环境卫生', tier: 'red', lon, lat }) };
            },
          },
        ],
      },
      (error, value) => (error ? reject(error) : resolve(value)),
    );
    instance.on('response', (_client, statusCode) => {
      if (statusCode === 201) acknowledged++;
    });
  });
  // Let the last announcements reach the streams.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  streams.close();
  const stored = storedProblems(databasePath) - before;
  const perStream = streams.issueEvents.slice().sort((a, b) => a - b);

  const figures: BenchFigure[] = [
    { name: 'load.throughput', value: Math.round(result.requests.average * 10) / 10, unit: 'req/s', note: `target ${rate}/s, ${connections} connections, ${result.duration} s, ${result.requests.total} requests${withAuth ? ', access control on' : ''}` },
    { name: 'load.latency.p50', value: roundMs(result.latency.p50), unit: 'ms' },
    { name: 'load.latency.p99', value: roundMs(result.latency.p99), unit: 'ms', note: `max ${roundMs(result.latency.max)} ms` },
    { name: 'load.errors', value: result.errors + result.timeouts + result.non2xx, unit: 'count', note: `${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx` },
    { name: 'load.streams.open', value: streams.opened, unit: 'count', note: `${streams.failed} failed to open` },
    { name: 'load.streams.events', value: streams.events, unit: 'count', note: `problem announcements per stream: min ${perStream[0] ?? 0}, max ${perStream.at(-1) ?? 0}, expected ${acknowledged}` },
    { name: 'load.acknowledged', value: acknowledged, unit: 'count' },
    { name: 'load.stored', value: stored, unit: 'count', note: stored === acknowledged ? 'stored = acknowledged' : `MISMATCH: ${stored} stored, ${acknowledged} acknowledged` },
  ];
  printFigures(figures);
  if (stored !== acknowledged) process.exitCode = 1;
} finally {
  server?.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 300));
  rmSync(directory, { recursive: true, force: true });
}
