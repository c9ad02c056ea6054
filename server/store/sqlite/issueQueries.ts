// Read queries over the issue ledger: paging, single issue, open counts.
import type { Database } from 'better-sqlite3';
import type { Tier } from '../../model.ts';
import { StoreError, emptyTierCounts, type IssuePage, type IssueQuery, type IssueView, type TierCounts } from '../store.ts';
import { decodeIssueCursor, encodeIssueCursor } from '../cursor.ts';
import { issueColumn, issueScopeCondition, type IssueScope } from './issueFilterSql.ts';
import { ISSUE_COLUMNS, toIssueView, type IssueRow } from '../rows.ts';


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
  filter?: IssueScope,
): Map<string, TierCounts> {
  const condition = filter ? issueScopeCondition(filter) : null;
  const where = condition ? `AND ${condition.sql}` : '';
  const group = issueColumn(scope);
  const rows = db
    .prepare(`SELECT ${group} AS code, tier, count(*) AS n FROM issues WHERE status = 'open' ${where} GROUP BY ${group}, tier`)
    .all(...(condition ? condition.params : [])) as Array<{ code: string; tier: Tier; n: number }>;
  const counts = new Map<string, TierCounts>();
  for (const row of rows) {
    let entry = counts.get(row.code);
    if (!entry) counts.set(row.code, (entry = emptyTierCounts()));
    entry[row.tier] = row.n;
  }
  return counts;
}
