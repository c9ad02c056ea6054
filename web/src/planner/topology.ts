// The planner's topology: an edge index built once from the blocks (each shared edge knows the
// block on either side), and grid outlines kept up to date incrementally. A grid's border is the
// set of its blocks' half-edges whose twin lies in another grid (or outside the township); moving
// a block touches only the half-edges of that block, so only the two grids involved are re-chained.
import { distanceM, signedArea } from '../../../server/geo/ring.ts';
import type { Position } from '../../../server/geo/types.ts';
import type { PlanBlock } from '../../../server/plan/types.ts';

/**
 * Half-edges are numbered `2 * edge + side`: side 0 runs from the edge's first vertex to its second,
 * side 1 back. The block owning a half-edge lies on its left (exterior rings counter-clockwise,
 * holes clockwise, as in RFC 7946).
 */
export interface EdgeIndex {
  /** Vertex coordinates, `[lon, lat]` interleaved. */
  vertexCoords: Float64Array;
  /** Per edge: first and second vertex id. */
  edgeFrom: Int32Array;
  edgeTo: Int32Array;
  /** Geodesic length of each edge (m). */
  edgeLengthM: Float64Array;
  /** Owner block of each half-edge, -1 where nothing lies on that side (the township's outside). */
  halfEdgeBlock: Int32Array;
  /** Per block: its half-edges. */
  blockHalfEdges: Int32Array[];
}

/** Mutable grid assignment with each grid's blocks and border, updated in place by `moveBlock`. */
export interface Topology {
  index: EdgeIndex;
  blockCount: number;
  /** Grid slot of each block. */
  blockGrid: Int32Array;
  households: Float64Array;
  areaM2: Float64Array;
  villageOf: string[];
  /** Per grid slot: its blocks and its border half-edges. Slots are never removed (an empty grid has no blocks). */
  gridBlocks: Set<number>[];
  gridBorder: Set<number>[];
  gridPerimeterM: number[];
  gridHouseholds: number[];
  gridAreaM2: number[];
}

export const twin = (halfEdge: number): number => halfEdge ^ 1;

const key = (x: number, y: number): string => `${x},${y}`;

/**
 * Inserts into each ring the vertices of other rings lying inside its segments, so that blocks
 * whose borders were digitised with different vertices (a T-junction) still share exact edges.
 * Only segments no other ring repeats are checked: in a clean coverage that is the outer border alone.
 */
function nodeRings(rings: Position[][]): Position[][] {
  const segmentCount = new Map<string, number>();
  const segmentKey = (a: Position, b: Position) => {
    const ka = key(a[0], a[1]), kb = key(b[0], b[1]);
    return ka < kb ? `${ka}|${kb}` : `${kb}|${ka}`;
  };
  for (const ring of rings) for (let i = 0; i + 1 < ring.length; i++) {
    const k = segmentKey(ring[i], ring[i + 1]);
    segmentCount.set(k, (segmentCount.get(k) ?? 0) + 1);
  }
  // Vertices hashed into cells about the size of a typical segment.
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity, vertexTotal = 0;
  for (const ring of rings) for (const [x, y] of ring) {
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
    vertexTotal++;
  }
  if (vertexTotal === 0) return rings;
  const cell = Math.max((maxX - minX + maxY - minY) / Math.sqrt(vertexTotal), 1e-9);
  const cells = new Map<string, Position[]>();
  const seen = new Set<string>();
  for (const ring of rings) for (const point of ring) {
    const pointKey = key(point[0], point[1]);
    if (seen.has(pointKey)) continue;
    seen.add(pointKey);
    const cellKey = key(Math.floor(point[0] / cell), Math.floor(point[1] / cell));
    const list = cells.get(cellKey);
    if (list) list.push(point);
    else cells.set(cellKey, [point]);
  }
  return rings.map((ring) => {
    let changed = false;
    const out: Position[] = [ring[0]];
    for (let i = 0; i + 1 < ring.length; i++) {
      const a = ring[i], b = ring[i + 1];
      if (segmentCount.get(segmentKey(a, b))! === 1) {
        const inside: { t: number; point: Position }[] = [];
        const dx = b[0] - a[0], dy = b[1] - a[1];
        const lengthSquared = dx * dx + dy * dy;
        const tolerance = 1e-9 * Math.sqrt(lengthSquared) + 1e-12;
        for (let cx = Math.floor(Math.min(a[0], b[0]) / cell); cx <= Math.floor(Math.max(a[0], b[0]) / cell); cx++) {
          for (let cy = Math.floor(Math.min(a[1], b[1]) / cell); cy <= Math.floor(Math.max(a[1], b[1]) / cell); cy++) {
            for (const point of cells.get(key(cx, cy)) ?? []) {
              const t = ((point[0] - a[0]) * dx + (point[1] - a[1]) * dy) / lengthSquared;
              if (t <= 1e-12 || t >= 1 - 1e-12) continue;
              const cross = Math.abs((point[0] - a[0]) * dy - (point[1] - a[1]) * dx) / Math.sqrt(lengthSquared);
              if (cross <= tolerance) inside.push({ t, point });
            }
          }
        }
        if (inside.length > 0) {
          changed = true;
          inside.sort((p, q) => p.t - q.t);
          for (const { point } of inside) out.push(point);
        }
      }
      out.push(b);
    }
    return changed ? out : ring;
  });
}

/** Ring oriented so its owner lies on the left: exterior counter-clockwise, holes clockwise. */
function orient(ring: Position[], exterior: boolean): Position[] {
  return (signedArea(ring) > 0) === exterior ? ring : ring.slice().reverse();
}

export function buildEdgeIndex(blocks: readonly Pick<PlanBlock, 'polygon'>[]): EdgeIndex {
  const ringOwner: number[] = [];
  const rawRings: Position[][] = [];
  blocks.forEach((block, blockIndex) =>
    block.polygon.forEach((ring, ringIndex) => {
      if (ring.length < 4) return;
      rawRings.push(orient(ring, ringIndex === 0));
      ringOwner.push(blockIndex);
    }),
  );
  const rings = nodeRings(rawRings);
  const vertexIds = new Map<string, number>();
  const coords: number[] = [];
  const vertexId = (point: Position): number => {
    const k = key(point[0], point[1]);
    let id = vertexIds.get(k);
    if (id === undefined) {
      id = coords.length / 2;
      coords.push(point[0], point[1]);
      vertexIds.set(k, id);
    }
    return id;
  };
  const edgeIds = new Map<string, number>();
  const edgeFrom: number[] = [], edgeTo: number[] = [], halfEdgeBlock: number[] = [];
  const blockHalfEdges: number[][] = blocks.map(() => []);
  rings.forEach((ring, ringNumber) => {
    const owner = ringOwner[ringNumber];
    for (let i = 0; i + 1 < ring.length; i++) {
      const from = vertexId(ring[i]), to = vertexId(ring[i + 1]);
      if (from === to) continue;
      const low = Math.min(from, to), high = Math.max(from, to);
      const edgeKey = `${low}:${high}`;
      let edge = edgeIds.get(edgeKey);
      if (edge === undefined) {
        edge = edgeFrom.length;
        edgeIds.set(edgeKey, edge);
        edgeFrom.push(low);
        edgeTo.push(high);
        halfEdgeBlock.push(-1, -1);
      }
      const halfEdge = 2 * edge + (from === low ? 0 : 1);
      // A side claimed twice means overlapping blocks; the first claim stands.
      if (halfEdgeBlock[halfEdge] !== -1) continue;
      halfEdgeBlock[halfEdge] = owner;
      blockHalfEdges[owner].push(halfEdge);
    }
  });
  const vertexCoords = Float64Array.from(coords);
  const edgeLengthM = new Float64Array(edgeFrom.length);
  for (let edge = 0; edge < edgeFrom.length; edge++) {
    const a = edgeFrom[edge], b = edgeTo[edge];
    edgeLengthM[edge] = distanceM([vertexCoords[2 * a], vertexCoords[2 * a + 1]], [vertexCoords[2 * b], vertexCoords[2 * b + 1]]);
  }
  return {
    vertexCoords,
    edgeFrom: Int32Array.from(edgeFrom),
    edgeTo: Int32Array.from(edgeTo),
    edgeLengthM,
    halfEdgeBlock: Int32Array.from(halfEdgeBlock),
    blockHalfEdges: blockHalfEdges.map((list) => Int32Array.from(list)),
  };
}

export function halfEdgeStart(index: EdgeIndex, halfEdge: number): number {
  const edge = halfEdge >> 1;
  return halfEdge & 1 ? index.edgeTo[edge] : index.edgeFrom[edge];
}

export function halfEdgeEnd(index: EdgeIndex, halfEdge: number): number {
  const edge = halfEdge >> 1;
  return halfEdge & 1 ? index.edgeFrom[edge] : index.edgeTo[edge];
}

/** The block across a half-edge (-1 outside). */
export function neighbourAcross(index: EdgeIndex, halfEdge: number): number {
  return index.halfEdgeBlock[twin(halfEdge)];
}

export interface TopologyBlock {
  villageCode: string;
  households: number;
  areaM2: number;
}

/** A topology over `index` with block i in grid slot `gridOfBlock[i]` (slots 0..gridCount-1). */
export function createTopology(index: EdgeIndex, blocks: readonly TopologyBlock[], gridOfBlock: ArrayLike<number>, gridCount: number): Topology {
  const topology: Topology = {
    index,
    blockCount: blocks.length,
    blockGrid: Int32Array.from(gridOfBlock),
    households: Float64Array.from(blocks, (block) => block.households),
    areaM2: Float64Array.from(blocks, (block) => block.areaM2),
    villageOf: blocks.map((block) => block.villageCode),
    gridBlocks: [],
    gridBorder: [],
    gridPerimeterM: [],
    gridHouseholds: [],
    gridAreaM2: [],
  };
  for (let slot = 0; slot < gridCount; slot++) addGridSlot(topology);
  for (let block = 0; block < blocks.length; block++) {
    const grid = topology.blockGrid[block];
    topology.gridBlocks[grid].add(block);
    topology.gridHouseholds[grid] += topology.households[block];
    topology.gridAreaM2[grid] += topology.areaM2[block];
  }
  recomputeAllBorders(topology);
  return topology;
}

/** A new empty grid slot; returns its number. */
export function addGridSlot(topology: Topology): number {
  topology.gridBlocks.push(new Set());
  topology.gridBorder.push(new Set());
  topology.gridPerimeterM.push(0);
  topology.gridHouseholds.push(0);
  topology.gridAreaM2.push(0);
  return topology.gridBlocks.length - 1;
}

const gridAcross = (topology: Topology, halfEdge: number): number => {
  const other = topology.index.halfEdgeBlock[twin(halfEdge)];
  return other < 0 ? -1 : topology.blockGrid[other];
};

/** Every grid's border from scratch: the baseline the incremental update must agree with. */
export function recomputeAllBorders(topology: Topology): void {
  const { index } = topology;
  for (let grid = 0; grid < topology.gridBorder.length; grid++) {
    topology.gridBorder[grid].clear();
    topology.gridPerimeterM[grid] = 0;
  }
  for (let halfEdge = 0; halfEdge < index.halfEdgeBlock.length; halfEdge++) {
    const owner = index.halfEdgeBlock[halfEdge];
    if (owner < 0) continue;
    const grid = topology.blockGrid[owner];
    if (gridAcross(topology, halfEdge) === grid) continue;
    topology.gridBorder[grid].add(halfEdge);
    topology.gridPerimeterM[grid] += index.edgeLengthM[halfEdge >> 1];
  }
}

/**
 * Moves one block to another grid slot, updating both grids' blocks, figures and borders.
 * Returns the grid slot it left (equal to `to` when nothing moved).
 */
export function moveBlock(topology: Topology, block: number, to: number): number {
  const from = topology.blockGrid[block];
  if (from === to) return from;
  const { index } = topology;
  const border = topology.gridBorder;
  for (const halfEdge of index.blockHalfEdges[block]) {
    // An edge with the block on both sides (a slit) is never a border.
    if (index.halfEdgeBlock[twin(halfEdge)] === block) continue;
    const length = index.edgeLengthM[halfEdge >> 1];
    const across = gridAcross(topology, halfEdge);
    // The block's own side: a border of `from` unless the neighbour was in `from`; of `to` unless it is in `to`.
    if (across !== from) {
      border[from].delete(halfEdge);
      topology.gridPerimeterM[from] -= length;
    }
    if (across !== to) {
      border[to].add(halfEdge);
      topology.gridPerimeterM[to] += length;
    }
    // The neighbour's side: its grid's border gains or loses the twin.
    if (across >= 0) {
      const other = twin(halfEdge);
      if (across === from) {
        border[from].add(other);
        topology.gridPerimeterM[from] += length;
      } else if (across === to) {
        border[to].delete(other);
        topology.gridPerimeterM[to] -= length;
      }
    }
  }
  topology.blockGrid[block] = to;
  topology.gridBlocks[from].delete(block);
  topology.gridBlocks[to].add(block);
  topology.gridHouseholds[from] -= topology.households[block];
  topology.gridHouseholds[to] += topology.households[block];
  topology.gridAreaM2[from] -= topology.areaM2[block];
  topology.gridAreaM2[to] += topology.areaM2[block];
  // Sums drift by rounding: an emptied grid is exactly empty.
  if (topology.gridBlocks[from].size === 0) {
    topology.gridPerimeterM[from] = 0;
    topology.gridHouseholds[from] = 0;
    topology.gridAreaM2[from] = 0;
  }
  return from;
}

/** Grid slots sharing a border with `grid`. */
export function gridNeighbours(topology: Topology, grid: number): Set<number> {
  const result = new Set<number>();
  for (const halfEdge of topology.gridBorder[grid]) {
    const across = gridAcross(topology, halfEdge);
    if (across >= 0) result.add(across);
  }
  return result;
}

/** Blocks sharing an edge (not just a vertex) with `block`. */
export function blockNeighbours(topology: Topology, block: number): number[] {
  const result: number[] = [];
  for (const halfEdge of topology.index.blockHalfEdges[block]) {
    const other = topology.index.halfEdgeBlock[twin(halfEdge)];
    if (other >= 0 && !result.includes(other)) result.push(other);
  }
  return result;
}

/** Connected pieces of a grid (blocks joined by shared edges); 0 for an empty grid. */
export function gridPieces(topology: Topology, grid: number): number {
  const blocks = topology.gridBlocks[grid];
  const seen = new Set<number>();
  let pieces = 0;
  for (const start of blocks) {
    if (seen.has(start)) continue;
    pieces++;
    const stack = [start];
    seen.add(start);
    while (stack.length > 0) {
      const block = stack.pop()!;
      for (const halfEdge of topology.index.blockHalfEdges[block]) {
        const other = topology.index.halfEdgeBlock[twin(halfEdge)];
        if (other >= 0 && !seen.has(other) && topology.blockGrid[other] === grid) {
          seen.add(other);
          stack.push(other);
        }
      }
    }
  }
  return pieces;
}
