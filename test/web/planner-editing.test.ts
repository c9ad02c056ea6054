import { describe, expect, it } from 'vitest';
import { createModel, keyOfBlock, liveSlots, outlineOf } from '../../web/src/planner/model.ts';
import { applyCommand, planCreateGrid, planMerge, planMove, planRename, planSplitBlock, type BlockSplitter, type PlannerCommand } from '../../web/src/planner/commands.ts';
import { allFigures, balanceState, buildChangeset, changeSummary, compactness } from '../../web/src/planner/changeset.ts';
import { EMPTY_HISTORY, record, redo, undo, type History } from '../../web/src/planner/history.ts';
import { polygonAreaM2, polygonPerimeterM } from '../../server/geo/ring.ts';
import type { PlanBlock, TownshipPlan } from '../../server/plan/types.ts';
import type { Position } from '../../server/geo/types.ts';
import { latticePlan, mulberry32 } from './planner-fixture.ts';

// Two villages of 4 columns each, grids as 2×2 tiles of blocks.
const plan = () => latticePlan({ columns: 8, rows: 4, tile: 2, villageColumns: 4, seed: 9 });
const gridOf = (p: TownshipPlan, id: string) => p.blocks.find((block) => block.id === id)!.gridCode;

function perform(model: ReturnType<typeof createModel>, history: History<PlannerCommand>, command: PlannerCommand) {
  applyCommand(model, command, 'forward');
  return record(history, command);
}

describe('planner edits', () => {
  it('moves a block to the neighbouring grid and builds the changeset', () => {
    const saved = plan();
    const model = createModel(saved);
    const target = gridOf(saved, 'b2-0');
    const planned = planMove(model, ['b1-0'], target);
    expect(planned.valid).toBe(true);
    if (!planned.valid) return;
    applyCommand(model, planned.command, 'forward');
    expect(keyOfBlock(model, 'b1-0')).toBe(target);
    const summary = changeSummary(model);
    expect(summary.movedBlocks).toEqual(['b1-0']);
    expect(summary.changed).toBe(true);
    const changeset = buildChangeset(model, '规划员', '新建道路');
    expect(changeset).toEqual({ baseVersion: 1, author: '规划员', reason: '新建道路', edits: [{ kind: 'move_blocks', blockIds: ['b1-0'], to: { code: target } }] });
  });

  it('refuses a move across a village border, to a grid not next to the selection, or to its own grid', () => {
    const saved = plan();
    const model = createModel(saved);
    // b3-0 is the last column of village 1; b4-0 the first of village 2.
    expect(planMove(model, ['b3-0'], gridOf(saved, 'b4-0'))).toMatchObject({ valid: false, reason: 'crossesVillage' });
    expect(planMove(model, ['b0-0'], gridOf(saved, 'b3-3'))).toMatchObject({ valid: false, reason: 'notNeighbour' });
    expect(planMove(model, ['b0-0'], gridOf(saved, 'b0-0'))).toMatchObject({ valid: false, reason: 'alreadyInGrid' });
    expect(planMove(model, [], gridOf(saved, 'b0-0'))).toMatchObject({ valid: false, reason: 'emptySelection' });
    expect(planCreateGrid(model, ['b3-0', 'b4-0'], '新网格')).toMatchObject({ valid: false, reason: 'crossesVillage' });
  });

  it('creates, merges and renames grids, and undoes and redoes every step back to the saved plan', () => {
    const saved = plan();
    const model = createModel(saved);
    let history: History<PlannerCommand> = EMPTY_HISTORY;
    const created = planCreateGrid(model, ['b0-0', 'b0-1'], '新网格一');
    expect(created.valid).toBe(true);
    if (!created.valid) return;
    history = perform(model, history, created.command);
    expect(liveSlots(model)).toHaveLength(saved.grids.length + 1);
    const merge = planMerge(model, gridOf(saved, 'b2-2'), gridOf(saved, 'b2-0'));
    expect(merge.valid).toBe(true);
    if (!merge.valid) return;
    history = perform(model, history, merge.command);
    const rename = planRename(model, gridOf(saved, 'b2-0'), '合并网格');
    if (!rename.valid) throw new Error('rename refused');
    history = perform(model, history, rename.command);
    const summary = changeSummary(model);
    expect(summary.createdGrids).toEqual(['new:g1']);
    expect(summary.retiredGrids).toEqual([gridOf(saved, 'b2-2')]);
    expect(summary.renamedGrids).toEqual([gridOf(saved, 'b2-0')]);
    const changeset = buildChangeset(model, 'a', 'r');
    expect(changeset.edits[0]).toEqual({ kind: 'create_grid', newGrid: 'g1', villageCode: saved.blocks[0].villageCode, name: '新网格一' });
    expect(changeset.edits).toContainEqual({ kind: 'move_blocks', blockIds: ['b0-0', 'b0-1'], to: { newGrid: 'g1' } });
    expect(changeset.edits).toContainEqual({ kind: 'rename_grid', grid: { code: gridOf(saved, 'b2-0') }, name: '合并网格' });

    for (let step = 0; step < 3; step++) {
      const back = undo(history)!;
      applyCommand(model, back.command, 'backward');
      history = back.history;
    }
    expect(changeSummary(model).changed).toBe(false);
    expect(buildChangeset(model, 'a', 'r').edits).toEqual([]);
    for (let step = 0; step < 3; step++) {
      const again = redo(history)!;
      applyCommand(model, again.command, 'forward');
      history = again.history;
    }
    expect(changeSummary(model)).toEqual(summary);
  });

  it('keeps figures equal to a model built from scratch after random moves and their undo', () => {
    const saved = latticePlan({ columns: 12, rows: 10, tile: 3, villageColumns: 6, seed: 21 });
    const model = createModel(saved);
    const random = mulberry32(4);
    let history: History<PlannerCommand> = EMPTY_HISTORY;
    let done = 0;
    while (done < 120) {
      const block = saved.blocks[Math.floor(random() * saved.blocks.length)];
      const targets = model.slots.map((slot) => slot.key).filter((key) => key !== keyOfBlock(model, block.id));
      const planned = planMove(model, [block.id], targets[Math.floor(random() * targets.length)]);
      if (!planned.valid) continue;
      history = perform(model, history, planned.command);
      done++;
    }
    const edited: TownshipPlan = { ...saved, blocks: saved.blocks.map((block) => ({ ...block, gridCode: keyOfBlock(model, block.id)! })) };
    const fresh = createModel(edited);
    const figures = (m: ReturnType<typeof createModel>) => allFigures(m).map((f) => ({ ...f, slot: 0, compactness: Math.round(f.compactness * 1e9), areaM2: Math.round(f.areaM2) })).sort((a, b) => a.key.localeCompare(b.key));
    expect(figures(model)).toEqual(figures(fresh));
    while (history.past.length > 0) {
      const back = undo(history)!;
      applyCommand(model, back.command, 'backward');
      history = back.history;
    }
    expect(changeSummary(model).changed).toBe(false);
    expect(figures(model)).toEqual(figures(createModel(saved)));
  });

  it('splits a block through the splitter and undoes the split', () => {
    const saved = plan();
    const model = createModel(saved);
    // A stand-in cutter: halves the block at its middle column, ids by the contract's rule.
    const splitter: BlockSplitter = (base, edits) => {
      let blocks: PlanBlock[] = base.blocks;
      for (const edit of edits) {
        const block = blocks.find((candidate) => candidate.id === edit.blockId);
        if (!block) return { valid: false, problems: [{ edit: 0, field: 'blockId', reason: 'unknown block' }] };
        const [a, b, c, d] = block.polygon[0];
        const mid = (p: Position, q: Position): Position => [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2];
        const west: Position[] = [a, mid(a, b), mid(d, c), d, a];
        const east: Position[] = [mid(a, b), b, c, mid(d, c), mid(a, b)];
        blocks = blocks.flatMap((candidate) =>
          candidate !== block
            ? [candidate]
            : [
                { ...block, id: `${block.id}.1`, households: block.households / 2, areaM2: polygonAreaM2([west]), polygon: [west] },
                { ...block, id: `${block.id}.2`, households: block.households / 2, areaM2: polygonAreaM2([east]), polygon: [east] },
              ],
        );
      }
      return { valid: true, plan: { ...base, blocks } };
    };
    const block = saved.blocks.find((candidate) => candidate.id === 'b1-1')!;
    const ring = block.polygon[0];
    const centre: Position = [(ring[0][0] + ring[2][0]) / 2, (ring[0][1] + ring[2][1]) / 2];
    const line: Position[] = [[centre[0], centre[1] - 0.0012], [centre[0], centre[1] + 0.0012]];
    const planned = planSplitBlock(model, line, splitter);
    expect(planned.valid).toBe(true);
    if (!planned.valid) return;
    applyCommand(model, planned.command, 'forward');
    expect(keyOfBlock(model, 'b1-1.1')).toBe(block.gridCode);
    expect(keyOfBlock(model, 'b1-1.2')).toBe(block.gridCode);
    expect(keyOfBlock(model, 'b1-1')).toBeNull();
    // The grid's outline is unchanged by the split (the pieces' inner edge is not a border).
    const slot = model.slotIndex.get(block.gridCode)!;
    expect(polygonAreaM2(outlineOf(model, slot)[0])).toBeCloseTo(allFigures(model).find((f) => f.key === block.gridCode)!.areaM2, 0);
    expect(changeSummary(model).splitBlocks).toBe(1);
    expect(changeSummary(model).movedBlocks).toEqual([]);
    expect(changeSummary(model).splitPieces.sort()).toEqual(['b1-1.1', 'b1-1.2']);
    expect(buildChangeset(model, 'a', 'r').edits).toEqual([{ kind: 'split_block', blockId: 'b1-1', line }]);
    applyCommand(model, planned.command, 'backward');
    expect(keyOfBlock(model, 'b1-1')).toBe(block.gridCode);
    expect(changeSummary(model).changed).toBe(false);
  });
});

describe('planner figures', () => {
  it('rates households against the target with its tolerance', () => {
    const target = { households: 100, tolerance: 0.25 };
    expect(balanceState(74, target)).toBe('under');
    expect(balanceState(75, target)).toBe('within');
    expect(balanceState(125, target)).toBe('within');
    expect(balanceState(126, target)).toBe('over');
  });

  it('computes Polsby–Popper compactness: π/4 for a square', () => {
    const square: Position[] = [[115.9, 28.5], [115.901, 28.5], [115.901, 28.500878], [115.9, 28.500878], [115.9, 28.5]];
    expect(compactness(polygonAreaM2([square]), polygonPerimeterM([square]))).toBeCloseTo(Math.PI / 4, 2);
    expect(compactness(1, 0)).toBe(0);
  });

  it('flags a grid cut in two', () => {
    const saved = latticePlan({ columns: 3, rows: 3, tile: 3, villageColumns: 3 });
    const model = createModel(saved);
    const created = planCreateGrid(model, ['b1-0', 'b1-1', 'b1-2'], '中间');
    if (!created.valid) throw new Error('refused');
    applyCommand(model, created.command, 'forward');
    const figures = allFigures(model);
    expect(figures.find((f) => f.key === saved.grids[0].code)!.pieces).toBe(2);
    expect(figures.find((f) => f.key === 'new:g1')!.pieces).toBe(1);
  });
});
