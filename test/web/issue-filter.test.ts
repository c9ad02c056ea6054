import { describe, expect, it } from 'vitest';
import { categoriesOf, countByTier, selectPoints, type PointFilter } from '../../web/src/state/issue-filter.ts';
import { pointColumns } from './point-columns.ts';

const columns = pointColumns([
  { tier: 'red', status: 'open', overdue: true, category: '环境卫生', reportedAt: '2026-11-25T10:00:00.000Z' },
  { tier: 'orange', status: 'open', category: '道路交通', reportedAt: '2026-11-01T10:00:00.000Z' },
  { tier: 'yellow', status: 'closed', category: '环境卫生', reportedAt: '2026-11-24T15:59:59.000Z' },
  { tier: 'red', status: 'closed', category: '矛盾纠纷', reportedAt: '2026-11-24T16:00:00.000Z', townshipCode: '360121101' },
]);
const all: PointFilter = { tiers: ['red', 'orange', 'yellow'], status: 'all', fromInstant: null, category: null };

describe('issue point filters', () => {
  it('filters by status, overdue being open and past its deadline', () => {
    expect(selectPoints(columns, { ...all, status: 'open' })).toEqual([0, 1]);
    expect(selectPoints(columns, { ...all, status: 'closed' })).toEqual([2, 3]);
    expect(selectPoints(columns, { ...all, status: 'overdue' })).toEqual([0]);
    expect(selectPoints(columns, all)).toEqual([0, 1, 2, 3]);
  });

  it('filters by tier, window start and category', () => {
    expect(selectPoints(columns, { ...all, tiers: ['red'] })).toEqual([0, 3]);
    expect(selectPoints(columns, { ...all, tiers: [] })).toEqual([]);
    // 2026-11-25 00:00 in China is 2026-11-24T16:00Z: the point one second earlier is out.
    expect(selectPoints(columns, { ...all, fromInstant: '2026-11-24T16:00:00.000Z' })).toEqual([0, 3]);
    expect(selectPoints(columns, { ...all, category: '环境卫生' })).toEqual([0, 2]);
  });

  it('counts per tier regardless of the tier toggles, optionally within one township', () => {
    expect(countByTier(columns, { ...all, tiers: [] })).toEqual({ red: 2, orange: 1, yellow: 1 });
    expect(countByTier(columns, { ...all, status: 'open', tiers: ['yellow'] })).toEqual({ red: 1, orange: 1, yellow: 0 });
    expect(countByTier(columns, all, '360121101')).toEqual({ red: 1, orange: 0, yellow: 0 });
  });

  it('lists categories most frequent first', () => {
    expect(categoriesOf(columns)).toEqual(['环境卫生', '矛盾纠纷', '道路交通']);
  });
});
