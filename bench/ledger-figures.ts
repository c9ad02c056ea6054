// Ledger figures at province scale: `stats()` (headline figures and the ranking below, answered from
// the pre-aggregated counters) against the plain scan of every matching problem, measured in the same
// run on the same SQLite file, plus what the counters cost each write (problem inserts with and
// without the triggers that keep them).
//
// The database is SYNTHETIC: ~20 counties of 20 townships with a few grids each and N problems
// (default 1,000,000) spread over the last 12 months, written by direct INSERTs (no geometry work).
// To keep a run short it is built in memory, every problem through the counter triggers, then written
// to a file that is opened the way the server opens it. The scan baseline takes seconds a call at this
// size, so its median is of fewer runs.
// Standalone: `node --import tsx bench/ledger-figures.ts [--problems N]`, or BENCH_FIGURES_PROBLEMS=N;
// in the suite: `npm run bench -- figures`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { migrate } from '../server/store/sqlite/migrate.ts';
import { OPEN_BY_DEADLINE_TABLES, ROLLUP_TABLES } from '../server/store/sqlite/migrations-rollup.ts';
import { SqliteGridStore } from '../server/store/sqlite/sqliteStore.ts';
import { scanLedgerFigures, scanLedgerFiguresBy } from '../server/store/sqlite/statsQueries.ts';
import type { StatsQuery } from '../server/store/store.ts';
import { dayWindow, ledgerDate } from '../server/store/ledgerCalendar.ts';
import { isMain, median, note, printFigures, roundMs, roundRatio, type BenchFigure } from './figures.ts';

const DEFAULT_PROBLEMS = 1_000_000;
const COUNTIES = 20;
const TOWNSHIPS_PER_COUNTY = 20;
const GRIDS_PER_TOWNSHIP = 5;
/** A synthetic province code that no real province uses. */
const PROVINCE = '99';
const DAY_MS = 86_400_000;
const REPEATS = 10;
const SCAN_REPEATS = 3;
/** Problems per timed slice of the insert-cost comparison. */
const INSERT_SAMPLE = 100_000;
const CATEGORIES = ['环境卫生', '矛盾纠纷', '道路交通', '治安隐患', '民生服务', '农业农村', '住房建设', '其他'];
const OPEN_STAGES = ['reported', 'accepted', 'dispatched', 'in_progress', 'handled', 'verified'];
const TIERS = ['red', 'red', 'red', 'orange', 'orange', 'yellow'];
const SATISFACTIONS = ['satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied'];

export interface BenchLedgerFiguresOptions {
  problems?: number;
  /** Clock of the figures (overdue) and end of the 12 reporting months. */
  now?: Date;
}

/** Deterministic generator (mulberry32), so runs compare. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function countyCode(county: number): string {
  return `${PROVINCE}01${String(county + 1).padStart(2, '0')}`;
}

function townshipCode(county: number, township: number): string {
  return `${countyCode(county)}${100 + township}`;
}

function gridCode(county: number, township: number, grid: number): string {
  return `${townshipCode(county, township)}001${String(grid + 1).padStart(3, '0')}`;
}

const SQUARE = JSON.stringify({ type: 'Polygon', coordinates: [[[0, 0], [0.01, 0], [0.01, 0.01], [0, 0.01], [0, 0]]] });

function writeTerritory(db: Database, seededAt: string): void {
  db.transaction(() => {
    db.prepare('INSERT INTO provinces (code, name) VALUES (?, ?)').run(PROVINCE, '合成省（SYNTHETIC）');
    const county = db.prepare('INSERT INTO counties (code, name, geometry) VALUES (?, ?, ?)');
    const township = db.prepare('INSERT INTO townships (code, county_code, name, geometry) VALUES (?, ?, ?, ?)');
    const village = db.prepare('INSERT INTO villages (code, township_code, name, geometry) VALUES (?, ?, ?, ?)');
    const version = db.prepare('INSERT INTO grid_versions (township_code, version, created_at, author, reason) VALUES (?, 1, ?, ?, ?)');
    const code = db.prepare('INSERT INTO grid_codes (code, township_code, village_code) VALUES (?, ?, ?)');
    const grid = db.prepare(
      `INSERT INTO grids (code, township_code, valid_from_version, valid_to_version, name, households, area_m2, geometry)
       VALUES (?, ?, 1, NULL, ?, ?, ?, ?)`,
    );
    for (let c = 0; c < COUNTIES; c++) {
      county.run(countyCode(c), `合成县${c + 1}`, SQUARE);
      for (let t = 0; t < TOWNSHIPS_PER_COUNTY; t++) {
        const townshipId = townshipCode(c, t);
        const villageId = `${townshipId}001`;
        township.run(townshipId, countyCode(c), `合成镇${c + 1}-${t + 1}`, SQUARE);
        village.run(villageId, townshipId, `合成村${c + 1}-${t + 1}`, SQUARE);
        version.run(townshipId, seededAt, 'bench', 'synthetic benchmark plan');
        for (let g = 0; g < GRIDS_PER_TOWNSHIP; g++) {
          const gridId = gridCode(c, t, g);
          code.run(gridId, townshipId, villageId);
          grid.run(gridId, townshipId, `合成网格${g + 1}`, 300 + g * 40, 250_000, SQUARE);
        }
      }
    }
  })();
}

/**
 * Inserts problems `from`..`to` of a deterministic sequence of `total` in transactions of 10,000, in
 * report-time order as they arrive (over the 12 months before `nowMs`); returns the process's CPU
 * milliseconds (steadier than wall time on a shared machine; SQLite works on this thread).
 */
function insertProblems(db: Database, from: number, to: number, total: number, nowMs: number): number {
  const insert = db.prepare(
    `INSERT INTO issues (title, category, tier, status, lon, lat, grid_code, grid_version, village_code, township_code,
       reported_at, deadline_at, closed_at, satisfaction, synthetic, stage, rework_count, extension_count, current_grid_code)
     VALUES (?, ?, ?, ?, 0.005, 0.005, ?, 1, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`,
  );
  const started = process.cpuUsage();
  const batch = 10_000;
  for (let start = from; start < to; start += batch) {
    db.transaction(() => {
      for (let index = start; index < Math.min(to, start + batch); index++) {
        const random = seededRandom(index * 2654435761);
        const c = Math.floor(random() * COUNTIES);
        const t = Math.floor(random() * TOWNSHIPS_PER_COUNTY);
        const g = Math.floor(random() * GRIDS_PER_TOWNSHIP);
        const reported = nowMs - 365 * DAY_MS + ((index + random()) / total) * 365 * DAY_MS;
        const deadline = reported + (3 + Math.floor(random() * 27)) * DAY_MS;
        const closed = random() < 0.85 && reported + DAY_MS < nowMs;
        const rejected = closed && random() < 0.05;
        const closedAt = closed ? Math.min(nowMs, reported + random() * 40 * DAY_MS) : null;
        const stage = closed ? (rejected ? 'rejected' : 'closed') : OPEN_STAGES[Math.floor(random() * OPEN_STAGES.length)];
        const township = townshipCode(c, t);
        const grid = gridCode(c, t, g);
        insert.run(
          '合成问题', CATEGORIES[Math.floor(random() * CATEGORIES.length)], TIERS[Math.floor(random() * TIERS.length)],
          closed ? 'closed' : 'open', grid, `${township}001`, township,
          new Date(reported).toISOString(), new Date(deadline).toISOString(),
          closedAt === null ? null : new Date(closedAt).toISOString(),
          closed && !rejected && random() < 0.7 ? SATISFACTIONS[Math.floor(random() * SATISFACTIONS.length)] : null,
          stage, random() < 0.06 ? 1 : 0, random() < 0.1 ? 1 : 0, grid,
        );
      }
    })();
  }
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}

/** A throwaway database for building, in memory. */
function openBuildDatabase(): Database {
  const db = new BetterSqlite3(':memory:');
  migrate(db);
  return db;
}

/** The built database opened as the server opens it (openSqliteStore's settings, default page cache). */
function openServedDatabase(path: string): Database {
  const db = new BetterSqlite3(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

function dropRollupTriggers(db: Database): void {
  for (const table of [...ROLLUP_TABLES, ...OPEN_BY_DEADLINE_TABLES]) {
    for (const event of ['insert', 'update', 'delete']) db.exec(`DROP TRIGGER ${table.name}_on_${event}`);
  }
}

function timeMedian(work: () => unknown, repeats: number): number {
  work(); // warm the page cache and the statement cache
  const times: number[] = [];
  for (let run = 0; run < repeats; run++) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  return median(times);
}

function compared(name: string, value: number, baseline: number, note: string): BenchFigure {
  return { name, value: roundMs(value), unit: 'ms', baseline: roundMs(baseline), ratio: roundRatio(baseline / value), note };
}

export async function benchLedgerFigures(options: BenchLedgerFiguresOptions = {}): Promise<BenchFigure[]> {
  const problems = Math.max(INSERT_SAMPLE, Math.floor(options.problems ?? DEFAULT_PROBLEMS));
  const now = options.now ?? new Date();
  const nowMs = now.getTime();
  const nowIso = now.toISOString();
  const directory = mkdtempSync(join(tmpdir(), 'bench-figures-'));
  const figures: BenchFigure[] = [];
  try {
    // Insert cost: the same first problems into a database with the counter triggers and one without.
    const plain = openBuildDatabase();
    writeTerritory(plain, nowIso);
    dropRollupTriggers(plain);
    const withoutMs = insertProblems(plain, 0, INSERT_SAMPLE, problems, nowMs);
    plain.close();

    const path = join(directory, 'figures.db');
    const build = openBuildDatabase();
    writeTerritory(build, nowIso);
    note(`figures: building ${problems.toLocaleString('en')} synthetic problems in ${COUNTIES} counties`);
    const withMs = insertProblems(build, 0, INSERT_SAMPLE, problems, nowMs);
    const restMs = insertProblems(build, INSERT_SAMPLE, problems, problems, nowMs);
    build.exec(`VACUUM INTO '${path.replaceAll("'", "''")}'`);
    build.close();
    const rate = (count: number, ms: number) => Math.round(count / (ms / 1000));
    figures.push({
      name: 'figures.insert.with_rollup',
      value: rate(INSERT_SAMPLE, withMs),
      unit: 'problems/s',
      baseline: rate(INSERT_SAMPLE, withoutMs),
      ratio: roundRatio(withoutMs / withMs),
      note: `first ${INSERT_SAMPLE.toLocaleString('en')} problems, batches of 10,000, per CPU second; baseline without the counter triggers (ratio < 1 = their cost)`,
    });
    figures.push({
      name: 'figures.insert.total',
      value: Math.round((withMs + restMs) / 100) / 10,
      unit: 's',
      note: `CPU time of ${problems.toLocaleString('en')} problems with the counter triggers (in memory)`,
    });

    const db = openServedDatabase(path);
    const store = new SqliteGridStore(db, { now: () => now });
    const county = countyCode(COUNTIES >> 1);
    const countyScope = { column: 'county' as const, value: county };
    const month = dayWindow(ledgerDate(nowMs - 30 * DAY_MS), ledgerDate(nowMs));
    const stats = (query: StatsQuery) => () => {
      if (!store.stats(query)) throw new Error(`no figures for ${JSON.stringify(query)}`);
    };
    const cases: Array<{ name: string; query: StatsQuery; scan: () => unknown; note: string }> = [
      {
        name: 'figures.province.stats',
        query: { level: 'province' },
        scan: () => [scanLedgerFigures(db, null, nowIso), scanLedgerFiguresBy(db, 'county', null, nowIso)],
        note: `stats(level=province): headline and ${COUNTIES} county rows; baseline: the scan of the same figures`,
      },
      {
        name: 'figures.county.stats',
        query: { level: 'county', code: county },
        scan: () => [scanLedgerFigures(db, countyScope, nowIso), scanLedgerFiguresBy(db, 'township_code', countyScope, nowIso)],
        note: `stats(level=county): headline and ${TOWNSHIPS_PER_COUNTY} township rows; baseline: the scan`,
      },
      {
        name: 'figures.province.window_30d',
        query: { level: 'province', ...month },
        scan: () => [scanLedgerFigures(db, null, nowIso, month), scanLedgerFiguresBy(db, 'county', null, nowIso, month)],
        note: 'stats(level=province) over the last 30 ledger days; baseline: the scan',
      },
      {
        name: 'figures.province.category',
        query: { level: 'province', category: CATEGORIES[0] },
        scan: () => [
          scanLedgerFigures(db, null, nowIso, { category: CATEGORIES[0] }),
          scanLedgerFiguresBy(db, 'county', null, nowIso, { category: CATEGORIES[0] }),
        ],
        note: 'stats(level=province) of one category; baseline: the scan',
      },
    ];
    for (const benchCase of cases) {
      note(`figures: ${benchCase.name}`);
      const fast = timeMedian(stats(benchCase.query), REPEATS);
      const scan = timeMedian(benchCase.scan, SCAN_REPEATS);
      const how = `${problems.toLocaleString('en')} synthetic problems, median of ${REPEATS} (baseline of ${SCAN_REPEATS})`;
      figures.push(compared(benchCase.name, fast, scan, `${benchCase.note}; ${how}`));
    }
    store.close();
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  return figures;
}

function problemsFromCommandLine(): number | undefined {
  const index = process.argv.indexOf('--problems');
  const text = index >= 0 ? process.argv[index + 1] : process.env.BENCH_FIGURES_PROBLEMS;
  const value = text === undefined ? NaN : Number(text.replaceAll('_', ''));
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

export function ledgerFiguresOptionsFromEnvironment(): BenchLedgerFiguresOptions {
  return { problems: problemsFromCommandLine() };
}

if (isMain(import.meta.url)) {
  printFigures(await benchLedgerFigures(ledgerFiguresOptionsFromEnvironment()));
}
