// Crash safety of the real server process: SIGKILL in the middle of a bulk import (first-start
// seeding), a burst of problem intake and a large grid-plan save, then a restart. Each time the
// database passes SQLite's integrity check and the stored-coverage check (`cli validate`), every
// acknowledged problem is there, and the import and the plan are either wholly applied or not at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../server/store/sqlite/sqliteStore.ts';
import { planOf } from '../../server/store/plan.ts';
import type { PlanChangeset, TownshipPlan } from '../../server/plan/types.ts';

const NODE_ARGS = ['--import', 'tsx'];
let directory: string;
/** The fully seeded database the intake and plan scenarios start from (made by the import scenario). */
let seeded: string;

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'gridmap-crash-'));
  seeded = join(directory, 'seeded.db');
});

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

/** Resolves when a line of the child's output matches; rejects when it exits first. */
function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<void> {
  return new Promise((done, fail) => {
    let seen = '';
    const timer = setTimeout(() => fail(new Error(`no ${pattern} within ${timeoutMs} ms: ${seen.slice(-2000)}`)), timeoutMs);
    const listen = (chunk: Buffer) => {
      seen += chunk.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        done();
      }
    };
    child.stdout?.on('data', listen);
    child.stderr?.on('data', listen);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      fail(new Error(`exited (${code ?? signal}) before ${pattern}: ${seen.slice(-2000)}`));
    });
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGKILL');
  });
}

interface RunningServer {
  child: ChildProcess;
  origin: string;
}

/** `node --import tsx server/main.ts` on a database, as in production (access control off). */
async function startServer(database: string): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [...NODE_ARGS, 'server/main.ts'], {
    env: { ...process.env, DATABASE_URL: database, PORT: String(port), GRIDMAP_AUTH: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await waitForOutput(child, /serving http:\/\/localhost:\d+/, 30_000);
  return { child, origin: `http://127.0.0.1:${port}` };
}

/** A restart after the crash: the server comes up on the database and answers. */
async function restartAndStop(database: string): Promise<void> {
  const server = await startServer(database);
  try {
    const health = (await (await fetch(`${server.origin}/api/health`)).json()) as { status: string; seeded: boolean };
    expect(health).toMatchObject({ status: 'ok', seeded: true });
  } finally {
    await killed(server.child);
  }
}

function integrity(database: string): string {
  // Opening runs SQLite's recovery of the write-ahead log the killed process left behind.
  const db = new Database(database);
  try {
    return String(db.pragma('integrity_check', { simple: true }));
  } finally {
    db.close();
  }
}

function validateCoverage(database: string): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [...NODE_ARGS, 'server/cli.ts', 'validate', '--database', database], { encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

function rowCounts(database: string): Record<string, number> {
  const db = new Database(database, { readonly: true });
  try {
    const counts: Record<string, number> = {};
    for (const table of ['datasets', 'townships', 'villages', 'grids', 'blocks', 'issues']) {
      const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);
      counts[table] = exists ? (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n : 0;
    }
    return counts;
  } finally {
    db.close();
  }
}

describe('SIGKILL and restart', () => {
  it('a bulk import (first seeding) killed while storing leaves an empty database, and a rerun completes it', async () => {
    const fresh = join(directory, 'import.db');
    const seed = spawn(process.execPath, [...NODE_ARGS, 'server/cli.ts', 'seed', '--database', fresh], { stdio: ['ignore', 'pipe', 'pipe'] });
    // The dataset is built in memory first, then written in one transaction: kill inside the write.
    await waitForOutput(seed, /\bstoring\b/, 60_000);
    await new Promise((done) => setTimeout(done, 600));
    const finishedFirst = seed.exitCode !== null;
    await killed(seed);
    expect(integrity(fresh)).toBe('ok');
    const counts = rowCounts(fresh);
    if (finishedFirst || counts.grids > 0) {
      // It finished before the kill: then wholly.
      expect(validateCoverage(fresh).status).toBe(0);
    } else {
      expect(counts).toEqual({ datasets: 0, townships: 0, villages: 0, grids: 0, blocks: 0, issues: 0 });
    }
    // The import run again (as a restart's first-start seeding would) completes it.
    const rerun = spawnSync(process.execPath, [...NODE_ARGS, 'server/cli.ts', 'seed', '--database', fresh], { encoding: 'utf8' });
    expect(rerun.status, rerun.stderr).toBe(0);
    const check = validateCoverage(fresh);
    expect(check.status, check.output).toBe(0);
    expect(rowCounts(fresh).grids).toBeGreaterThan(1000);
    copyFileSync(fresh, seeded);
  }, 90_000);

  it('a burst of problem intake: every acknowledged problem survives the kill', async () => {
    const database = join(directory, 'intake.db');
    copyFileSync(seeded, database);
    const server = await startServer(database);
    const sample = (await (await fetch(`${server.origin}/api/issues?limit=100`)).json()) as { features: { geometry: { coordinates: [number, number] } }[] };
    const points = sample.features.map((feature) => feature.geometry.coordinates);
    const acknowledged = new Map<number, string>();
    let sent = 0;
    let stop = false;
    const worker = async () => {
      while (!stop) {
        const title = `断电测试 ${sent++}`;
        const [lon, lat] = points[sent % points.length];
        try {
          const response = await fetch(`${server.origin}/api/issues`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ title, category: '民生服务', tier: 'red', lon, lat }),
          });
          if (response.status === 201) acknowledged.set(((await response.json()) as { properties: { id: number } }).properties.id, title);
        } catch {
          // The server died under this request: not acknowledged.
        }
      }
    };
    const workers = Array.from({ length: 32 }, worker);
    // Kill while requests are in flight, once a good number have been acknowledged.
    const started = Date.now();
    while (acknowledged.size < 150 && Date.now() - started < 20_000) await new Promise((done) => setTimeout(done, 10));
    await killed(server.child);
    stop = true;
    await Promise.all(workers);
    expect(acknowledged.size).toBeGreaterThanOrEqual(150);
    expect(sent).toBeGreaterThan(acknowledged.size);

    await restartAndStop(database);
    expect(integrity(database)).toBe('ok');
    const check = validateCoverage(database);
    expect(check.status, check.output).toBe(0);
    const db = new Database(database, { readonly: true });
    try {
      const select = db.prepare('SELECT title FROM issues WHERE id = ?');
      const missing = [...acknowledged].filter(([id, title]) => (select.get(id) as { title: string } | undefined)?.title !== title);
      expect(missing).toEqual([]);
    } finally {
      db.close();
    }
  }, 60_000);

  it('a large grid-plan save: after the kill the plan is wholly the old or wholly the new version', async () => {
    // The expected new plan: the same save on a copy, in process (also how long a save takes).
    // Halving the households per grid re-cuts the largest township: most of its blocks move.
    const rehearsal = join(directory, 'plan-rehearsal.db');
    copyFileSync(seeded, rehearsal);
    const store = openSqliteStore(rehearsal);
    const plans = planOf(store)!;
    const township = store.listTownships().sort((a, b) => b.gridCount - a.gridCount)[0].code;
    const before = (await plans.getPlan(township)) as TownshipPlan;
    const proposal = await plans.proposeRebalance(township, { targetHouseholds: Math.round(before.target.households / 2) });
    const changeset: PlanChangeset = { ...proposal.changeset, author: '规划员', reason: '断电测试：整体调整' };
    const movedBlocks = proposal.diff.movedBlocks.length;
    expect(movedBlocks).toBeGreaterThan(before.blocks.length / 3);
    const saveStarted = performance.now();
    await plans.saveChangeset(township, changeset);
    const saveMs = performance.now() - saveStarted;
    const after = (await plans.getPlan(township)) as TownshipPlan;
    store.close();
    expect(after.version).toBe(before.version + 1);
    const body = JSON.stringify(changeset);
    const fingerprint = (plan: TownshipPlan) => JSON.stringify({ version: plan.version, grids: plan.grids, blocks: plan.blocks });
    const outcomes: string[] = [];

    // Killed at points spread over the rehearsed save time (the cold server is slower), each on a fresh copy.
    for (const fraction of [0.4, 0.7, 1, 3]) {
      const database = join(directory, `plan-${fraction}.db`);
      copyFileSync(seeded, database);
      const server = await startServer(database);
      const outcome = fetch(`${server.origin}/api/townships/${township}/plan`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body })
        .then((response) => String(response.status))
        .catch(() => 'killed');
      await new Promise((done) => setTimeout(done, Math.max(5, saveMs * fraction)));
      await killed(server.child);
      const status = await outcome;

      await restartAndStop(database);
      expect(integrity(database)).toBe('ok');
      const check = validateCoverage(database);
      expect(check.status, check.output).toBe(0);
      const reopened = openSqliteStore(database);
      const now = (await planOf(reopened)!.getPlan(township)) as TownshipPlan;
      reopened.close();
      if (status === '201') expect(fingerprint(now)).toBe(fingerprint(after));
      else expect([fingerprint(before), fingerprint(after)]).toContain(fingerprint(now));
      outcomes.push(`${status}: version ${now.version}`);
    }
    console.log(`plan save of ${movedBlocks} moved blocks (${body.length} bytes, ${saveMs.toFixed(0)} ms in process) killed: ${outcomes.join('; ')}`);
  }, 60_000);
});
