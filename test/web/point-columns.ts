// Builds column-wise issue points for tests from a few fields per point.
import type { IssuePointColumns } from '../../web/src/api/types.ts';

export interface PointSpec {
  tier?: 'red' | 'orange' | 'yellow';
  status?: 'open' | 'closed';
  overdue?: boolean;
  gridCode?: string;
  townshipCode?: string;
  category?: string;
  reportedAt?: string;
}

export function pointColumns(points: readonly PointSpec[]): IssuePointColumns {
  return {
    id: points.map((_, index) => index + 1),
    lon: points.map((_, index) => 115.9 + index * 0.001),
    lat: points.map((_, index) => 28.5 + index * 0.001),
    tier: points.map((point) => point.tier ?? 'red'),
    status: points.map((point) => point.status ?? 'open'),
    overdue: points.map((point) => point.overdue ?? false),
    gridCode: points.map((point) => point.gridCode ?? '360121100001001'),
    townshipCode: points.map((point) => point.townshipCode ?? (point.gridCode ?? '360121100001001').slice(0, 9)),
    category: points.map((point) => point.category ?? '环境卫生'),
    reportedAt: points.map((point) => point.reportedAt ?? '2026-11-20T02:00:00.000Z'),
  };
}
