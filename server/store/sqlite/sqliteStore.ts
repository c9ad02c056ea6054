// GridStore on better-sqlite3: WAL, foreign keys, migrations, every write in one transaction.
import BetterSqlite3, { type Database } from 'better-sqlite3';
import type { AreaGeometry, Dataset, NewIssue } from '../../model.ts';
import type { PolygonCoords } from '../../geo/types.ts';
import {
  StoreError,
  emptyTierCounts,
  type BasemapLayer,
  type LinePage,
  type BasemapLine,
  type BlockSummary,
  type CountyOverview,
  type CountySummary,
  type DatasetInfo,
  type GridStore,
  type GridSummary,
  type IssueExportQuery,
  type IssuePage,
  type IssuePoints,
  type IssuePointsQuery,
  type IssueQuery,
  type IssueView,
  type ProvinceSummary,
  type Stats,
  type StatsQuery,
  type TownshipSummary,
  type Trend,
  type TransitionResult,
  type TrendQuery,
  type VillageSummary,
} from '../store.ts';
import type { LedgerEntry, TransitionCommand } from '../../ledger/types.ts';
import { DEFAULT_DEADLINE_RULES, type DeadlineRules } from '../../ledger/deadlines.ts';
import { selectLedger, writeTransition } from './ledgerQueries.ts';
import { selectIssueExport } from './exportQueries.ts';
import { datasetId, validateDataset } from '../datasetRules.ts';
import { validateNewIssue } from '../issueRules.ts';
import { migrate } from './migrate.ts';
import { prepareIssueInsert, writeDataset } from './seed.ts';
import { selectIssue, selectIssuePage, selectOpenCounts } from './issueQueries.ts';
import { selectStats } from './statsQueries.ts';
import { selectTrend } from './trendQueries.ts';
import { selectIssuePoints } from './pointQueries.ts';
import { selectLines } from './lineQueries.ts';
import { SqliteFieldworkStore } from './fieldworkStore.ts';
import { SqlitePlanStore } from './planStore.ts';
import { writeFieldwork } from './fieldworkWrite.ts';
import type { ContactDayCalendar } from '../../fieldwork/calendar.ts';
import { SqliteAccessStore } from './accessStore.ts';
import { decideSeed } from '../countyRules.ts';
import {
  selectCounties, selectCounty, selectDatasetInfo, selectProvince, selectStoredTerritory, selectTownships, writeProvince,
} from './countyQueries.ts';

export interface SqliteStoreOptions {
  /** Clock for overdue figures; injected so tests and replays are deterministic. */
  now?: () => Date;
  /** Handling deadlines per tier and category; DEFAULT_DEADLINE_RULES when absent. */
  deadlineRules?: DeadlineRules;
  /** Contact-day calendar (驻点日); every Wednesday 18:00–21:00 Asia/Shanghai when absent. */
  contactDayCalendar?: ContactDayCalendar;
  /** Household balance tolerance of grid plans without a stored target; 0.25 when absent. */
  planTolerance?: number;
}

interface GridRow {
  code: string;
  name: string;
  township_code: string;
  village_code: string;
  households: number;
  area_m2: number;
  valid_from_version: number;
  geometry: string;
  block_ids: string | null;
}

const GRID_SELECT = `
  SELECT g.code, g.name, g.township_code, c.village_code, g.households, g.area_m2, g.valid_from_version, g.geometry,
    (SELECT json_group_array(a.block_id) FROM (
       SELECT block_id FROM block_assignments
       WHERE grid_code = g.code AND valid_to_version IS NULL ORDER BY block_id) AS a) AS block_ids
  FROM grids g JOIN grid_codes c ON c.code = g.code
  WHERE g.valid_to_version IS NULL`;

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

function polygonOf(geometryText: string): PolygonCoords {
  return (JSON.parse(geometryText) as { coordinates: PolygonCoords }).coordinates;
}

export class SqliteGridStore implements GridStore {
  readonly #db: Database;
  readonly #now: () => Date;
  readonly #rules: DeadlineRules;
  #version: number;
  #closed = false;
  /** Contact days, roster, sign-ins, visits and spot checks, in the same database. */
  readonly fieldwork: SqliteFieldworkStore;
  /** Grid-plan versions: edits, history, rollback and rebalance proposals. */
  readonly plan: SqlitePlanStore;
  /** Accounts, sessions, API tokens and the audit log, in the same database. */
  readonly access: SqliteAccessStore;

  constructor(db: Database, options: SqliteStoreOptions = {}) {
    this.#db = db;
    this.#now = options.now ?? (() => new Date());
    this.#rules = options.deadlineRules ?? DEFAULT_DEADLINE_RULES;
    this.#version = this.#readVersion();
    this.fieldwork = new SqliteFieldworkStore(db, { now: this.#now, write: (work) => this.#write(work), calendar: options.contactDayCalendar });
    this.plan = new SqlitePlanStore(db, { now: this.#now, write: (work) => this.#write(work), tolerance: options.planTolerance });
    this.access = new SqliteAccessStore(db, { now: this.#now });
  }

  #readVersion(): number {
    return (this.#db.prepare('SELECT data_version FROM store_meta WHERE id = 1').get() as { data_version: number }).data_version;
  }

  /** Runs a write in one transaction and bumps the data version only if it commits. */
  #write<T>(work: () => T): T {
    const run = this.#db.transaction(() => {
      const result = work();
      this.#db.prepare('UPDATE store_meta SET data_version = data_version + 1 WHERE id = 1').run();
      return result;
    });
    const result = run.immediate();
    this.#version = this.#readVersion();
    return result;
  }

  #nowIso(): string {
    return this.#now().toISOString();
  }

  seedDataset(dataset: Dataset): void {
    const id = datasetId(dataset);
    const validation = validateDataset(dataset);
    const decide = (): boolean => {
      const decision = decideSeed(dataset, id, selectStoredTerritory(this.#db));
      if (decision.action === 'conflict') throw new StoreError('conflict', decision.reason);
      if (decision.action === 'already_stored') return false;
      if (!validation.valid) throw new StoreError('invalid', `dataset rejected: ${validation.reason}`);
      return true;
    };
    // Cheap refusal before taking the write lock; decided again inside the transaction.
    if (!decide()) return;
    const refusal = new Error('already stored');
    try {
      this.#write(() => {
        if (!decide()) throw refusal;
        const othersStored = (this.#db.prepare('SELECT count(*) AS n FROM counties').get() as { n: number }).n > 0;
        try {
          writeDataset(this.#db, dataset, id, this.#nowIso());
        } catch (error) {
          // Rows of another county under the same block or village id: the dataset clashes with what is stored.
          if (othersStored && isUniqueViolation(error)) throw new StoreError('conflict', `dataset clashes with stored rows: ${(error as Error).message}`);
          throw error;
        }
        writeProvince(this.#db, dataset.province);
        if (dataset.fieldwork) writeFieldwork(this.#db, dataset.fieldwork, this.fieldwork.calendar, this.#now());
      });
    } catch (error) {
      if (error !== refusal) throw error;
    }
  }

  isSeeded(): boolean {
    return this.#db.prepare('SELECT 1 FROM datasets LIMIT 1').get() !== undefined;
  }

  datasetInfo(): DatasetInfo | null {
    return selectDatasetInfo(this.#db);
  }

  dataVersion(): number {
    return this.#version;
  }

  getCounty(code?: string): CountySummary | null {
    return selectCounty(this.#db, code);
  }

  listCounties(): CountyOverview[] {
    return selectCounties(this.#db);
  }

  getProvince(): ProvinceSummary | null {
    return selectProvince(this.#db);
  }

  #townshipExists(code: string): boolean {
    return this.#db.prepare('SELECT 1 FROM townships WHERE code = ?').get(code) !== undefined;
  }

  listTownships(query: { countyCode?: string } = {}): TownshipSummary[] {
    return selectTownships(this.#db, query.countyCode);
  }

  listVillages(townshipCode?: string): VillageSummary[] | null {
    if (townshipCode !== undefined && !this.#townshipExists(townshipCode)) return null;
    const rows = this.#db
      .prepare(
        `SELECT v.code, v.name, v.township_code, v.geometry,
           count(g.code) AS grid_count, coalesce(sum(g.households), 0) AS households
         FROM villages v
         LEFT JOIN grid_codes c ON c.village_code = v.code
         LEFT JOIN grids g ON g.code = c.code AND g.valid_to_version IS NULL
         ${townshipCode !== undefined ? 'WHERE v.township_code = ?' : ''}
         GROUP BY v.code ORDER BY v.code`,
      )
      .all(...(townshipCode !== undefined ? [townshipCode] : [])) as Array<{
      code: string; name: string; township_code: string; geometry: string; grid_count: number; households: number;
    }>;
    const open = selectOpenCounts(this.#db, 'village_code', townshipCode ? { column: 'township_code', value: townshipCode } : undefined);
    return rows.map((row) => ({
      code: row.code,
      name: row.name,
      townshipCode: row.township_code,
      geometry: JSON.parse(row.geometry) as AreaGeometry,
      gridCount: row.grid_count,
      households: row.households,
      openIssues: open.get(row.code) ?? emptyTierCounts(),
    }));
  }

  #toGridSummary(row: GridRow, open: Map<string, ReturnType<typeof emptyTierCounts>>): GridSummary {
    return {
      code: row.code,
      name: row.name,
      townshipCode: row.township_code,
      villageCode: row.village_code,
      households: row.households,
      areaM2: row.area_m2,
      version: row.valid_from_version,
      blockIds: row.block_ids ? (JSON.parse(row.block_ids) as string[]) : [],
      polygon: polygonOf(row.geometry),
      openIssues: open.get(row.code) ?? emptyTierCounts(),
    };
  }

  listGrids(query: { townshipCode?: string } = {}): GridSummary[] | null {
    const { townshipCode } = query;
    if (townshipCode !== undefined && !this.#townshipExists(townshipCode)) return null;
    const rows = this.#db
      .prepare(`${GRID_SELECT} ${townshipCode !== undefined ? 'AND g.township_code = ?' : ''} ORDER BY g.code`)
      .all(...(townshipCode !== undefined ? [townshipCode] : [])) as GridRow[];
    const open = selectOpenCounts(this.#db, 'grid_code', townshipCode ? { column: 'township_code', value: townshipCode } : undefined);
    return rows.map((row) => this.#toGridSummary(row, open));
  }

  getGrid(code: string): GridSummary | null {
    const row = this.#db.prepare(`${GRID_SELECT} AND g.code = ?`).get(code) as GridRow | undefined;
    if (!row) return null;
    return this.#toGridSummary(row, selectOpenCounts(this.#db, 'grid_code', { column: 'grid_code', value: code }));
  }

  listBlocks(query: { townshipCode: string }): BlockSummary[] | null {
    if (!this.#townshipExists(query.townshipCode)) return null;
    const rows = this.#db
      .prepare(
        `SELECT b.id, b.township_code, b.village_code, b.households, b.area_m2, b.geometry, a.grid_code
         FROM blocks b
         LEFT JOIN block_assignments a ON a.block_id = b.id AND a.valid_to_version IS NULL
         WHERE b.township_code = ? ORDER BY b.id`,
      )
      .all(query.townshipCode) as Array<{
      id: string; township_code: string; village_code: string; households: number; area_m2: number; geometry: string;
      grid_code: string | null;
    }>;
    return rows.map((row) => ({
      id: row.id,
      townshipCode: row.township_code,
      villageCode: row.village_code,
      gridCode: row.grid_code,
      households: row.households,
      areaM2: row.area_m2,
      polygon: polygonOf(row.geometry),
    }));
  }

  listIssues(query: IssueQuery): IssuePage {
    return selectIssuePage(this.#db, query, this.#nowIso());
  }

  getIssue(id: number): IssueView | null {
    return selectIssue(this.#db, id, this.#nowIso());
  }

  insertIssue(issue: NewIssue): IssueView {
    const validation = validateNewIssue(issue);
    if (!validation.valid) throw new StoreError('invalid', validation.reason);
    const id = this.#write(() => {
      const grid = this.#db
        .prepare(
          `SELECT g.valid_from_version AS version, c.village_code, c.township_code
           FROM grids g JOIN grid_codes c ON c.code = g.code WHERE g.code = ? AND g.valid_to_version IS NULL`,
        )
        .get(issue.gridCode) as { version: number; village_code: string; township_code: string } | undefined;
      if (!grid) throw new StoreError('unknown_grid', `no current grid ${issue.gridCode}`);
      if (grid.village_code !== issue.villageCode || grid.township_code !== issue.townshipCode) {
        throw new StoreError('invalid', `grid ${issue.gridCode} lies in village ${grid.village_code}, township ${grid.township_code}`);
      }
      return prepareIssueInsert(this.#db)(issue, grid.version);
    });
    const stored = this.getIssue(id);
    if (!stored) throw new Error(`issue ${id} vanished after insert`);
    return stored;
  }

  transitionIssue(id: number, command: TransitionCommand, actor: string): TransitionResult {
    const now = this.#now();
    // A refusal leaves the transaction without writing, but #write would still bump the version:
    // the check runs inside the same immediate transaction and aborts it on refusal.
    const refusal = new Error('transition refused');
    let result: ReturnType<typeof writeTransition> | undefined;
    try {
      this.#write(() => {
        result = writeTransition(this.#db, id, command, actor, now, this.#rules);
        if (!result.ok) throw refusal;
      });
    } catch (error) {
      if (error !== refusal) throw error;
    }
    if (!result) throw new Error('transition produced no result');
    if (!result.ok) return result;
    const issue = this.getIssue(id);
    if (!issue) throw new Error(`issue ${id} vanished after a transition`);
    return { ok: true, issue, entry: result.entry };
  }

  listLedger(issueId: number): LedgerEntry[] | null {
    return selectLedger(this.#db, issueId);
  }

  exportIssues(query: IssueExportQuery): IssueView[] {
    return selectIssueExport(this.#db, query, this.#nowIso());
  }

  stats(query: StatsQuery): Stats | null {
    return selectStats(this.#db, query, this.#nowIso());
  }

  trend(query: TrendQuery): Trend | null {
    return selectTrend(this.#db, query, this.#now());
  }

  issuePoints(query: IssuePointsQuery): IssuePoints {
    return selectIssuePoints(this.#db, query, this.#nowIso());
  }

  listLines(layer: BasemapLayer, page?: LinePage): BasemapLine[] {
    return selectLines(this.#db, layer, page);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }
}

/** Opens (creating if needed) and migrates a SQLite database; ':memory:' for a private in-memory one. */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): SqliteGridStore {
  const db = new BetterSqlite3(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return new SqliteGridStore(db, options);
  } catch (error) {
    db.close();
    throw error;
  }
}
