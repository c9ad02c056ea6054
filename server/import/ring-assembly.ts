// Join OSM way pieces end-to-end into closed rings, then nest the rings into RFC 7946 polygons.
import type { PolygonCoords, Position, Ring } from '../geo/types.ts';
import { distanceM, pointInRing, rewindPolygon, ringBBox, signedArea } from '../geo/ring.ts';

/** A stretch of a way: node ids (the join keys) and their positions, index for index. */
export interface RingPiece {
  nodeIds: number[];
  coordinates: Position[];
}

export interface RingAssembly {
  rings: Ring[];
  /** Chains that could not be closed: their end node has no continuation. */
  unclosed: RingPiece[];
}

function isClosed(piece: RingPiece): boolean {
  return piece.nodeIds.length >= 4 && piece.nodeIds[0] === piece.nodeIds[piece.nodeIds.length - 1];
}

/**
 * Join pieces at shared end nodes, reversing pieces as needed. When a chain comes back to one of
 * its own inner nodes (rings touching at a node), the loop is split off as a ring of its own.
 */
export function assembleRings(pieces: RingPiece[]): RingAssembly {
  const rings: Ring[] = [];
  const unclosed: RingPiece[] = [];
  const open: RingPiece[] = [];
  for (const piece of pieces) {
    if (piece.nodeIds.length < 2) continue;
    if (isClosed(piece)) rings.push(piece.coordinates.slice());
    else open.push(piece);
  }
  const piecesByEndNode = new Map<number, number[]>();
  const register = (nodeId: number, index: number) => {
    const list = piecesByEndNode.get(nodeId);
    if (list) list.push(index);
    else piecesByEndNode.set(nodeId, [index]);
  };
  open.forEach((piece, index) => {
    register(piece.nodeIds[0], index);
    register(piece.nodeIds[piece.nodeIds.length - 1], index);
  });
  const used = new Array<boolean>(open.length).fill(false);
  const takeAt = (nodeId: number): number | undefined => {
    const list = piecesByEndNode.get(nodeId);
    if (!list) return undefined;
    const index = list.find((candidate) => !used[candidate]);
    if (index !== undefined) used[index] = true;
    return index;
  };

  for (let start = 0; start < open.length; start++) {
    if (used[start]) continue;
    used[start] = true;
    const ids = open[start].nodeIds.slice();
    const coordinates = open[start].coordinates.slice();
    const indexOfNode = new Map<number, number>();
    ids.forEach((id, i) => indexOfNode.set(id, i));
    let turned = false;
    for (;;) {
      const endId = ids[ids.length - 1];
      if (ids.length >= 4 && endId === ids[0]) {
        rings.push(coordinates);
        break;
      }
      const next = takeAt(endId);
      if (next === undefined) {
        if (turned) {
          unclosed.push({ nodeIds: ids, coordinates });
          break;
        }
        // Dead end: grow the chain from its other end, so a gap shows as one chain with two loose ends.
        turned = true;
        ids.reverse();
        coordinates.reverse();
        indexOfNode.clear();
        ids.forEach((id, i) => indexOfNode.set(id, i));
        continue;
      }
      const piece = open[next];
      const forward = piece.nodeIds[0] === endId;
      const nextIds = forward ? piece.nodeIds : piece.nodeIds.slice().reverse();
      const nextCoordinates = forward ? piece.coordinates : piece.coordinates.slice().reverse();
      for (let i = 1; i < nextIds.length; i++) {
        ids.push(nextIds[i]);
        coordinates.push(nextCoordinates[i]);
        if (i < nextIds.length - 1 && !indexOfNode.has(nextIds[i])) indexOfNode.set(nextIds[i], ids.length - 1);
      }
      const newEnd = ids[ids.length - 1];
      const loopStart = indexOfNode.get(newEnd);
      if (loopStart !== undefined && loopStart > 0) {
        // The chain touched itself: the stretch since that node is a finished ring.
        const loopIds = ids.splice(loopStart + 1);
        const loop = coordinates.splice(loopStart + 1);
        if (loop.length >= 3) rings.push([coordinates[loopStart], ...loop]);
        for (const id of loopIds) if (indexOfNode.get(id)! > loopStart) indexOfNode.delete(id);
      } else if (loopStart === undefined) indexOfNode.set(newEnd, ids.length - 1);
    }
  }
  return { rings: rings.filter((ring) => ring.length >= 4 && signedArea(ring) !== 0), unclosed };
}

/** A vertex of `inner` that is not a vertex of `outer`, so the containment test does not land on a shared node. */
function probePoint(inner: Ring, outerKeys: Set<string>): Position | undefined {
  for (const position of inner) if (!outerKeys.has(`${position[0]},${position[1]}`)) return position;
  for (let i = 0; i < inner.length - 1; i++) {
    const middle: Position = [(inner[i][0] + inner[i + 1][0]) / 2, (inner[i][1] + inner[i + 1][1]) / 2];
    if (!outerKeys.has(`${middle[0]},${middle[1]}`)) return middle;
  }
  return undefined;
}

/**
 * Nest rings by containment (not by member role, which OSM data often gets wrong):
 * rings at even depth are exteriors, rings at odd depth are holes of their parent.
 */
export function nestRings(rings: Ring[]): PolygonCoords[] {
  const items = rings
    .map((ring) => ({ ring, area: Math.abs(signedArea(ring)), box: ringBBox(ring), keys: undefined as Set<string> | undefined }))
    .sort((a, b) => b.area - a.area);
  const parent = new Array<number>(items.length).fill(-1);
  const depth = new Array<number>(items.length).fill(0);
  for (let i = 0; i < items.length; i++) {
    const inner = items[i];
    // Candidates are larger rings; the smallest that contains this one is its parent.
    for (let j = i - 1; j >= 0; j--) {
      const outer = items[j];
      if (inner.box[0] < outer.box[0] || inner.box[1] < outer.box[1] || inner.box[2] > outer.box[2] || inner.box[3] > outer.box[3]) continue;
      outer.keys ??= new Set(outer.ring.map((p) => `${p[0]},${p[1]}`));
      const probe = probePoint(inner.ring, outer.keys);
      if (probe && pointInRing(probe[0], probe[1], outer.ring)) {
        parent[i] = j;
        depth[i] = depth[j] + 1;
        break;
      }
    }
  }
  const polygons = new Map<number, PolygonCoords>();
  items.forEach((item, i) => {
    if (depth[i] % 2 === 0) polygons.set(i, [item.ring]);
  });
  items.forEach((item, i) => {
    if (depth[i] % 2 === 1) polygons.get(parent[i])!.push(item.ring);
  });
  return [...polygons.values()].map(rewindPolygon);
}

const MAX_BRIDGED_SHARE = 0.1;

function ringLengthM(ring: Ring): number {
  let length = 0;
  for (let i = 0; i < ring.length - 1; i++) length += distanceM(ring[i], ring[i + 1]);
  return length;
}

export interface GapClosing {
  rings: Ring[];
  /** Length in metres of every straight segment added to close a ring. */
  bridgedGapsM: number[];
  /** Chains still open: no loose end within the tolerance. */
  unclosed: Position[][];
}

/**
 * Bridge loose chain ends that lie within `toleranceM` of each other with straight segments,
 * always to the nearest end (its own start included), joining chains until each closes. Meant for
 * outlines with small mapping gaps or member ways missing from an extract; every bridge is reported.
 * Rings whose bridges exceed a tenth of their length stay open: they are fragments, not outlines.
 */
export function closeGaps(chains: Position[][], toleranceM: number): GapClosing {
  const open = chains.map((chain) => chain.slice());
  const rings: Ring[] = [];
  const bridgedGapsM: number[] = [];
  const unclosed: Position[][] = [];
  while (open.length > 0) {
    const chain = open.shift()!;
    const bridges: number[] = [];
    let turned = false;
    for (;;) {
      const end = chain[chain.length - 1];
      let best = { distance: distanceM(end, chain[0]), index: -1, reverse: false };
      open.forEach((other, index) => {
        const toStart = distanceM(end, other[0]);
        const toEnd = distanceM(end, other[other.length - 1]);
        if (toStart < best.distance) best = { distance: toStart, index, reverse: false };
        if (toEnd < best.distance) best = { distance: toEnd, index, reverse: true };
      });
      if (best.distance > toleranceM) {
        if (turned) {
          unclosed.push(chain);
          break;
        }
        // Nothing near this end: look from the other one.
        turned = true;
        chain.reverse();
        continue;
      }
      if (best.distance > 0) bridges.push(best.distance);
      if (best.index === -1) {
        if (best.distance > 0) chain.push(chain[0]);
        const bridged = bridges.reduce((sum, gap) => sum + gap, 0);
        // A ring made mostly of bridges is a fragment of an outline, not the outline.
        if (chain.length < 4 || bridged > MAX_BRIDGED_SHARE * ringLengthM(chain)) {
          unclosed.push(chain);
        } else {
          rings.push(chain);
          bridgedGapsM.push(...bridges);
        }
        break;
      }
      const [other] = open.splice(best.index, 1);
      const next = best.reverse ? other.slice().reverse() : other;
      // Ends at the same position are joined without repeating it.
      chain.push(...(best.distance === 0 ? next.slice(1) : next));
    }
  }
  return { rings, bridgedGapsM, unclosed };
}
