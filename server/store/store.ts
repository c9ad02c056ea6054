// The storage interface every backend implements (SQLite now, PostgreSQL later).
// Reads and writes return `Awaitable` so a network database can implement the same contract;
// `dataVersion()` stays synchronous because the HTTP cache reads it on every request.
import type { AreaGeometry, Dataset, IssueRecord, IssueStatus, NewIssue, Tier } from '../model.ts';
import type { PolygonCoords, Position } from '../geo/types.ts';
import type { LedgerEntry, TransitionCommand } from '../ledger/types.ts';

export type Awaitable<T> = T | Promise<T>;

/** Open problems counted per tier. */
export interface TierCounts {
  red: number;
  orange: number;
  yellow: number;
}

/**
 * What is seeded. With several counties: `id` is the sha256 of the datasets' sorted ids,
 * `countyCode` the first county by code, `attribution` their distinct attributions joined by
 * ' · ', `syntheticLayers` their union and `seededAt` the latest seeding.
 */
export interface DatasetInfo {
  /** Content hash of the seeded dataset (sha256 hex): seeding the same content again is a no-op. */
  id: string;
  countyCode: string;
  attribution: string;
  syntheticLayers: string[];
  seededAt: string;
  /** Counties stored (a province is seeded county by county). */
  countyCount: number;
}

export interface CountySummary {
  code: string;
  name: string;
  geometry: AreaGeometry;
}

/** A county with its headline counts, for the province level. */
export interface CountyOverview extends CountySummary {
  townshipCount: number;
  gridCount: number;
  households: number;
  openIssues: TierCounts;
}

/** The province a database's counties belong to. */
export interface ProvinceSummary {
  /** 2 digits: the prefix every stored county code starts with. */
  code: string;
  /** The stored province name; the code when no dataset named one. */
  name: string;
  countyCount: number;
}

export interface TownshipSummary {
  code: string;
  name: string;
  geometry: AreaGeometry;
  gridCount: number;
  households: number;
  openIssues: TierCounts;
}

export interface VillageSummary {
  code: string;
  name: string;
  townshipCode: string;
  geometry: AreaGeometry;
  gridCount: number;
  households: number;
  openIssues: TierCounts;
}

export interface GridSummary {
  code: string;
  name: string;
  townshipCode: string;
  villageCode: string;
  households: number;
  areaM2: number;
  /** Plan version of the township this grid belongs to (valid_from_version). */
  version: number;
  blockIds: string[];
  polygon: PolygonCoords;
  openIssues: TierCounts;
}

export interface BlockSummary {
  id: string;
  townshipCode: string;
  villageCode: string;
  /** Grid the block is currently assigned to; null when unassigned. */
  gridCode: string | null;
  households: number;
  areaM2: number;
  polygon: PolygonCoords;
}

/** An issue as read back: the stored record plus `overdue`, computed from the store's clock. */
export interface IssueView extends IssueRecord {
  /**
   * The grid responsible for the problem now: `gridCode` (the grid when it was reported) until a
   * plan version moves the problem's point into another grid. Filters by grid use this one.
   */
  currentGridCode: string;
  overdue: boolean;
}

/** `overdue` = open and past its deadline (computed at query time, never stored). */
export type IssueStatusFilter = IssueStatus | 'overdue';

export interface IssueQuery {
  townshipCode?: string;
  gridCode?: string;
  tier?: Tier;
  status?: IssueStatusFilter;
  /** [minLon, minLat, maxLon, maxLat], inclusive. */
  bbox?: [number, number, number, number];
  limit: number;
  /** Opaque cursor from a previous page's `nextCursor`. */
  cursor?: string;
}

export interface IssuePage {
  issues: IssueView[];
  /** Cursor for the next page; null on the last page. */
  nextCursor: string | null;
}

export type StatsLevel = 'province' | 'county' | 'township' | 'grid';

/** Narrows figures to problems reported in a window and/or of one category. */
export interface IssueFilter {
  /** Inclusive lower bound on reportedAt (ISO 8601 instant). */
  reportedFrom?: string;
  /** Exclusive upper bound on reportedAt (ISO 8601 instant). */
  reportedBefore?: string;
  /** Exact category name. */
  category?: string;
}

export interface StatsQuery extends IssueFilter {
  level: StatsLevel;
  /**
   * County (6 digits), township (9) or grid (15) code; ignored for the province. Optional for the
   * county: absent means the first county by code (the only one in a county database).
   */
  code?: string;
}

/** One row of the ranking of the level below (counties of the province, townships of a county, grids of a township). */
export interface StatsRow {
  code: string;
  name: string;
  collected: number;
  closed: number;
  closeRate: number | null;
  onTimeCloseRate: number | null;
  overdue: number;
  openByTier: TierCounts;
  satisfactionRate: number | null;
  households: number;
}

/** Lifecycle figures of a ranking row (kept apart so plain StatsRow literals stay valid). */
export interface LifecycleRates {
  /** Problems accepted (立案): past the report and not rejected. */
  accepted: number;
  /** Accepted problems sent back at least once by a failed verification ÷ accepted; null when none. */
  reworkRate: number | null;
  /** Accepted problems whose deadline was extended at least once ÷ accepted; null when none. */
  extensionRate: number | null;
}

export type RankingRow = StatsRow & LifecycleRates;

export interface Stats extends LifecycleRates {
  level: StatsLevel;
  code: string;
  name: string;
  collected: number;
  closed: number;
  open: number;
  /** closed / collected; null when nothing was collected. */
  closeRate: number | null;
  openByTier: TierCounts;
  /** Open issues past their deadline at `asOf`. */
  overdue: number;
  /** Closed issues with a satisfaction answer. */
  evaluated: number;
  satisfied: number;
  basicallySatisfied: number;
  dissatisfied: number;
  /** (satisfied + basically satisfied) / evaluated; null when none was evaluated. */
  satisfactionRate: number | null;
  /** Closed by the deadline ÷ (closed + open and overdue); null when that is 0. */
  onTimeCloseRate: number | null;
  /** Accepted problems sent back at least once (返工). */
  reworked: number;
  /** Accepted problems with at least one extension. */
  extended: number;
  /** Ranking rows of the level below, sorted by code (a grid has none). */
  children: RankingRow[];
  /** The clock reading used for `overdue`. */
  asOf: string;
}

export interface TrendQuery {
  level: StatsLevel;
  code?: string;
  /** Number of weeks ending with the current one (1..104). */
  weeks: number;
  category?: string;
}

export interface TrendWeek {
  /** Monday of the ISO week in the ledger's time zone (Asia/Shanghai), YYYY-MM-DD. */
  weekStart: string;
  /** Problems reported in the week. */
  collected: number;
  /** Problems closed in the week (whenever reported). */
  closed: number;
}

export interface Trend {
  weeks: TrendWeek[];
}

export interface IssuePointsQuery extends IssueFilter {
  status?: IssueStatusFilter;
  /** Any of these tiers; all when absent or empty. */
  tiers?: Tier[];
}

/** Column-wise problem points: entry i of every column describes the same problem. */
export interface IssuePointColumns {
  id: number[];
  lon: number[];
  lat: number[];
  tier: Tier[];
  status: IssueStatus[];
  overdue: boolean[];
  gridCode: string[];
  townshipCode: string[];
  category: string[];
  reportedAt: string[];
}

export interface IssuePoints {
  count: number;
  columns: IssuePointColumns;
}

export type BasemapLayer = 'streets' | 'water';

/** One page of lines in id order: those after `afterId`, at most `limit` of them. */
export interface LinePage {
  afterId?: number;
  limit?: number;
}

/** A street or water centre-line for the basemap. */
export interface BasemapLine {
  id: number;
  class: string;
  name: string | null;
  coordinates: Position[];
}

/** Problems of an area reported in a window, for the ledger export. */
export interface IssueExportQuery extends Pick<IssueFilter, 'reportedFrom' | 'reportedBefore'> {
  townshipCode?: string;
  gridCode?: string;
}

export type TransitionResult =
  | { ok: true; issue: IssueView; entry: LedgerEntry }
  | { ok: false; code: 'unknown_issue' | 'invalid_transition'; reason: string; field: string };

export interface GridStore {
  /**
   * Stores a whole county dataset in one transaction, next to the counties already stored (a
   * province is seeded county by county). Seeding again with the same content is a no-op; a
   * different dataset for a county already stored, or a province other than the stored one,
   * throws a StoreError('conflict').
   */
  seedDataset(dataset: Dataset): Awaitable<void>;
  isSeeded(): Awaitable<boolean>;
  datasetInfo(): Awaitable<DatasetInfo | null>;
  /** Increases with every committed write; cheap (no I/O). */
  dataVersion(): number;
  /** With a code: that county or null. Without: the first county by code (null when nothing is seeded). */
  getCounty(code?: string): Awaitable<CountySummary | null>;
  /** Every stored county with its counts, sorted by code. */
  listCounties(): Awaitable<CountyOverview[]>;
  /** Null when nothing is seeded. */
  getProvince(): Awaitable<ProvinceSummary | null>;
  /** Sorted by code; only the townships of one county when `countyCode` is given. */
  listTownships(query?: { countyCode?: string }): Awaitable<TownshipSummary[]>;
  /** Null when the township code is unknown. */
  listVillages(townshipCode?: string): Awaitable<VillageSummary[] | null>;
  /** Current grids; null when the township code is unknown. */
  listGrids(query?: { townshipCode?: string }): Awaitable<GridSummary[] | null>;
  getGrid(code: string): Awaitable<GridSummary | null>;
  /** Blocks of a township with their current grid; null when the township code is unknown. */
  listBlocks(query: { townshipCode: string }): Awaitable<BlockSummary[] | null>;
  /** Newest first (reportedAt, then id, descending); keyset-paged. */
  listIssues(query: IssueQuery): Awaitable<IssuePage>;
  getIssue(id: number): Awaitable<IssueView | null>;
  /** One transaction; throws StoreError('unknown_grid' | 'invalid') and stores nothing on failure. */
  insertIssue(issue: NewIssue): Awaitable<IssueView>;
  /**
   * Applies one lifecycle transition: the issue update and its ledger entry commit together, or
   * nothing changes and the refusal names the offending field.
   */
  transitionIssue(id: number, command: TransitionCommand, actor: string): Awaitable<TransitionResult>;
  /** The problem's ledger entries in order; null when there is no such problem. */
  listLedger(issueId: number): Awaitable<LedgerEntry[] | null>;
  /** Every matching problem, ordered by id. */
  exportIssues(query: IssueExportQuery): Awaitable<IssueView[]>;
  /** Null when the county, township or grid code is unknown (or nothing is seeded). */
  stats(query: StatsQuery): Awaitable<Stats | null>;
  /** Weekly collected/closed counts, oldest week first; null when the township or grid code is unknown. */
  trend(query: TrendQuery): Awaitable<Trend | null>;
  /** Every matching problem as compact columns, ordered by id. */
  issuePoints(query: IssuePointsQuery): Awaitable<IssuePoints>;
  /** Stored street or water lines in dataset order; empty when the dataset had none. */
  /** A province holds millions of lines: readers that need them all page through them. */
  listLines(layer: BasemapLayer, page?: LinePage): Awaitable<BasemapLine[]>;
  close(): Awaitable<void>;
}

export type StoreErrorCode = 'conflict' | 'invalid' | 'unknown_grid' | 'invalid_cursor' | 'not_seeded';

/** A write refused by the store; nothing was changed. */
export class StoreError extends Error {
  readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, message: string) {
    super(message);
    this.name = 'StoreError';
    this.code = code;
  }
}

export function emptyTierCounts(): TierCounts {
  return { red: 0, orange: 0, yellow: 0 };
}
