// A valid new problem placed in the middle of a fixture grid, for store and HTTP tests.
import type { Dataset, NewIssue } from '../../server/model.ts';

export function newIssueIn(dataset: Dataset, gridCode: string, overrides: Partial<NewIssue> = {}): NewIssue {
  const grid = dataset.grids.find((g) => g.code === gridCode);
  if (!grid) throw new Error(`fixture has no grid ${gridCode}`);
  const [[west, south], , [east, north]] = grid.polygon[0];
  return {
    title: '井盖缺失存在安全隐患',
    category: '治安隐患',
    tier: 'red',
    status: 'open',
    lon: (west + east) / 2,
    lat: (south + north) / 2,
    gridCode,
    villageCode: grid.villageCode,
    townshipCode: grid.townshipCode,
    reportedAt: '2015-04-30T12:00:00.000Z',
    deadlineAt: '2015-05-03T12:00:00.000Z',
    closedAt: null,
    satisfaction: null,
    synthetic: false,
    ...overrides,
  };
}
