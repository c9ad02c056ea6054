// WHERE clauses over the issues table for windows, categories, tiers and status, with bound parameters.
import type { Tier } from '../../model.ts';
import type { IssueFilter, IssueStatusFilter } from '../store.ts';

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

/** The condition of a scope with its bound parameters (no leading keyword). */
export function issueScopeCondition(scope: IssueScope): SqlWhere {
  if (scope.column === 'county') {
    return { sql: "township_code >= (? || '000') AND township_code <= (? || '999')", params: [scope.value, scope.value] };
  }
  return { sql: `${issueColumn(scope.column)} = ?`, params: [scope.value] };
}

export interface IssueConditions {
  scope?: IssueScope | null;
  filter?: IssueFilter;
  status?: IssueStatusFilter;
  tiers?: readonly Tier[];
  /** Needed when status is 'overdue'. */
  nowIso?: string;
}

export interface SqlWhere {
  /** Empty, or ` WHERE ...` with a leading space. */
  sql: string;
  params: Array<string | number>;
}

export function issueWhere(conditions: IssueConditions): SqlWhere {
  const clauses: string[] = [];
  const params: Array<string | number> = [];
  const { scope, filter = {}, status, tiers } = conditions;
  if (scope) {
    const condition = issueScopeCondition(scope);
    clauses.push(condition.sql);
    params.push(...condition.params);
  }
  // Stored timestamps are canonical UTC ISO strings, so string order is time order.
  if (filter.reportedFrom !== undefined) {
    clauses.push('reported_at >= ?');
    params.push(filter.reportedFrom);
  }
  if (filter.reportedBefore !== undefined) {
    clauses.push('reported_at < ?');
    params.push(filter.reportedBefore);
  }
  if (filter.category !== undefined) {
    clauses.push('category = ?');
    params.push(filter.category);
  }
  if (status === 'overdue') {
    clauses.push("status = 'open' AND deadline_at < ?");
    params.push(conditions.nowIso ?? new Date().toISOString());
  } else if (status !== undefined) {
    clauses.push('status = ?');
    params.push(status);
  }
  if (tiers && tiers.length > 0) {
    clauses.push(`tier IN (${tiers.map(() => '?').join(', ')})`);
    params.push(...tiers);
  }
  return { sql: clauses.length > 0 ? ` WHERE ${clauses.join(' AND ')}` : '', params };
}
