// Cutting each village's blocks into unit grids: contiguous groups of blocks balanced in households.
// Recursive bisection by greedy graph growing, then boundary refinement; deterministic throughout.
import type { Block } from './types.ts';
import { buildBlockGraph, components, type BlockAdjacency, type BlockGraph } from './block-graph.ts';
import { BORDER_WEIGHT, growPart, refineParts } from './partition-refine.ts';

export type { BlockAdjacency } from './block-graph.ts';

export interface PartitionOptions {
  /** Households one grid should hold; sets the grid count when `gridCount` is absent. */
  targetHouseholds: number;
  /** Explicit number of grids for the village (capped by its number of blocks). */
  gridCount?: number;
  /** Weight of shape compactness against household balance in refinement (default BORDER_WEIGHT). */
  borderWeight?: number;
}

export interface PartitionAllOptions {
  targetHouseholds: number;
  /** Explicit grid counts for some villages, by village code. */
  gridCounts?: Map<string, number>;
  borderWeight?: number;
}

/**
 * Grids of one village as groups of block ids (each sorted; groups ordered by their first id).
 * Every group is connected through borders of positive shared length. The count defaults to
 * max(1, round(households / targetHouseholds)), never exceeds the number of blocks, and is raised to
 * the number of disconnected pieces of the village (an exclave gets its own grid rather than a
 * grid that falls apart).
 */
export function partitionVillage(blocks: Block[], adjacency: BlockAdjacency[], options: PartitionOptions): string[][] {
  if (blocks.length === 0) return [];
  const villageCode = blocks[0].villageCode;
  if (blocks.some((block) => block.villageCode !== villageCode)) {
    throw new RangeError('partitionVillage takes the blocks of a single village');
  }
  const graph = buildBlockGraph(blocks, adjacency);
  const pieces = components(graph, graph.ids.map((_, node) => node));
  const households = blocks.reduce((sum, block) => sum + Math.max(0, block.households), 0);
  const count = gridCountFor(households, blocks.length, pieces.length, options.targetHouseholds, options.gridCount);
  const counts = allocateCounts(
    pieces.map((piece) => sumWeights(graph, piece)),
    pieces.map((piece) => piece.length),
    count,
  );
  const parts: number[][] = [];
  pieces.forEach((piece, index) => parts.push(...bisect(graph, piece, counts[index])));
  const refined = refineParts(graph, parts, options.borderWeight ?? BORDER_WEIGHT);
  return refined
    .map((part) => part.sort((x, y) => x - y).map((node) => graph.ids[node]))
    .sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
}

/** Grids of every village, keyed by village code (in code order). */
export function partitionAll(
  blocks: Block[],
  adjacency: BlockAdjacency[],
  options: PartitionAllOptions,
): Map<string, string[][]> {
  const byVillage = groupBlocksByVillage(blocks);
  const adjacencyByVillage = groupAdjacencyByVillage(blocks, adjacency);
  const result = new Map<string, string[][]>();
  for (const villageCode of [...byVillage.keys()].sort()) {
    result.set(
      villageCode,
      partitionVillage(byVillage.get(villageCode)!, adjacencyByVillage.get(villageCode) ?? [], {
        targetHouseholds: options.targetHouseholds,
        gridCount: options.gridCounts?.get(villageCode),
        borderWeight: options.borderWeight,
      }),
    );
  }
  return result;
}

/** The number of grids a village gets (see partitionVillage). */
export function gridCountFor(
  households: number,
  blockCount: number,
  pieceCount: number,
  targetHouseholds: number,
  requested?: number,
): number {
  if (blockCount <= 0) return 0;
  let count: number;
  if (requested !== undefined) {
    if (!Number.isInteger(requested) || requested < 1) throw new RangeError('gridCount must be a positive integer');
    count = requested;
  } else {
    if (!(targetHouseholds > 0) || !Number.isFinite(targetHouseholds)) {
      throw new RangeError('targetHouseholds must be a positive number');
    }
    count = Math.max(1, Math.round(households / targetHouseholds));
  }
  return Math.max(Math.min(count, blockCount), Math.min(pieceCount, blockCount));
}

/** Total grid count over all villages for a given target (what partitionAll would produce). */
export function countGrids(blocks: Block[], targetHouseholds: number, adjacency?: BlockAdjacency[]): number {
  return totalGridCount(summarizeVillages(blocks, adjacency), targetHouseholds);
}

/** Households, blocks and disconnected pieces (1 without adjacency) per village, in code order. */
export interface VillageSummary {
  villageCode: string;
  households: number;
  blockCount: number;
  pieceCount: number;
}

export function totalGridCount(villages: VillageSummary[], targetHouseholds: number): number {
  let total = 0;
  for (const v of villages) total += gridCountFor(v.households, v.blockCount, v.pieceCount, targetHouseholds);
  return total;
}

/**
 * Households per grid that makes the county's total grid count (close to) `desiredGridCount`.
 * The count falls as the target grows, in steps; the target is found by bisection and placed in the
 * middle of the range of targets giving the best reachable count, so rounding does not tip it.
 * With adjacency, disconnected village pieces are counted as partitionAll counts them.
 */
export function chooseTargetHouseholds(blocks: Block[], desiredGridCount: number, adjacency?: BlockAdjacency[]): number {
  return chooseTargetForSummaries(summarizeVillages(blocks, adjacency), desiredGridCount);
}

function chooseTargetForSummaries(villages: VillageSummary[], desiredGridCount: number): number {
  const count = (target: number) => totalGridCount(villages, target);
  const maxHouseholds = Math.max(1, ...villages.map((v) => v.households));
  const low = 1e-6, high = maxHouseholds * 4;
  // Smallest target whose count is at most `limit` (count is non-increasing in the target).
  const firstTargetAtMost = (limit: number): number => {
    let lo = low, hi = high;
    if (count(lo) <= limit) return lo;
    for (let i = 0; i < 200 && hi - lo > 1e-9 * hi; i++) {
      const mid = Math.sqrt(lo * hi);
      if (count(mid) <= limit) hi = mid;
      else lo = mid;
    }
    return hi;
  };
  const atOrBelow = firstTargetAtMost(desiredGridCount);
  const countBelow = count(atOrBelow);
  // The count just above the desired one, if reachable, may be closer.
  const justAbove = atOrBelow * (1 - 1e-9);
  const countAbove = count(justAbove);
  const chosenCount =
    countAbove > desiredGridCount && countAbove - desiredGridCount < desiredGridCount - countBelow ? countAbove : countBelow;
  const start = firstTargetAtMost(chosenCount);
  const end = chosenCount > 0 ? firstTargetAtMost(chosenCount - 1) : high;
  return end > start ? Math.sqrt(start * end) : start;
}

/**
 * Grid counts per village (for `partitionAll`'s `gridCounts`) adding up to exactly
 * `desiredGridCount` where the villages allow it: counts from `chooseTargetHouseholds`, then single
 * grids added where grids are heaviest or removed where the remaining grids stay lightest. A village
 * keeps at least one grid per disconnected piece and at most one grid per block.
 */
export function apportionGridCounts(blocks: Block[], desiredGridCount: number, adjacency?: BlockAdjacency[]): Map<string, number> {
  const villages = summarizeVillages(blocks, adjacency);
  const target = chooseTargetForSummaries(villages, desiredGridCount);
  const counts = villages.map((v) => gridCountFor(v.households, v.blockCount, v.pieceCount, target));
  let total = counts.reduce((sum, count) => sum + count, 0);
  while (total !== desiredGridCount) {
    const adding = total < desiredGridCount;
    let best = -1, bestLoad = 0;
    villages.forEach((village, index) => {
      const allowed = adding ? counts[index] < village.blockCount : counts[index] > Math.max(1, village.pieceCount);
      if (!allowed) return;
      const load = adding ? village.households / counts[index] : village.households / (counts[index] - 1);
      if (best < 0 || (adding ? load > bestLoad : load < bestLoad)) {
        best = index;
        bestLoad = load;
      }
    });
    if (best < 0) break;
    counts[best] += adding ? 1 : -1;
    total += adding ? 1 : -1;
  }
  return new Map(villages.map((village, index) => [village.villageCode, counts[index]]));
}

export function summarizeVillages(blocks: Block[], adjacency?: BlockAdjacency[]): VillageSummary[] {
  const byVillage = groupBlocksByVillage(blocks);
  const adjacencyByVillage = adjacency ? groupAdjacencyByVillage(blocks, adjacency) : undefined;
  return [...byVillage.keys()].sort().map((villageCode) => {
    const villageBlocks = byVillage.get(villageCode)!;
    const pieceCount = adjacencyByVillage
      ? (() => {
          const graph = buildBlockGraph(villageBlocks, adjacencyByVillage.get(villageCode) ?? []);
          return components(graph, graph.ids.map((_, node) => node)).length;
        })()
      : 1;
    return {
      villageCode,
      households: villageBlocks.reduce((sum, block) => sum + Math.max(0, block.households), 0),
      blockCount: villageBlocks.length,
      pieceCount,
    };
  });
}

function groupBlocksByVillage(blocks: Block[]): Map<string, Block[]> {
  const byVillage = new Map<string, Block[]>();
  for (const block of blocks) {
    const list = byVillage.get(block.villageCode);
    if (list) list.push(block);
    else byVillage.set(block.villageCode, [block]);
  }
  return byVillage;
}

function groupAdjacencyByVillage(blocks: Block[], adjacency: BlockAdjacency[]): Map<string, BlockAdjacency[]> {
  const villageById = new Map(blocks.map((block) => [block.id, block.villageCode]));
  const result = new Map<string, BlockAdjacency[]>();
  for (const entry of adjacency) {
    const village = villageById.get(entry.a);
    if (village === undefined || village !== villageById.get(entry.b)) continue;
    const list = result.get(village);
    if (list) list.push(entry);
    else result.set(village, [entry]);
  }
  return result;
}

/**
 * Splits `total` grids among pieces: one each, then each further grid to the piece whose grids are
 * currently heaviest (which minimises the heaviest grid), never more grids than blocks.
 */
function allocateCounts(weights: number[], sizes: number[], total: number): number[] {
  const counts = weights.map(() => 1);
  const useSizes = weights.every((weight) => weight <= 0);
  const load = (index: number) => (useSizes ? sizes[index] : weights[index]) / counts[index];
  for (let extra = total - weights.length; extra > 0; extra--) {
    let best = -1;
    for (let index = 0; index < weights.length; index++) {
      if (counts[index] >= sizes[index]) continue;
      if (best < 0 || load(index) > load(best)) best = index;
    }
    if (best < 0) break;
    counts[best]++;
  }
  return counts;
}

/** Recursive bisection of a connected node set into `count` connected parts. */
function bisect(graph: BlockGraph, nodes: number[], count: number): number[][] {
  const k = Math.min(count, nodes.length);
  if (k <= 1) return [nodes];
  const countA = Math.floor(k / 2), countB = k - countA;
  const total = sumWeights(graph, nodes);
  const grown = growPart(graph, nodes, (total * countA) / k, countA, nodes.length - countB);
  const inA = new Set(grown);
  const rest = nodes.filter((node) => !inA.has(node));
  const restPieces = components(graph, rest);
  // Keep the heaviest remaining piece as the other side; enclosed pieces join the grown side.
  let keep = 0;
  for (let index = 1; index < restPieces.length; index++) {
    const weight = sumWeights(graph, restPieces[index]), keptWeight = sumWeights(graph, restPieces[keep]);
    if (weight > keptWeight || (weight === keptWeight && restPieces[index].length > restPieces[keep].length)) keep = index;
  }
  const partA = [...grown];
  restPieces.forEach((piece, index) => {
    if (index !== keep) partA.push(...piece);
  });
  const partB = restPieces[keep];
  let finalA = Math.min(countA, partA.length);
  let finalB = k - finalA;
  if (finalB > partB.length) {
    finalB = partB.length;
    finalA = k - finalB;
  }
  return [...bisect(graph, partA, finalA), ...bisect(graph, partB, finalB)];
}

function sumWeights(graph: BlockGraph, nodes: number[]): number {
  let sum = 0;
  for (const node of nodes) sum += graph.weights[node];
  return sum;
}
