// Which blocks of a plan share a border: blocks of an exact arrangement share identical edges, so an
// edge seen from two blocks is a shared border (a common vertex alone is not). Pure.
import type { PolygonCoords } from '../geo/types.ts';
import type { BlockAdjacency } from '../geo/block-graph.ts';
import { distanceM } from '../geo/ring.ts';

interface EdgeEntry {
  key: string;
  lengthM: number;
}

/** Edge keys per polygon, cached by identity: moving a block leaves its polygon object untouched. */
const edgeCache = new WeakMap<PolygonCoords, EdgeEntry[]>();

function edgesOf(polygon: PolygonCoords, withLength: boolean): EdgeEntry[] {
  const cached = edgeCache.get(polygon);
  if (cached && (!withLength || cached.every((entry) => entry.lengthM >= 0))) return cached;
  const entries: EdgeEntry[] = [];
  for (const ring of polygon) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const a = `${ring[i][0]},${ring[i][1]}`, b = `${ring[i + 1][0]},${ring[i + 1][1]}`;
      if (a === b) continue;
      entries.push({ key: a < b ? `${a};${b}` : `${b};${a}`, lengthM: withLength ? distanceM(ring[i], ring[i + 1]) : -1 });
    }
  }
  edgeCache.set(polygon, entries);
  return entries;
}

/** The last answer: moving blocks keeps every polygon, so the next call can usually reuse it. */
let last: { polygons: PolygonCoords[]; neighbours: number[][] } | null = null;

/** Neighbour lists (indices into `polygons`) of polygons sharing at least one edge. Treat as read-only. */
export function neighbourLists(polygons: PolygonCoords[]): number[][] {
  if (last && last.polygons.length === polygons.length && last.polygons.every((polygon, index) => polygon === polygons[index])) {
    return last.neighbours;
  }
  const result = computeNeighbourLists(polygons);
  last = { polygons: polygons.slice(), neighbours: result };
  return result;
}

function computeNeighbourLists(polygons: PolygonCoords[]): number[][] {
  const owners = new Map<string, number>();
  const neighbours: Set<number>[] = polygons.map(() => new Set());
  polygons.forEach((polygon, index) => {
    for (const { key } of edgesOf(polygon, false)) {
      const other = owners.get(key);
      if (other === undefined) owners.set(key, index);
      else if (other !== index) {
        neighbours[index].add(other);
        neighbours[other].add(index);
      }
    }
  });
  return neighbours.map((set) => [...set].sort((x, y) => x - y));
}

/** Shared border lengths between blocks, as the partitioner takes them. */
export function sharedBorders(blocks: Array<{ id: string; polygon: PolygonCoords }>): BlockAdjacency[] {
  const owners = new Map<string, number>();
  const lengths = new Map<string, number>();
  blocks.forEach((block, index) => {
    for (const { key, lengthM } of edgesOf(block.polygon, true)) {
      const other = owners.get(key);
      if (other === undefined) {
        owners.set(key, index);
        continue;
      }
      if (other === index) continue;
      const [x, y] = blocks[other].id < block.id ? [blocks[other].id, block.id] : [block.id, blocks[other].id];
      const pair = `${x}\u0000${y}`;
      lengths.set(pair, (lengths.get(pair) ?? 0) + lengthM);
    }
  });
  return [...lengths].map(([pair, sharedLengthM]) => {
    const [a, b] = pair.split('\u0000');
    return { a, b, sharedLengthM };
  });
}

/** Connected pieces of a set of nodes under the given neighbour lists. */
export function countPieces(nodes: number[], neighbours: number[][]): number {
  const inSet = new Set(nodes);
  const seen = new Set<number>();
  let pieces = 0;
  for (const start of nodes) {
    if (seen.has(start)) continue;
    pieces++;
    const stack = [start];
    seen.add(start);
    while (stack.length > 0) {
      const node = stack.pop()!;
      for (const next of neighbours[node]) {
        if (inSet.has(next) && !seen.has(next)) {
          seen.add(next);
          stack.push(next);
        }
      }
    }
  }
  return pieces;
}
