import { describe, expect, it } from 'vitest';
import { blockAt, gridBorderFeature, gridBorderFeatures, planBounds, villageBorderFeatures } from '../../web/src/planner/features.ts';
import { createModel } from '../../web/src/planner/model.ts';
import { applyCommand, planMove } from '../../web/src/planner/commands.ts';
import { colourGrids, repairColours } from '../../web/src/planner/colouring.ts';
import { gridNeighbours } from '../../web/src/planner/topology.ts';
import { outcomeOf } from '../../web/src/api/plan.ts';
import { latticePlan } from './planner-fixture.ts';

describe('planner map features', () => {
  // 6×4 blocks in two villages of 3 columns; grids are 2×2 tiles cut at the village border.
  const plan = latticePlan({ columns: 6, rows: 4, tile: 2, villageColumns: 3, seed: 2 });

  it('finds the block under a point', () => {
    const model = createModel(plan);
    const x = 115.9 + 2.5 * 0.002, y = 28.5 + 1.5 * 0.002;
    // Interior vertices are jittered by at most 0.15 of a step: the middle of a cell is safely inside it.
    expect(model.blocks[blockAt(model, x, y)].id).toBe('b2-1');
    expect(blockAt(model, 115.8, 28.4)).toBe(-1);
    expect(planBounds(model)).toEqual([115.9, 28.5, 115.9 + 6 * 0.002, 28.5 + 4 * 0.002]);
  });

  it('draws village borders along the outline and between villages only', () => {
    const model = createModel(plan);
    const lines = villageBorderFeatures(model).features[0].geometry.coordinates;
    // Outline: 2·(6+4) = 20 edges; between the two villages: 4 edges.
    expect(lines).toHaveLength(24);
  });

  it('replaces one grid border feature per changed grid', () => {
    const model = createModel(plan);
    expect(gridBorderFeatures(model).features).toHaveLength(plan.grids.length);
    const from = plan.blocks.find((block) => block.id === 'b1-0')!.gridCode;
    const to = plan.blocks.find((block) => block.id === 'b2-0')!.gridCode;
    const planned = planMove(model, ['b1-0'], to);
    if (!planned.valid) throw new Error(planned.reason);
    model.dirtySlots.clear();
    applyCommand(model, planned.command, 'forward');
    const dirty = [...model.dirtySlots].map((slot) => model.slots[slot].key).sort();
    expect(dirty).toEqual([from, to].sort());
    const feature = gridBorderFeature(model, model.slotIndex.get(to)!)!;
    expect(feature.id).toBe(model.slotIndex.get(to));
    expect(feature.properties).toEqual({ key: to, split: false });
  });

  it('colours neighbouring grids differently and keeps colours stable when repairing', () => {
    const model = createModel(latticePlan({ columns: 12, rows: 12, tile: 2, villageColumns: 12, seed: 8 }));
    const neighbours = (slot: number) => gridNeighbours(model.topology, slot);
    const colours = colourGrids(model.slots.length, neighbours);
    for (let slot = 0; slot < colours.length; slot++) for (const other of neighbours(slot)) expect(colours[other]).not.toBe(colours[slot]);
    const before = [...colours];
    repairColours(colours, [0], neighbours);
    expect(colours).toEqual(before);
  });
});

describe('save outcomes', () => {
  it('reads saved, stale and refused answers', () => {
    const result = { townshipCode: '360121100', version: 3, newCodes: {}, changedGrids: [], createdGrids: [], retiredGrids: [], relocatedIssues: 0 };
    expect(outcomeOf(201, result)).toEqual({ kind: 'saved', result });
    expect(outcomeOf(409, { error: 'stale_base', currentVersion: 7 })).toEqual({ kind: 'stale', currentVersion: 7 });
    const problems = [{ edit: 0, field: 'blockIds', reason: 'unknown block' }];
    expect(outcomeOf(422, { error: 'invalid_plan', field: 'edits', reason: 'grid in two pieces', problems })).toEqual({
      kind: 'refused',
      field: 'edits',
      reason: 'grid in two pieces',
      problems,
    });
    expect(outcomeOf(500, {})).toBeNull();
  });
});
