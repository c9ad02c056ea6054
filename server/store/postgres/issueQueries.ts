// Read queries over the problem ledger: filters, paging, single problem, open counts, export, points.
import type { IssueStatus, Tier } from '../../model.ts';
import {
  StoreError,
  emptyTierCounts,
  type IssueExportQuery,
  type IssueFilter,
  type IssuePage,
  type IssuePoints,
  type IssuePointsQuery,
  type IssueQuery,
  type IssueStatusFilter,
  type IssueView,
  type TierCounts,
} from '../store.ts';
import { decodeIssueCursor, encodeIssueCursor } from '../cursor.ts';
import { ISSUE_COLUMNS, toIssueView, type IssueRow } from '../rows.ts';
import { SqlParams, whereClause, type Queryable } from './sql.ts';


export type IssueScopeColumn = 'township_code' | 'grid_code';

/**
 * The SQL column behind a scope. A problem counts in the grid responsible for it now
 * (current_grid_code, moved by plan edits), not the grid it was reported in (grid_code).
 */
export function issueColumn(column: IssueScopeColumn | 'village_code'): string {
  return column === 'grid_code' ? 'current_grid_code' : column;
}

/**
 * The problems of one county (6 digits), township or grid. A county is a range of township codes
 * (9 digits nest under the county's 6), so the township indexes serve it.
 */
export type IssueScope = { column: 'county'; value: string } | { column: IssueScopeColumn; value: string };

/** Grouping column of figures per county, township or grid. */
export type IssueGroupColumn = 'county' | IssueScopeColumn;

/** SQL expression of a grouping: a county is the first 6 digits of the township code. */
export function issueGroupExpression(group: IssueGroupColumn): string {
  return group === 'county' ? 'substr(township_code, 1, 6)' : issueColumn(group);
}

/** The condition of a scope, its values bound through `params`. */
export function issueScopeClause(params: SqlParams, scope: IssueScope): string {
  if (scope.column === 'county') {
    return `township_code >= ${params.add(`${scope.value}000`)} AND township_code <= ${params.add(`${scope.value}999`)}`;
  }
  return `${issueColumn(scope.column)} = ${params.add(scope.value)}`;
}

export interface IssueConditions {
  scope?: IssueScope | null;
  filter?: IssueFilter;
  status?: IssueStatusFilter;
  tiers?: readonly Tier[];
  /** Needed when status is 'overdue'. */
  nowIso?: string;
}

/** Conditions over the issues table as SQL clauses, their values bound through `params`. */
export function issueClauses(params: SqlParams, conditions: IssueConditions): string[] {
  const clauses: string[] = [];
  const { scope, filter = {}, status, tiers } = conditions;
  if (scope) clauses.push(issueScopeClause(params, scope));
  if (filter.reportedFrom !== undefined) clauses.push(`reported_at >= ${params.add(filter.reportedFrom)}`);
  if (filter.reportedBefore !== undefined) clauses.push(`reported_at < ${params.add(filter.reportedBefore)}`);
  if (filter.category !== undefined) clauses.push(`category = ${params.add(filter.category)}`);
  if (status === 'overdue') {
    clauses.push(`status = 'open' AND deadline_at < ${params.add(conditions.nowIso ?? new Date().toISOString())}`);
  } else if (status !== undefined) {
    clauses.push(`status = ${params.add(status)}`);
  }
  if (tiers && tiers.length > 0) clauses.push(`tier IN (${params.list(tiers)})`);
  return clauses;
}

export async function selectIssue(db: Queryable, id: number, nowIso: string): Promise<IssueView | null> {
  if (!Number.isSafeInteger(id) || id < 1 || id > 2 ** 31 - 1) return null;
  const { rows } = await db.query<IssueRow>(`SELECT ${ISSUE_COLUMNS} FROM issues WHERE id = $1`, [id]);
  return rows[0] ? toIssueView(rows[0], nowIso) : null;
}

export async function selectIssuePage(db: Queryable, query: IssueQuery, nowIso: string): Promise<IssuePage> {
  const params = new SqlParams();
  const clauses = issueClauses(params, { status: query.status, nowIso, tiers: query.tier ? [query.tier] : undefined });
  if (query.townshipCode !== undefined) clauses.push(`township_code = ${params.add(query.townshipCode)}`);
  if (query.gridCode !== undefined) clauses.push(`current_grid_code = ${params.add(query.gridCode)}`);
  if (query.bbox) {
    const [minLon, minLat, maxLon, maxLat] = query.bbox;
    clauses.push(`lon BETWEEN ${params.add(minLon)} AND ${params.add(maxLon)} AND lat BETWEEN ${params.add(minLat)} AND ${params.add(maxLat)}`);
  }
  if (query.cursor !== undefined) {
    const cursor = decodeIssueCursor(query.cursor);
    if (!cursor) throw new StoreError('invalid_cursor', 'cursor is malformed');
    const at = params.add(cursor.reportedAt);
    clauses.push(`(reported_at < ${at} OR (reported_at = ${at} AND id < ${params.add(cursor.id)}))`);
  }
  const limit = Math.max(1, Math.floor(query.limit));
  const { rows } = await db.query<IssueRow>(
    `SELECT ${ISSUE_COLUMNS} FROM issues${whereClause(clauses)} ORDER BY reported_at DESC, id DESC LIMIT ${params.add(limit + 1)}`,
    params.values,
  );
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return {
    issues: page.map((row) => toIssueView(row, nowIso)),
    nextCursor: hasMore && last ? encodeIssueCursor({ reportedAt: last.reported_at, id: last.id }) : null,
  };
}

export type OpenCountScope = 'township_code' | 'village_code' | 'grid_code';

/** Open issues per tier, keyed by township, village or grid code. */
export async function selectOpenCounts(db: Queryable, group: OpenCountScope, scope?: IssueScope): Promise<Map<string, TierCounts>> {
  const params = new SqlParams();
  const where = scope ? ` AND ${issueScopeClause(params, scope)}` : '';
  const column = issueColumn(group);
  const { rows } = await db.query<{ code: string; tier: Tier; n: number }>(
    `SELECT ${column} AS code, tier, count(*) AS n FROM issues WHERE status = 'open'${where} GROUP BY ${column}, tier`,
    params.values,
  );
  const counts = new Map<string, TierCounts>();
  for (const row of rows) {
    let entry = counts.get(row.code);
    if (!entry) counts.set(row.code, (entry = emptyTierCounts()));
    entry[row.tier] = row.n;
  }
  return counts;
}

export async function selectIssueExport(db: Queryable, query: IssueExportQuery, nowIso: string): Promise<IssueView[]> {
  const params = new SqlParams();
  const clauses = issueClauses(params, { filter: { reportedFrom: query.reportedFrom, reportedBefore: query.reportedBefore } });
  if (query.townshipCode !== undefined) clauses.push(`township_code = ${params.add(query.townshipCode)}`);
  if (query.gridCode !== undefined) clauses.push(`current_grid_code = ${params.add(query.gridCode)}`);
  const { rows } = await db.query<IssueRow>(`SELECT ${ISSUE_COLUMNS} FROM issues${whereClause(clauses)} ORDER BY id`, params.values);
  return rows.map((row) => toIssueView(row, nowIso));
}

/** 6 decimals ≈ 0.1 m: enough for a point on the map, and a third shorter in JSON. */
const POINT_SCALE = 1e6;

type PointRow = [number, number, number, Tier, IssueStatus, string, string, string, string, string];

export async function selectIssuePoints(db: Queryable, query: IssuePointsQuery, nowIso: string): Promise<IssuePoints> {
  const params = new SqlParams();
  const clauses = issueClauses(params, {
    filter: { reportedFrom: query.reportedFrom, reportedBefore: query.reportedBefore, category: query.category },
    status: query.status,
    tiers: query.tiers,
    nowIso,
  });
  // Array rows: no per-row objects for what may be every problem of the county.
  const { rows } = await db.query<PointRow>({
    text: `SELECT id, lon, lat, tier, status, deadline_at, current_grid_code, township_code, category, reported_at
           FROM issues${whereClause(clauses)} ORDER BY id`,
    values: params.values,
    rowMode: 'array',
  });
  const columns: IssuePoints['columns'] = {
    id: [], lon: [], lat: [], tier: [], status: [], overdue: [], gridCode: [], townshipCode: [], category: [], reportedAt: [],
  };
  for (const [id, lon, lat, tier, status, deadlineAt, gridCode, townshipCode, category, reportedAt] of rows) {
    columns.id.push(id);
    columns.lon.push(Math.round(lon * POINT_SCALE) / POINT_SCALE);
    columns.lat.push(Math.round(lat * POINT_SCALE) / POINT_SCALE);
    columns.tier.push(tier);
    columns.status.push(status);
    columns.overdue.push(status === 'open' && deadlineAt < nowIso);
    columns.gridCode.push(gridCode);
    columns.townshipCode.push(townshipCode);
    columns.category.push(category);
    columns.reportedAt.push(reportedAt);
  }
  return { count: columns.id.length, columns };
}
