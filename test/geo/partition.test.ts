import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  apportionGridCounts, chooseTargetHouseholds, countGrids, gridCountFor, partitionAll, partitionVillage,
  summarizeVillages, totalGridCount,
} from '../../server/geo/partition.ts';
import { polygonAreaM2 } from '../../server/geo/ring.ts';
import type { Block, PolygonCoords } from '../../server/geo/types.ts';
import {
  adjacencyFromPolygons, latticeBlocks, seededRandom, syntheticCounty, type Adjacency,
} from '../fixtures/partition/synthetic-blocks.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/partition');

function readVillage(name: string) {
  const collection = JSON.parse(readFileSync(join(FIXTURES, name, 'in.geojson'), 'utf8'));
  const blocks: Block[] = collection.features.map(
    (feature: { properties: Omit<Block, 'polygon' | 'areaM2'>; geometry: { coordinates: PolygonCoords } }) => ({
      ...feature.properties,
      polygon: feature.geometry.coordinates,
      areaM2: polygonAreaM2(feature.geometry.coordinates),
    }),
  );
  const adjacency = adjacencyFromPolygons(blocks.map((block) => block.id), blocks.map((block) => block.polygon));
  return { blocks, adjacency, expected: JSON.parse(readFileSync(join(FIXTURES, name, 'expected.json'), 'utf8')) };
}

const neighbourCache = new WeakMap<Adjacency[], Map<string, string[]>>();

function neighboursOf(adjacency: Adjacency[]): Map<string, string[]> {
  let neighbours = neighbourCache.get(adjacency);
  if (!neighbours) {
    neighbours = new Map();
    for (const { a, b, sharedLengthM } of adjacency) {
      if (!(sharedLengthM > 0)) continue;
      neighbours.set(a, [...(neighbours.get(a) ?? []), b]);
      neighbours.set(b, [...(neighbours.get(b) ?? []), a]);
    }
    neighbourCache.set(adjacency, neighbours);
  }
  return neighbours;
}

/** Whether the blocks are one connected set through borders of positive length. */
function isConnected(ids: string[], adjacency: Adjacency[]): boolean {
  const inGroup = new Set(ids);
  const neighbours = neighboursOf(adjacency);
  const seen = new Set([ids[0]]);
  const stack = [ids[0]];
  while (stack.length > 0) {
    for (const next of neighbours.get(stack.pop()!) ?? []) {
      if (inGroup.has(next) && !seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return seen.size === inGroup.size;
}

function householdsOf(groups: string[][], blocks: Block[]): number[] {
  const byId = new Map(blocks.map((block) => [block.id, block.households]));
  return groups.map((group) => group.reduce((sum, id) => sum + byId.get(id)!, 0));
}

function expectPartitionOf(groups: string[][], blocks: Block[], adjacency: Adjacency[]) {
  const all = groups.flat();
  expect(all.length).toBe(blocks.length);
  expect(new Set(all)).toEqual(new Set(blocks.map((block) => block.id)));
  for (const group of groups) expect(isConnected(group, adjacency)).toBe(true);
}

describe('partitionVillage fixtures', () => {
  it('cuts a dumbbell at its empty neck', () => {
    const { blocks, adjacency, expected } = readVillage('dumbbell');
    const groups = partitionVillage(blocks, adjacency, { targetHouseholds: expected.targetHouseholds });
    expect(groups).toHaveLength(expected.gridCount);
    expectPartitionOf(groups, blocks, adjacency);
    expect(householdsOf(groups, blocks).sort()).toEqual(expected.householdsPerGrid);
    for (const lobe of expected.wholeLobes as string[][]) {
      expect(groups.some((group) => lobe.every((id) => group.includes(id)))).toBe(true);
    }
  });

  it('cuts an L-shaped village into three equal grids', () => {
    const { blocks, adjacency, expected } = readVillage('l-shape');
    const groups = partitionVillage(blocks, adjacency, { targetHouseholds: expected.targetHouseholds });
    expect(groups).toHaveLength(expected.gridCount);
    expectPartitionOf(groups, blocks, adjacency);
    expect(householdsOf(groups, blocks)).toEqual(expected.householdsPerGrid);
  });
});

describe('partitionVillage', () => {
  const random = seededRandom(5);
  const lattice = latticeBlocks({ columns: 12, rows: 10, households: () => Math.floor(random() * 20) });

  it('makes contiguous grids balanced to within a block or two', () => {
    const total = lattice.blocks.reduce((sum, block) => sum + block.households, 0);
    const groups = partitionVillage(lattice.blocks, lattice.adjacency, { targetHouseholds: total / 6 });
    expect(groups).toHaveLength(6);
    expectPartitionOf(groups, lattice.blocks, lattice.adjacency);
    const households = householdsOf(groups, lattice.blocks);
    expect(Math.max(...households) - Math.min(...households)).toBeLessThanOrEqual(2 * 19);
  });

  it('is deterministic and independent of input order', () => {
    const options = { targetHouseholds: 150 };
    const first = partitionVillage(lattice.blocks, lattice.adjacency, options);
    const shuffled = [...lattice.blocks].reverse();
    expect(partitionVillage(shuffled, [...lattice.adjacency].reverse(), options)).toEqual(first);
  });

  it('honours an explicit grid count, capped by the number of blocks', () => {
    const small = latticeBlocks({ columns: 3, rows: 1 });
    expect(partitionVillage(small.blocks, small.adjacency, { targetHouseholds: 1000, gridCount: 2 })).toHaveLength(2);
    expect(partitionVillage(small.blocks, small.adjacency, { targetHouseholds: 1 })).toHaveLength(3);
    expect(partitionVillage(small.blocks, small.adjacency, { targetHouseholds: 1, gridCount: 50 })).toHaveLength(3);
  });

  it('gives a village without households one grid by default and splits it by area when asked', () => {
    const empty = latticeBlocks({ columns: 4, rows: 2, households: () => 0 });
    expect(partitionVillage(empty.blocks, empty.adjacency, { targetHouseholds: 100 })).toHaveLength(1);
    const halves = partitionVillage(empty.blocks, empty.adjacency, { targetHouseholds: 100, gridCount: 2 });
    expect(halves.map((group) => group.length)).toEqual([4, 4]);
  });

  it('gives each disconnected piece of a village its own grid', () => {
    const pieces = latticeBlocks({ columns: 5, rows: 1 });
    const apart = pieces.blocks.filter((block) => !block.id.endsWith('002'));
    const adjacency = pieces.adjacency.filter((entry) => !entry.a.endsWith('002') && !entry.b.endsWith('002'));
    const groups = partitionVillage(apart, adjacency, { targetHouseholds: 1000 });
    expect(groups).toHaveLength(2);
    expectPartitionOf(groups, apart, adjacency);
  });

  it('ignores borders of zero length (corner contacts)', () => {
    const diagonal = latticeBlocks({ columns: 2, rows: 2 });
    const corner = [diagonal.blocks[0], diagonal.blocks[3]];
    const groups = partitionVillage(corner, [{ a: corner[0].id, b: corner[1].id, sharedLengthM: 0 }], { targetHouseholds: 1000 });
    expect(groups).toHaveLength(2);
  });

  it('rejects blocks of several villages', () => {
    const mixed = latticeBlocks({ columns: 2, rows: 1, villageOf: (column) => `36012110000${column + 1}` });
    expect(() => partitionVillage(mixed.blocks, mixed.adjacency, { targetHouseholds: 10 })).toThrow(RangeError);
  });
});

describe('gridCountFor', () => {
  it('rounds households over the target, at least one and at most the blocks, at least the pieces', () => {
    expect(gridCountFor(1000, 50, 1, 300)).toBe(3);
    expect(gridCountFor(1000, 50, 1, 400)).toBe(3);
    expect(gridCountFor(100, 50, 1, 300)).toBe(1);
    expect(gridCountFor(10_000, 5, 1, 10)).toBe(5);
    expect(gridCountFor(100, 50, 3, 300)).toBe(3);
    expect(() => gridCountFor(100, 5, 1, 0)).toThrow(RangeError);
  });
});

describe('partitionAll on a synthetic county', () => {
  const county = syntheticCounty({
    blockCount: 12_000, townshipColumns: 6, townshipRows: 4, villageColumns: 4, villageRows: 3, seed: 7,
  });

  it('finds a target giving close to 1069 grids, as close as any target gets', () => {
    const target = chooseTargetHouseholds(county.blocks, 1069, county.adjacency);
    const count = countGrids(county.blocks, target, county.adjacency);
    expect(Math.abs(count - 1069)).toBeLessThanOrEqual(5);
    const villages = summarizeVillages(county.blocks, county.adjacency);
    for (let other = target * 0.9; other < target * 1.1; other += target * 0.00005) {
      expect(Math.abs(totalGridCount(villages, other) - 1069)).toBeGreaterThanOrEqual(Math.abs(count - 1069));
    }
  });

  it('partitions about a thousand grids quickly: contiguous, within villages, balanced', () => {
    const counts = apportionGridCounts(county.blocks, 1069, county.adjacency);
    expect([...counts.values()].reduce((sum, count) => sum + count, 0)).toBe(1069);
    const target = chooseTargetHouseholds(county.blocks, 1069, county.adjacency);
    const started = performance.now();
    const result = partitionAll(county.blocks, county.adjacency, { targetHouseholds: target, gridCounts: counts });
    const elapsed = performance.now() - started;
    const groups = [...result.values()].flat();
    console.log(`partition: ${county.blocks.length} blocks, ${result.size} villages, ${groups.length} grids, ${elapsed.toFixed(0)} ms`);
    expect(groups).toHaveLength(1069);
    expect(elapsed).toBeLessThan(5000);
    const villageById = new Map(county.blocks.map((block) => [block.id, block.villageCode]));
    for (const [villageCode, villageGroups] of result) {
      for (const group of villageGroups) {
        expect(group.every((id) => villageById.get(id) === villageCode)).toBe(true);
        expect(isConnected(group, county.adjacency)).toBe(true);
      }
    }
    expect(new Set(groups.flat()).size).toBe(county.blocks.length);
    const households = householdsOf(groups, county.blocks);
    const mean = households.reduce((sum, value) => sum + value, 0) / households.length;
    const deviation = Math.sqrt(households.reduce((sum, value) => sum + (value - mean) ** 2, 0) / households.length);
    expect(deviation / mean).toBeLessThan(0.15);
  });
});
