// Seeded fuzz: hundreds of random edits (block moves to a neighbouring grid of the same village,
// block splits along random lines, now and then a rollback) saved one by one. After every save the
// grids must tile the stored village outlines exactly; every refused edit must leave the database
// unchanged.
import { describe, expect, it } from 'vitest';
import { openSqliteStore, type SqliteGridStore } from '../../server/store/sqlite/sqliteStore.ts';
import { PlanError } from '../../server/store/plan.ts';
import { applyEdits } from '../../server/plan/apply.ts';
import { validatePlan } from '../../server/plan/validate.ts';
import { neighbourLists } from '../../server/plan/adjacency.ts';
import { validateCoverage } from '../../server/geo/coverage.ts';
import { interiorPoint } from '../../server/geo/interior-point.ts';
import { ringBBox } from '../../server/geo/ring.ts';
import { mulberry32 } from '../../server/synth/random.ts';
import type { PlanEdit, TownshipPlan } from '../../server/plan/types.ts';
import type { Position } from '../../server/geo/types.ts';
import type { Dataset } from '../../server/model.ts';
import { LATTICE_NOW, TOWNSHIP_A, loadLatticeDataset } from '../fixtures/plan/lattice.ts';
import { loadRealTownship } from '../fixtures/plan/real-township.ts';

function randomEdit(plan: TownshipPlan, random: () => number): PlanEdit | null {
  if (random() < 0.6) {
    // A block on a grid border moves to a neighbouring grid of its village.
    const neighbours = neighbourLists(plan.blocks.map((b) => b.polygon));
    const moves = plan.blocks.flatMap((block, index) =>
      neighbours[index]
        .map((other) => plan.blocks[other])
        .filter((other) => other.villageCode === block.villageCode && other.gridCode !== block.gridCode)
        .map((other) => ({ block, to: other.gridCode })),
    );
    if (moves.length === 0) return null;
    const move = moves[Math.floor(random() * moves.length)];
    return { kind: 'move_blocks', blockIds: [move.block.id], to: { code: move.to } };
  }
  const block = plan.blocks[Math.floor(random() * plan.blocks.length)];
  // A straight or bent line through an inside point of the block, long enough to cross it.
  const centre = interiorPoint(block.polygon)!;
  const [minX, minY, maxX, maxY] = ringBBox(block.polygon[0]);
  const reach = Math.hypot(maxX - minX, maxY - minY) * 1.5;
  const angle = random() * Math.PI;
  const bend = (random() - 0.5) * 0.6;
  const line: Position[] = [
    [centre[0] - Math.cos(angle) * reach, centre[1] - Math.sin(angle) * reach],
    centre,
    [centre[0] + Math.cos(angle + bend) * reach, centre[1] + Math.sin(angle + bend) * reach],
  ];
  return { kind: 'split_block', blockId: block.id, line };
}

function expectVillagesTiledExactly(store: SqliteGridStore, townshipCode: string, step: number): void {
  const villages = store.listVillages(townshipCode)!;
  const grids = store.listGrids({ townshipCode })!;
  const report = validateCoverage({
    areas: villages.map((village) => ({ code: village.code, geometry: village.geometry })),
    grids: grids.map((grid) => ({ code: grid.code, parentCode: grid.villageCode, geometry: { type: 'Polygon' as const, coordinates: grid.polygon } })),
  });
  const summary = JSON.stringify({ step, gaps: report.gaps.slice(0, 3), overlaps: report.overlaps.slice(0, 3), rings: report.invalidRings.slice(0, 3), apart: report.nonContiguous });
  expect(report.valid, summary).toBe(true);
  expect(report.exactlyTiledAreas, summary).toBe(villages.length);
}

function fuzz(dataset: Dataset, townshipCode: string, steps: number, seed: number, rollbacks = false) {
  const store = openSqliteStore(':memory:', { now: () => LATTICE_NOW });
  store.seedDataset(dataset);
  const random = mulberry32(seed);
  const counts = { moves: 0, splits: 0, refused: 0, rollbacks: 0 };
  try {
    expectVillagesTiledExactly(store, townshipCode, 0);
    for (let step = 1; step <= steps; step++) {
      const plan = store.plan.getPlan(townshipCode)!;
      if (rollbacks && plan.version > 2 && random() < 0.05) {
        // Now and then, back to an earlier version (as a new one).
        const toVersion = 1 + Math.floor(random() * (plan.version - 1));
        const result = store.plan.rollback(townshipCode, { toVersion, baseVersion: plan.version, author: 'fuzz', reason: `step ${step}` });
        const restored = store.plan.getPlan(townshipCode)!;
        const assignment = (p: TownshipPlan) => p.blocks.map((b) => `${b.id}:${b.gridCode}`).sort().join(' ');
        expect(assignment(restored)).toBe(assignment(store.plan.getPlanAt(townshipCode, toVersion)!));
        expect(JSON.stringify(restored)).toBe(JSON.stringify(store.plan.getPlanAt(townshipCode, result.version)));
        counts.rollbacks++;
        expectVillagesTiledExactly(store, townshipCode, step);
        continue;
      }
      const edit = randomEdit(plan, random);
      if (!edit) continue;
      const applied = applyEdits(plan, [edit]);
      const expectedValid = applied.valid && validatePlan(applied.plan).valid;
      const before = { dataVersion: store.dataVersion(), plan: JSON.stringify(plan) };
      const changeset = { baseVersion: plan.version, author: 'fuzz', reason: `step ${step}`, edits: [edit] };
      if (!expectedValid) {
        expect(() => store.plan.saveChangeset(townshipCode, changeset)).toThrow(PlanError);
        expect(store.dataVersion()).toBe(before.dataVersion);
        expect(JSON.stringify(store.plan.getPlanAt(townshipCode, plan.version))).toBe(before.plan);
        counts.refused++;
        continue;
      }
      const result = store.plan.saveChangeset(townshipCode, changeset);
      expect(result.version).toBe(plan.version + 1);
      // The plan the store remembers after writing is the plan a fresh read finds.
      expect(JSON.stringify(store.plan.getPlan(townshipCode))).toBe(JSON.stringify(store.plan.getPlanAt(townshipCode, result.version)));
      if (edit.kind === 'split_block') counts.splits++;
      else counts.moves++;
      expectVillagesTiledExactly(store, townshipCode, step);
    }
    const final = store.plan.getPlan(townshipCode)!;
    expect(validatePlan(final).valid).toBe(true);
    // Households are only shared out by splits, never created or lost.
    const households = (plan: TownshipPlan) => plan.blocks.reduce((sum, block) => sum + block.households, 0);
    expect(households(final)).toBe(households(store.plan.getPlanAt(townshipCode, 1)!));
    return counts;
  } finally {
    store.close();
  }
}

describe('plan fuzz', () => {
  it('300 random edits and rollbacks on the lattice fixture keep coverage exact after every save', () => {
    const counts = fuzz(loadLatticeDataset(), TOWNSHIP_A, 300, 20150501, true);
    expect(counts.rollbacks).toBeGreaterThan(5);
    expect(counts.moves).toBeGreaterThan(50);
    expect(counts.splits).toBeGreaterThan(50);
    expect(counts.refused).toBeGreaterThan(0);
  });

  it('150 random edits and rollbacks on a township of the built-in dataset keep coverage exact after every save', () => {
    const { dataset, townshipCode } = loadRealTownship();
    const counts = fuzz(dataset, townshipCode, 150, 7, true);
    expect(counts.moves).toBeGreaterThan(40);
    expect(counts.splits).toBeGreaterThan(30);
  }, 120_000);
});
