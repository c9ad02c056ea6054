// Problems of an area and reporting window, in id order, for the ledger export.
import type { Database } from 'better-sqlite3';
import type { IssueExportQuery, IssueView } from '../store.ts';
import { ISSUE_COLUMNS, toIssueView, type IssueRow } from '../rows.ts';
import { issueScopeCondition, issueWhere, type IssueScope } from './issueFilterSql.ts';

export function selectIssueExport(db: Database, query: IssueExportQuery, nowIso: string): IssueView[] {
  const where = issueWhere({ scope: null, filter: { reportedFrom: query.reportedFrom, reportedBefore: query.reportedBefore } });
  const scopes: IssueScope[] = [];
  if (query.townshipCode !== undefined) scopes.push({ column: 'township_code', value: query.townshipCode });
  if (query.gridCode !== undefined) scopes.push({ column: 'grid_code', value: query.gridCode });
  const conditions = scopes.map(issueScopeCondition);
  const clauses = [where.sql.replace(/^ WHERE /, ''), ...conditions.map((condition) => condition.sql)].filter((c) => c !== '');
  const params = [...where.params, ...conditions.flatMap((condition) => condition.params)];
  const sql = `SELECT ${ISSUE_COLUMNS} FROM issues${clauses.length > 0 ? ` WHERE ${clauses.join(' AND ')}` : ''} ORDER BY id`;
  return (db.prepare(sql).all(...params) as IssueRow[]).map((row) => toIssueView(row, nowIso));
}
