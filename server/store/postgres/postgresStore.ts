// GridStore on PostgreSQL (node-postgres pool): migrations, every write in one transaction.
// Writers serialise on the store_meta row, which every write transaction bumps first: like SQLite's
// immediate transactions, and across server instances sharing the database.
import type pg from 'pg';
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
  type TierCounts,
  type TownshipSummary,
  type Trend,
  type TransitionResult,
  type TrendQuery,
  type VillageSummary,
} from '../store.ts';
import type { LedgerEntry, TransitionCommand } from '../../ledger/types.ts';
import { DEFAULT_DEADLINE_RULES, type DeadlineRules } from '../../ledger/deadlines.ts';
import type { ContactDayCalendar } from '../../fieldwork/calendar.ts';
import { datasetId, validateDataset } from '../datasetRules.ts';
import { validateNewIssue } from '../issueRules.ts';
import { migratePostgres } from './migrate.ts';
import { writeDataset } from './seed.ts';
import { decideSeed } from '../countyRules.ts';
import {
  selectCounties, selectCounty, selectDatasetInfo, selectProvince, selectStoredTerritory, selectTownships, writeProvince,
} from './countyQueries.ts';
import { writeFieldwork } from './fieldworkWrite.ts';
import { PostgresFieldworkStore } from './fieldworkStore.ts';
import { PostgresPlanStore } from './planStore.ts';
import { PostgresAccessStore } from './accessStore.ts';
import { insertIssues, selectLedger, writeTransition, type LedgerWriteResult } from './ledgerQueries.ts';
import { selectIssue, selectIssueExport, selectIssuePage, selectIssuePoints, selectOpenCounts } from './issueQueries.ts';
import { selectStats, selectTrend } from './statsQueries.ts';
import { selectLines } from './lineQueries.ts';
import { NOTIFY_DATA_VERSION, createPool, parsePostgresUrl } from './connection.ts';
import type { Queryable } from './sql.ts';

export interface PostgresStoreOptions {
  /** Clock for overdue figures; injected so tests and replays are deterministic. */
  now?: () => Date;
  /** Handling deadlines per tier and category; DEFAULT_DEADLINE_RULES when absent. */
  deadlineRules?: DeadlineRules;
  /** Contact-day calendar (驻点日); every Wednesday 18:00–21:00 Asia/Shanghai when absent. */
  contactDayCalendar?: ContactDayCalendar;
  /** Schema holding the tables (created if missing); the URL's `?schema=` or the role's search_path when absent. */
  schema?: string;
  /** Most connections the pool opens (default 10). */
  maxConnections?: number;
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
  block_ids: string[];
}

const GRID_SELECT = `
  SELECT g.code, g.name, g.township_code, c.village_code, g.households, g.area_m2, g.valid_from_version, g.geometry,
    ARRAY(SELECT a.block_id FROM block_assignments a
          WHERE a.grid_code = g.code AND a.valid_to_version IS NULL ORDER BY a.block_id) AS block_ids
  FROM grids g JOIN grid_codes c ON c.code = g.code
  WHERE g.valid_to_version IS NULL`;

function polygonOf(geometryText: string): PolygonCoords {
  return (JSON.parse(geometryText) as { coordinates: PolygonCoords }).coordinates;
}

export class PostgresGridStore implements GridStore {
  readonly #pool: pg.Pool;
  readonly #now: () => Date;
  readonly #rules: DeadlineRules;
  #version: number;
  #closed = false;
  /** Contact days, roster, sign-ins, visits and spot checks, in the same database. */
  readonly fieldwork: PostgresFieldworkStore;
  /** Grid-plan versions: edits, history, rollback and rebalance proposals. */
  readonly plan: PostgresPlanStore;
  /** Accounts, sessions, API tokens and the audit log. */
  readonly access: PostgresAccessStore;

  constructor(pool: pg.Pool, dataVersion: number, options: PostgresStoreOptions = {}) {
    this.#pool = pool;
    this.#now = options.now ?? (() => new Date());
    this.#rules = options.deadlineRules ?? DEFAULT_DEADLINE_RULES;
    this.#version = dataVersion;
    this.fieldwork = new PostgresFieldworkStore({
      db: pool, now: this.#now, write: (work) => this.#write(work), calendar: options.contactDayCalendar,
    });
    this.plan = new PostgresPlanStore(pool, { now: this.#now, write: (work) => this.#write(work), tolerance: options.planTolerance });
    this.access = new PostgresAccessStore(pool, { now: this.#now });
  }

  /**
   * Runs work in one transaction on one connection. The store_meta bump comes first, so the row lock
   * orders this write after every other one, and each later statement (READ COMMITTED) sees them all.
   * The new version is announced on DATA_VERSION_CHANNEL with the schema, delivered only if the transaction commits.
   */
  async #write<T>(work: (db: Queryable) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      try {
        const { rows } = await client.query<{ data_version: number }>(
          'UPDATE store_meta SET data_version = data_version + 1 WHERE id = 1 RETURNING data_version',
        );
        const version = rows[0].data_version;
        const result = await work(client);
        await client.query(NOTIFY_DATA_VERSION, [version]);
        await client.query('COMMIT');
        this.#version = Math.max(this.#version, version);
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => (broken = true));
        throw error;
      }
    } finally {
      client.release(broken);
    }
  }

  #nowIso(): string {
    return this.#now().toISOString();
  }

  /** Reads the stored data version (e.g. after another instance wrote); never moves backwards. */
  async refreshDataVersion(): Promise<number> {
    const { rows } = await this.#pool.query<{ data_version: number }>('SELECT data_version FROM store_meta WHERE id = 1');
    this.#version = Math.max(this.#version, rows[0].data_version);
    return this.#version;
  }

  async seedDataset(dataset: Dataset): Promise<void> {
    const id = datasetId(dataset);
    const validation = validateDataset(dataset);
    const decide = async (db: Queryable): Promise<boolean> => {
      const decision = decideSeed(dataset, id, await selectStoredTerritory(db));
      if (decision.action === 'conflict') throw new StoreError('conflict', decision.reason);
      if (decision.action === 'already_stored') return false;
      if (!validation.valid) throw new StoreError('invalid', `dataset rejected: ${validation.reason}`);
      return true;
    };
    if (!(await decide(this.#pool))) return;
    const alreadyThere = new Error('dataset stored meanwhile');
    try {
      await this.#write(async (db) => {
        // Another instance may have seeded between the check above and this write's lock.
        if (!(await decide(db))) throw alreadyThere;
        const othersStored = (await db.query('SELECT 1 FROM counties LIMIT 1')).rows.length > 0;
        try {
          await writeDataset(db, dataset, id, this.#nowIso());
        } catch (error) {
          // Rows of another county under the same block or village id: the dataset clashes with what is stored.
          if (othersStored && (error as { code?: unknown }).code === '23505') {
            throw new StoreError('conflict', `dataset clashes with stored rows: ${(error as Error).message}`);
          }
          throw error;
        }
        await writeProvince(db, dataset.province);
        if (dataset.fieldwork) await writeFieldwork(db, dataset.fieldwork, this.fieldwork.calendar, this.#now());
      });
    } catch (error) {
      if (error !== alreadyThere) throw error;
    }
  }

  async isSeeded(): Promise<boolean> {
    return (await this.#pool.query('SELECT 1 FROM datasets LIMIT 1')).rows.length > 0;
  }

  datasetInfo(): Promise<DatasetInfo | null> {
    return selectDatasetInfo(this.#pool);
  }

  dataVersion(): number {
    return this.#version;
  }

  getCounty(code?: string): Promise<CountySummary | null> {
    return selectCounty(this.#pool, code);
  }

  listCounties(): Promise<CountyOverview[]> {
    return selectCounties(this.#pool);
  }

  getProvince(): Promise<ProvinceSummary | null> {
    return selectProvince(this.#pool);
  }

  async #townshipExists(code: string): Promise<boolean> {
    return ((await this.#pool.query('SELECT 1 FROM townships WHERE code = $1', [code])).rowCount ?? 0) > 0;
  }

  listTownships(query: { countyCode?: string } = {}): Promise<TownshipSummary[]> {
    return selectTownships(this.#pool, query.countyCode);
  }

  async listVillages(townshipCode?: string): Promise<VillageSummary[] | null> {
    if (townshipCode !== undefined && !(await this.#townshipExists(townshipCode))) return null;
    const [{ rows }, open] = await Promise.all([
      this.#pool.query<{ code: string; name: string; township_code: string; geometry: string; grid_count: number; households: number }>(
        `SELECT v.code, v.name, v.township_code, v.geometry,
           count(g.code) AS grid_count, coalesce(sum(g.households), 0) AS households
         FROM villages v
         LEFT JOIN grid_codes c ON c.village_code = v.code
         LEFT JOIN grids g ON g.code = c.code AND g.valid_to_version IS NULL
         ${townshipCode !== undefined ? 'WHERE v.township_code = $1' : ''}
         GROUP BY v.code ORDER BY v.code`,
        townshipCode !== undefined ? [townshipCode] : [],
      ),
      selectOpenCounts(this.#pool, 'village_code', townshipCode ? { column: 'township_code', value: townshipCode } : undefined),
    ]);
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

  #toGridSummary(row: GridRow, open: Map<string, TierCounts>): GridSummary {
    return {
      code: row.code,
      name: row.name,
      townshipCode: row.township_code,
      villageCode: row.village_code,
      households: row.households,
      areaM2: row.area_m2,
      version: row.valid_from_version,
      blockIds: row.block_ids,
      polygon: polygonOf(row.geometry),
      openIssues: open.get(row.code) ?? emptyTierCounts(),
    };
  }

  async listGrids(query: { townshipCode?: string } = {}): Promise<GridSummary[] | null> {
    const { townshipCode } = query;
    if (townshipCode !== undefined && !(await this.#townshipExists(townshipCode))) return null;
    const [{ rows }, open] = await Promise.all([
      this.#pool.query<GridRow>(
        `${GRID_SELECT} ${townshipCode !== undefined ? 'AND g.township_code = $1' : ''} ORDER BY g.code`,
        townshipCode !== undefined ? [townshipCode] : [],
      ),
      selectOpenCounts(this.#pool, 'grid_code', townshipCode ? { column: 'township_code', value: townshipCode } : undefined),
    ]);
    return rows.map((row) => this.#toGridSummary(row, open));
  }

  async getGrid(code: string): Promise<GridSummary | null> {
    const { rows } = await this.#pool.query<GridRow>(`${GRID_SELECT} AND g.code = $1`, [code]);
    if (!rows[0]) return null;
    return this.#toGridSummary(rows[0], await selectOpenCounts(this.#pool, 'grid_code', { column: 'grid_code', value: code }));
  }

  async listBlocks(query: { townshipCode: string }): Promise<BlockSummary[] | null> {
    if (!(await this.#townshipExists(query.townshipCode))) return null;
    const { rows } = await this.#pool.query<{
      id: string; township_code: string; village_code: string; households: number; area_m2: number; geometry: string; grid_code: string | null;
    }>(
      `SELECT b.id, b.township_code, b.village_code, b.households, b.area_m2, b.geometry, a.grid_code
       FROM blocks b
       LEFT JOIN block_assignments a ON a.block_id = b.id AND a.valid_to_version IS NULL
       WHERE b.township_code = $1 ORDER BY b.id`,
      [query.townshipCode],
    );
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

  listIssues(query: IssueQuery): Promise<IssuePage> {
    return selectIssuePage(this.#pool, query, this.#nowIso());
  }

  getIssue(id: number): Promise<IssueView | null> {
    return selectIssue(this.#pool, id, this.#nowIso());
  }

  async insertIssue(issue: NewIssue): Promise<IssueView> {
    const validation = validateNewIssue(issue);
    if (!validation.valid) throw new StoreError('invalid', validation.reason);
    const id = await this.#write(async (db) => {
      const { rows } = await db.query<{ version: number; village_code: string; township_code: string }>(
        `SELECT g.valid_from_version AS version, c.village_code, c.township_code
         FROM grids g JOIN grid_codes c ON c.code = g.code WHERE g.code = $1 AND g.valid_to_version IS NULL`,
        [issue.gridCode],
      );
      const grid = rows[0];
      if (!grid) throw new StoreError('unknown_grid', `no current grid ${issue.gridCode}`);
      if (grid.village_code !== issue.villageCode || grid.township_code !== issue.townshipCode) {
        throw new StoreError('invalid', `grid ${issue.gridCode} lies in village ${grid.village_code}, township ${grid.township_code}`);
      }
      const [created] = await insertIssues(db, [{ issue, gridVersion: grid.version }]);
      return created;
    });
    const stored = await this.getIssue(id);
    if (!stored) throw new Error(`issue ${id} vanished after insert`);
    return stored;
  }

  async transitionIssue(id: number, command: TransitionCommand, actor: string): Promise<TransitionResult> {
    const now = this.#now();
    // A refusal must not bump the version: it aborts the transaction like any failure.
    const refusal = new Error('transition refused');
    let result: LedgerWriteResult | undefined;
    try {
      await this.#write(async (db) => {
        result = await writeTransition(db, id, command, actor, now, this.#rules);
        if (!result.ok) throw refusal;
      });
    } catch (error) {
      if (error !== refusal) throw error;
    }
    if (!result) throw new Error('transition produced no result');
    if (!result.ok) return result;
    const issue = await this.getIssue(id);
    if (!issue) throw new Error(`issue ${id} vanished after a transition`);
    return { ok: true, issue, entry: result.entry };
  }

  listLedger(issueId: number): Promise<LedgerEntry[] | null> {
    return selectLedger(this.#pool, issueId);
  }

  exportIssues(query: IssueExportQuery): Promise<IssueView[]> {
    return selectIssueExport(this.#pool, query, this.#nowIso());
  }

  stats(query: StatsQuery): Promise<Stats | null> {
    return selectStats(this.#pool, query, this.#nowIso());
  }

  trend(query: TrendQuery): Promise<Trend | null> {
    return selectTrend(this.#pool, query, this.#now());
  }

  issuePoints(query: IssuePointsQuery): Promise<IssuePoints> {
    return selectIssuePoints(this.#pool, query, this.#nowIso());
  }

  listLines(layer: BasemapLayer, page?: LinePage): Promise<BasemapLine[]> {
    return selectLines(this.#pool, layer, page);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }
}

/** Opens (creating the schema if needed) and migrates a PostgreSQL database. */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<PostgresGridStore> {
  const target = parsePostgresUrl(url, options.schema);
  const pool = createPool(target, options.maxConnections);
  try {
    if (target.schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${target.schema}`);
    await migratePostgres(pool);
    const { rows } = await pool.query<{ data_version: number }>('SELECT data_version FROM store_meta WHERE id = 1');
    return new PostgresGridStore(pool, rows[0].data_version, options);
  } catch (error) {
    await pool.end();
    throw error;
  }
}
