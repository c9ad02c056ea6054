import { describe, expect, it } from 'vitest';
import { buildEdgeIndex, createTopology, gridPieces, moveBlock, recomputeAllBorders, blockNeighbours, type Topology } from '../../web/src/planner/topology.ts';
import { assemblePolygons, canonicalRing, chainRingVertices } from '../../web/src/planner/rings.ts';
import { polygonAreaM2, polygonPerimeterM } from '../../server/geo/ring.ts';
import type { PlanBlock } from '../../server/plan/types.ts';
import type { Position } from '../../server/geo/types.ts';
import { latticePlan, mulberry32 } from './planner-fixture.ts';

function topologyOf(blocks: PlanBlock[]): { topology: Topology; slotOf: Map<string, number> } {
  const codes = [...new Set(blocks.map((block) => block.gridCode))];
  const slotOf = new Map(codes.map((code, slot) => [code, slot]));
  const topology = createTopology(buildEdgeIndex(blocks), blocks, blocks.map((block) => slotOf.get(block.gridCode)!), codes.length);
  return { topology, slotOf };
}

function ringsOf(topology: Topology, slot: number): string[] {
  return chainRingVertices(topology.index, topology.gridBorder[slot]).map(canonicalRing).sort();
}

describe('edge index', () => {
  it('pairs every inner edge of a lattice with the blocks on both sides', () => {
    const plan = latticePlan({ columns: 6, rows: 5, tile: 2, villageColumns: 3 });
    const index = buildEdgeIndex(plan.blocks);
    // A 6×5 lattice has 6·6 + 7·5 = 71 edges, of which 2·(6+5) = 22 lie on the outer border.
    expect(index.edgeFrom.length).toBe(71);
    let oneSided = 0;
    for (let edge = 0; edge < index.edgeFrom.length; edge++) {
      if (index.halfEdgeBlock[2 * edge] < 0 || index.halfEdgeBlock[2 * edge + 1] < 0) oneSided++;
    }
    expect(oneSided).toBe(22);
  });

  it('shares an edge across a T-junction (a vertex only one side has)', () => {
    const left: Position[] = [[0, 0], [1, 0], [1, 2], [0, 2], [0, 0]];
    // The right-hand blocks split the shared side at (1, 1), which the left block lacks.
    const lower: Position[] = [[1, 0], [2, 0], [2, 1], [1, 1], [1, 0]];
    const upper: Position[] = [[1, 1], [2, 1], [2, 2], [1, 2], [1, 1]];
    const blocks = [left, lower, upper].map((ring, i): PlanBlock => ({ id: `b${i}`, villageCode: 'v', gridCode: `g${i}`, households: 1, areaM2: 1, polygon: [ring] }));
    const { topology } = topologyOf(blocks);
    expect(blockNeighbours(topology, 0).sort()).toEqual([1, 2]);
  });

  it('accepts clockwise input rings by reorienting them', () => {
    const ring: Position[] = [[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]];
    const other: Position[] = [[1, 0], [2, 0], [2, 1], [1, 1], [1, 0]];
    const blocks = [ring, other].map((r, i): PlanBlock => ({ id: `b${i}`, villageCode: 'v', gridCode: 'g', households: 1, areaM2: 1, polygon: [r] }));
    const { topology } = topologyOf(blocks);
    const rings = chainRingVertices(topology.index, topology.gridBorder[0]);
    expect(rings).toHaveLength(1);
    expect(rings[0]).toHaveLength(7);
  });
});

describe('incremental grid outlines', () => {
  it('equal a from-scratch recompute after every one of 400 random moves', () => {
    const plan = latticePlan({ columns: 14, rows: 12, tile: 3, villageColumns: 7, seed: 3 });
    const { topology } = topologyOf(plan.blocks);
    const scratch = topologyOf(plan.blocks).topology;
    const random = mulberry32(11);
    const slots = topology.gridBlocks.length;
    for (let step = 0; step < 400; step++) {
      const block = Math.floor(random() * topology.blockCount);
      const neighbours = blockNeighbours(topology, block);
      const target = random() < 0.8 && neighbours.length > 0 ? topology.blockGrid[neighbours[Math.floor(random() * neighbours.length)]] : Math.floor(random() * slots);
      const from = moveBlock(topology, block, target);
      // The from-scratch copy gets the same assignment and rebuilds every border.
      scratch.blockGrid.set(topology.blockGrid);
      recomputeAllBorders(scratch);
      for (const slot of [from, target]) {
        expect([...topology.gridBorder[slot]].sort((a, b) => a - b)).toEqual([...scratch.gridBorder[slot]].sort((a, b) => a - b));
        expect(ringsOf(topology, slot)).toEqual(ringsOf(scratch, slot));
        expect(topology.gridPerimeterM[slot]).toBeCloseTo(scratch.gridPerimeterM[slot], 3);
      }
    }
    for (let slot = 0; slot < slots; slot++) {
      expect(ringsOf(topology, slot)).toEqual(ringsOf(scratch, slot));
      const blocks = [...topology.gridBlocks[slot]];
      const households = blocks.reduce((sum, block) => sum + topology.households[block], 0);
      expect(topology.gridHouseholds[slot]).toBeCloseTo(households, 6);
    }
  });

  it('chains outlines whose area and perimeter match the union of the blocks', () => {
    const plan = latticePlan({ columns: 8, rows: 8, tile: 4, villageColumns: 8, seed: 5 });
    const { topology } = topologyOf(plan.blocks);
    for (let slot = 0; slot < topology.gridBlocks.length; slot++) {
      const polygons = assemblePolygons(topology.index, chainRingVertices(topology.index, topology.gridBorder[slot]));
      expect(polygons).toHaveLength(1);
      const area = polygonAreaM2(polygons[0]);
      expect(area / topology.gridAreaM2[slot]).toBeCloseTo(1, 6);
      expect(polygonPerimeterM(polygons[0]) / topology.gridPerimeterM[slot]).toBeCloseTo(1, 9);
    }
  });

  it('gives a grid surrounding another a hole, and flags a grid in two pieces', () => {
    const plan = latticePlan({ columns: 3, rows: 3, tile: 3, villageColumns: 3 });
    const { topology } = topologyOf(plan.blocks);
    const centre = plan.blocks.findIndex((block) => block.id === 'b1-1');
    const extra = topology.gridBlocks.length;
    topology.gridBlocks.push(new Set());
    topology.gridBorder.push(new Set());
    topology.gridPerimeterM.push(0);
    topology.gridHouseholds.push(0);
    topology.gridAreaM2.push(0);
    moveBlock(topology, centre, extra);
    const ring = assemblePolygons(topology.index, chainRingVertices(topology.index, topology.gridBorder[0]));
    expect(ring).toHaveLength(1);
    expect(ring[0]).toHaveLength(2);
    expect(gridPieces(topology, 0)).toBe(1);
    // Taking the middle column out cuts the outer grid in two.
    moveBlock(topology, plan.blocks.findIndex((block) => block.id === 'b1-0'), extra);
    moveBlock(topology, plan.blocks.findIndex((block) => block.id === 'b1-2'), extra);
    expect(gridPieces(topology, 0)).toBe(2);
    expect(assemblePolygons(topology.index, chainRingVertices(topology.index, topology.gridBorder[0]))).toHaveLength(2);
  });

  it('keeps two parts touching at one corner as two rings', () => {
    const plan = latticePlan({ columns: 2, rows: 2, tile: 2, villageColumns: 2 });
    const { topology } = topologyOf(plan.blocks);
    const extra = topology.gridBlocks.length;
    for (const list of [topology.gridBlocks, topology.gridBorder]) (list as Set<number>[]).push(new Set());
    topology.gridPerimeterM.push(0);
    topology.gridHouseholds.push(0);
    topology.gridAreaM2.push(0);
    moveBlock(topology, plan.blocks.findIndex((block) => block.id === 'b0-1'), extra);
    moveBlock(topology, plan.blocks.findIndex((block) => block.id === 'b1-0'), extra);
    const rings = chainRingVertices(topology.index, topology.gridBorder[0]);
    expect(rings).toHaveLength(2);
    for (const ring of rings) expect(ring).toHaveLength(5);
    expect(gridPieces(topology, 0)).toBe(2);
  });
});
