// Every matching problem as parallel columns: one pass over the rows, no per-row objects kept.
import type { Database } from 'better-sqlite3';
import type { IssueStatus, Tier } from '../../model.ts';
import type { IssuePoints, IssuePointsQuery } from '../store.ts';
import { issueWhere } from './issueFilterSql.ts';

/** 6 decimals ≈ 0.1 m: enough for a point on the map, and a third shorter in JSON. */
const POINT_SCALE = 1e6;

type PointRow = [number, number, number, Tier, IssueStatus, string, string, string, string, string];

export function selectIssuePoints(db: Database, query: IssuePointsQuery, nowIso: string): IssuePoints {
  const where = issueWhere({
    filter: { reportedFrom: query.reportedFrom, reportedBefore: query.reportedBefore, category: query.category },
    status: query.status,
    tiers: query.tiers,
    nowIso,
  });
  const statement = db
    .prepare(
      `SELECT id, lon, lat, tier, status, deadline_at, current_grid_code, township_code, category, reported_at
       FROM issues${where.sql} ORDER BY id`,
    )
    .raw(true);
  const columns: IssuePoints['columns'] = {
    id: [], lon: [], lat: [], tier: [], status: [], overdue: [], gridCode: [], townshipCode: [], category: [], reportedAt: [],
  };
  for (const row of statement.iterate(...where.params) as IterableIterator<PointRow>) {
    const [id, lon, lat, tier, status, deadlineAt, gridCode, townshipCode, category, reportedAt] = row;
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
