import { describe, expect, it } from 'vitest';
import { blockAnchors, blocksInBox, blocksInLasso, combineSelection } from '../../web/src/planner/selection.ts';
import type { Position } from '../../server/geo/types.ts';
import { latticePlan } from './planner-fixture.ts';

describe('box and lasso selection', () => {
  const plan = latticePlan({ columns: 5, rows: 5, tile: 5, villageColumns: 5 });
  const anchors = blockAnchors(plan.blocks);
  const idsOf = (indices: number[]) => indices.map((index) => plan.blocks[index].id).sort();

  it('anchors every block at a point inside it', () => {
    anchors.forEach(([x, y], index) => {
      const ring = plan.blocks[index].polygon[0];
      expect(x).toBeGreaterThan(Math.min(...ring.map((p) => p[0])));
      expect(y).toBeLessThan(Math.max(...ring.map((p) => p[1])));
    });
  });

  it('selects the blocks whose anchor lies in the box, whichever corners are given', () => {
    // Lattice step 0.002° from (115.9, 28.5): the box spans columns 1–2 and rows 0–1.
    const corner: Position = [115.9 + 0.0021, 28.5 + 0.0001], opposite: Position = [115.9 + 0.0059, 28.5 + 0.0039];
    const expected = ['b1-0', 'b1-1', 'b2-0', 'b2-1'];
    expect(idsOf(blocksInBox(anchors, corner, opposite))).toEqual(expected);
    expect(idsOf(blocksInBox(anchors, opposite, corner))).toEqual(expected);
  });

  it('selects inside a concave lasso and nothing with fewer than three points', () => {
    // An L: the bottom row's first three blocks and the first column's next two.
    const x = (i: number) => 115.9 + i * 0.002, y = (j: number) => 28.5 + j * 0.002;
    const lasso: Position[] = [[x(0.1), y(0.1)], [x(2.9), y(0.1)], [x(2.9), y(0.9)], [x(0.9), y(0.9)], [x(0.9), y(2.9)], [x(0.1), y(2.9)]];
    expect(idsOf(blocksInLasso(anchors, lasso))).toEqual(['b0-0', 'b0-1', 'b0-2', 'b1-0', 'b2-0']);
    expect(blocksInLasso(anchors, lasso.slice(0, 2))).toEqual([]);
  });

  it('combines selections by replacing, adding or toggling', () => {
    const current = new Set(['a', 'b']);
    expect([...combineSelection(current, ['c'], 'replace')]).toEqual(['c']);
    expect([...combineSelection(current, ['b', 'c'], 'add')].sort()).toEqual(['a', 'b', 'c']);
    expect([...combineSelection(current, ['b', 'c'], 'toggle')].sort()).toEqual(['a', 'c']);
  });
});
