// Read queries over the issue ledger: paging, single issue, open counts.
import type { Database } from 'better-sqlite3';
import type { IssueStatus, Satisfaction, Tier } from '../../model.ts';
import type { IssueStage } from '../../ledger/types.ts';
import { StoreError, emptyTierCounts, type IssuePage, type IssueQuery, type IssueView, type TierCounts } from '../store.ts';
import { decodeIssueCursor, encodeIssueCursor } from '../cursor.ts';
import { issueColumn } from './issueFilterSql.ts';

export interface IssueRow {
  id: number;
  title: string;
  category: string;
  tier: Tier;
  status: IssueStatus;
  lon: number;
  lat: number;
  grid_code: string;
  current_grid_code: string | null;
  village_code: string;
  township_code: string;
  reported_at: string;
  deadline_at: string;
  closed_at: string | null;
  satisfaction: Satisfaction | null;
  synthetic: number;
  stage: IssueStage;
  responsible_unit: string | null;
  long_term: number;
  rework_count: number;
  extension_count: number;
}

export const ISSUE_COLUMNS = `id, title, category, tier, status, lon, lat, grid_code, village_code, township_code,
  reported_at, deadline_at, closed_at, satisfaction, synthetic, stage, responsible_unit, long_term, rework_count, extension_count,
  current_grid_code`;

export function toIssueView(row: IssueRow, nowIso: string): IssueView {
  return {
    id: row.id,
    title: row.title,
    category: row.category,
    tier: row.tier,
    status: row.status,
    lon: row.lon,
    lat: row.lat,
    gridCode: row.grid_code,
    // Set on insert (a trigger copies grid_code) and moved by plan versions; never null once stored.
    currentGridCode: row.current_grid_code ?? row.grid_code,
    villageCode: row.village_code,
    townshipCode: row.township_code,
    reportedAt: row.reported_at,
    deadlineAt: row.deadline_at,
    closedAt: row.closed_at,
    satisfaction: row.satisfaction,
    synthetic: row.synthetic === 1,
    stage: row.stage,
    responsibleUnit: row.responsible_unit,
    longTerm: row.long_term === 1,
    reworkCount: row.rework_count,
    extensionCount: row.extension_count,
    // Stored timestamps are canonical UTC ISO strings, so string order is time order.
    overdue: row.status === 'open' && row.deadline_at < nowIso,
  };
}

export function selectIssue(db: Database, id: number, nowIso: string): IssueView | null {
  const row = db.prepare(`SELECT ${ISSUE_COLUMNS} FROM issues WHERE id = ?`).get(id) as IssueRow | undefined;
  return row ? toIssueView(row, nowIso) : null;
}

export function selectIssuePage(db: Database, query: IssueQuery, nowIso: string): IssuePage {
  const conditions: string[] = [];
  const params: Array<string | number> = [];
  if (query.townshipCode !== undefined) {
    conditions.push('township_code = ?');
    params.push(query.townshipCode);
  }
  if (query.gridCode !== undefined) {
    conditions.push('current_grid_code = ?');
    params.push(query.gridCode);
  }
  if (query.tier !== undefined) {
    conditions.push('tier = ?');
    params.push(query.tier);
  }
  if (query.status === 'overdue') {
    conditions.push("status = 'open' AND deadline_at < ?");
    params.push(nowIso);
  } else if (query.status !== undefined) {
    conditions.push('status = ?');
    params.push(query.status);
  }
  if (query.bbox) {
    const [minLon, minLat, maxLon, maxLat] = query.bbox;
    conditions.push('lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?');
    params.push(minLon, maxLon, minLat, maxLat);
  }
  if (query.cursor !== undefined) {
    const cursor = decodeIssueCursor(query.cursor);
    if (!cursor) throw new StoreError('invalid_cursor', 'cursor is malformed');
    conditions.push('(reported_at < ? OR (reported_at = ? AND id < ?))');
    params.push(cursor.reportedAt, cursor.reportedAt, cursor.id);
  }
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  const limit = Math.max(1, Math.floor(query.limit));
  const rows = db
    .prepare(`SELECT ${ISSUE_COLUMNS} FROM issues ${where} ORDER BY reported_at DESC, id DESC LIMIT ?`)
    .all(...params, limit + 1) as IssueRow[];
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
export function selectOpenCounts(
  db: Database,
  scope: OpenCountScope,
  filter?: { column: 'township_code' | 'grid_code'; value: string },
): Map<string, TierCounts> {
  const where = filter ? `AND ${issueColumn(filter.column)} = ?` : '';
  const group = issueColumn(scope);
  const rows = db
    .prepare(`SELECT ${group} AS code, tier, count(*) AS n FROM issues WHERE status = 'open' ${where} GROUP BY ${group}, tier`)
    .all(...(filter ? [filter.value] : [])) as Array<{ code: string; tier: Tier; n: number }>;
  const counts = new Map<string, TierCounts>();
  for (const row of rows) {
    let entry = counts.get(row.code);
    if (!entry) counts.set(row.code, (entry = emptyTierCounts()));
    entry[row.tier] = row.n;
  }
  return counts;
}
