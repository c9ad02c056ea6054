// The adjacency graph of a set of blocks: nodes in block-id order, edges where blocks share a border.
import type { Block, Position } from './types.ts';

export interface BlockAdjacency {
  a: string;
  b: string;
  sharedLengthM: number;
}

export interface Neighbour {
  node: number;
  sharedLengthM: number;
}

export interface BlockGraph {
  /** Block ids, sorted; node i is ids[i]. */
  ids: string[];
  /** Balance weight per node (households, or area when the whole set has no households). */
  weights: number[];
  /** Block area (m²) per node. */
  areas: number[];
  /** Representative position per node in local metres (x east, y north), for distances. */
  positions: Position[];
  /** Neighbours per node, sorted by node; only borders with positive shared length count. */
  neighbours: Neighbour[][];
}

const METRES_PER_DEGREE = 111_320;

/** Graph over the given blocks; adjacency entries touching other blocks are ignored. */
export function buildBlockGraph(blocks: Block[], adjacency: BlockAdjacency[]): BlockGraph {
  const sorted = [...blocks].sort((x, y) => compareIds(x.id, y.id));
  const ids = sorted.map((block) => block.id);
  const nodeById = new Map(ids.map((id, node) => [id, node]));
  const totalHouseholds = sorted.reduce((sum, block) => sum + Math.max(0, block.households), 0);
  const weights = sorted.map((block) =>
    totalHouseholds > 0 ? Math.max(0, block.households) : Math.max(0, block.areaM2),
  );
  const centres = sorted.map((block) => ringCentroid(block.polygon[0]));
  const referenceLatitude = centres.length > 0 ? centres.reduce((sum, c) => sum + c[1], 0) / centres.length : 0;
  const lonScale = METRES_PER_DEGREE * Math.cos((referenceLatitude * Math.PI) / 180);
  const positions = centres.map((c): Position => [c[0] * lonScale, c[1] * METRES_PER_DEGREE]);

  const lengths: Map<number, number>[] = ids.map(() => new Map());
  for (const entry of adjacency) {
    if (!(entry.sharedLengthM > 0)) continue;
    const a = nodeById.get(entry.a), b = nodeById.get(entry.b);
    if (a === undefined || b === undefined || a === b) continue;
    lengths[a].set(b, (lengths[a].get(b) ?? 0) + entry.sharedLengthM);
    lengths[b].set(a, (lengths[b].get(a) ?? 0) + entry.sharedLengthM);
  }
  const neighbours = lengths.map((map) =>
    [...map.entries()].sort((x, y) => x[0] - y[0]).map(([node, sharedLengthM]) => ({ node, sharedLengthM })),
  );
  const areas = sorted.map((block) => Math.max(0, block.areaM2));
  return { ids, weights, areas, positions, neighbours };
}

/** Connected components of the sub-graph induced by `nodes`, each sorted, ordered by first node. */
export function components(graph: BlockGraph, nodes: number[]): number[][] {
  const inSet = new Set(nodes);
  const seen = new Set<number>();
  const result: number[][] = [];
  for (const start of [...nodes].sort((x, y) => x - y)) {
    if (seen.has(start)) continue;
    const component: number[] = [];
    const stack = [start];
    seen.add(start);
    while (stack.length > 0) {
      const node = stack.pop()!;
      component.push(node);
      for (const { node: next } of graph.neighbours[node]) {
        if (inSet.has(next) && !seen.has(next)) {
          seen.add(next);
          stack.push(next);
        }
      }
    }
    result.push(component.sort((x, y) => x - y));
  }
  return result;
}

/** Whether the nodes labelled `part` stay connected once `removed` leaves them. */
export function connectedWithout(graph: BlockGraph, partOf: Int32Array, part: number, size: number, removed: number): boolean {
  if (size <= 1) return false;
  let start = -1;
  for (const { node } of graph.neighbours[removed]) {
    if (partOf[node] === part) {
      start = node;
      break;
    }
  }
  if (start < 0) return false;
  const seen = new Set<number>([start, removed]);
  const stack = [start];
  let reached = 1;
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const { node: next } of graph.neighbours[node]) {
      if (partOf[next] === part && !seen.has(next)) {
        seen.add(next);
        reached++;
        stack.push(next);
      }
    }
  }
  return reached === size - 1;
}

/** Plain code-unit order of ids: deterministic regardless of locale. */
export function compareIds(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Area-weighted centroid of a ring (degrees); the vertex mean when the ring has no area. */
export function ringCentroid(ring: Position[]): Position {
  let area = 0, cx = 0, cy = 0;
  const [ox, oy] = ring[0] ?? [0, 0];
  for (let i = 0; i + 1 < ring.length; i++) {
    const x1 = ring[i][0] - ox, y1 = ring[i][1] - oy, x2 = ring[i + 1][0] - ox, y2 = ring[i + 1][1] - oy;
    const cross = x1 * y2 - x2 * y1;
    area += cross;
    cx += (x1 + x2) * cross;
    cy += (y1 + y2) * cross;
  }
  if (area !== 0) return [ox + cx / (3 * area), oy + cy / (3 * area)];
  let sx = 0, sy = 0;
  const count = Math.max(1, ring.length - 1);
  for (let i = 0; i < count && i < ring.length; i++) {
    sx += ring[i][0];
    sy += ring[i][1];
  }
  return [sx / count, sy / count];
}
