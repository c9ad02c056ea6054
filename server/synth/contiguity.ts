// Make every cell of a partition one contiguous polygon: when a cell came out in several pieces,
// its smaller pieces go to the neighbour that shares the longest border with them.
import * as polyclip from 'polyclip-ts';
import type { Position, PolygonCoords, Ring } from '../geo/types.ts';
import { pointInPolygon, ringBBox, signedArea, type BBox } from '../geo/ring.ts';

interface Piece {
  owner: number;
  polygon: PolygonCoords;
  area: number;
  bbox: BBox;
}

/** Holes smaller than this (m² in the local projection) are union debris along shared borders. */
const DEBRIS_AREA = 1;

function polygonArea(polygon: PolygonCoords): number {
  return polygon.reduce((sum, ring) => sum + signedArea(ring), 0);
}

/** Owner of the piece across each edge, weighted by edge length. */
function neighbourOwner(piece: Piece, pieces: readonly Piece[]): number {
  const shared = new Map<number, number>();
  for (const ring of piece.polygon) {
    for (let i = 0; i < ring.length - 1; i++) {
      const p = ring[i], q = ring[i + 1];
      const dx = q[0] - p[0], dy = q[1] - p[1];
      const length = Math.hypot(dx, dy);
      if (length === 0) continue;
      // Interior lies to the left of every properly wound ring, so step to the right.
      const offset = Math.min(0.05, length * 0.01);
      const x = (p[0] + q[0]) / 2 + (dy / length) * offset;
      const y = (p[1] + q[1]) / 2 - (dx / length) * offset;
      for (const other of pieces) {
        if (other === piece || other.owner === piece.owner) continue;
        const [minX, minY, maxX, maxY] = other.bbox;
        if (x < minX || x > maxX || y < minY || y > maxY) continue;
        if (pointInPolygon(x, y, other.polygon)) {
          shared.set(other.owner, (shared.get(other.owner) ?? 0) + length);
          break;
        }
      }
    }
  }
  let best = -1, bestLength = 0;
  for (const [owner, length] of shared) if (length > bestLength) { best = owner; bestLength = length; }
  return best;
}

function cleanRing(ring: Ring): Ring {
  const output: Position[] = [];
  for (const point of ring) {
    const last = output[output.length - 1];
    if (!last || Math.hypot(point[0] - last[0], point[1] - last[1]) > 1e-6) output.push(point);
  }
  if (output.length > 1) {
    const first = output[0], last = output[output.length - 1];
    if (Math.hypot(first[0] - last[0], first[1] - last[1]) <= 1e-6) output.pop();
  }
  output.push(output[0]);
  return output;
}

/** Union of pieces sharing borders; micro-holes left by last-digit disagreements are dropped. */
function unionPieces(polygons: PolygonCoords[]): PolygonCoords[] {
  if (polygons.length === 1) return polygons;
  const merged = polyclip.union(polygons[0] as polyclip.Geom, ...(polygons.slice(1) as polyclip.Geom[])) as PolygonCoords[];
  return merged
    .map((polygon) => polygon.map(cleanRing).filter((ring, i) => i === 0 || Math.abs(signedArea(ring)) >= DEBRIS_AREA))
    .filter((polygon) => polygon[0].length >= 4 && Math.abs(signedArea(polygon[0])) >= DEBRIS_AREA);
}

/** Area and centroid of a polygon with holes (planar). */
export function areaAndCentroid(polygon: PolygonCoords): { area: number; centroid: Position | null } {
  let area = 0, x = 0, y = 0;
  for (const ring of polygon) {
    for (let i = 0; i < ring.length - 1; i++) {
      const p = ring[i], q = ring[i + 1];
      const cross = p[0] * q[1] - q[0] * p[1];
      area += cross / 2;
      x += ((p[0] + q[0]) * cross) / 6;
      y += ((p[1] + q[1]) * cross) / 6;
    }
  }
  return { area, centroid: area > 0 ? [x / area, y / area] : null };
}

/** What each cell will hold once strays are handed on: its largest piece plus the strays it
 * receives; the centroid is that of its largest piece. */
export function contiguousMoments(pieces: PolygonCoords[][]): { area: number; centroid: Position | null }[] {
  const all: Piece[] = [];
  pieces.forEach((parts, owner) => {
    for (const polygon of parts) all.push({ owner, polygon, area: polygonArea(polygon), bbox: ringBBox(polygon[0]) });
  });
  const result = pieces.map(() => ({ area: 0, centroid: null as Position | null }));
  const largest = new Map<number, Piece>();
  for (const piece of all) {
    const current = largest.get(piece.owner);
    if (!current || piece.area > current.area) largest.set(piece.owner, piece);
  }
  for (const [owner, piece] of largest) result[owner] = areaAndCentroid(piece.polygon);
  for (const piece of all) {
    if (largest.get(piece.owner) === piece) continue;
    const recipient = neighbourOwner(piece, all);
    result[recipient >= 0 ? recipient : piece.owner].area += piece.area;
  }
  return result;
}

/** pieces[i] = the parts of cell i; returns one polygon per cell. Cells without any part get []. */
export function makeContiguous(pieces: PolygonCoords[][]): PolygonCoords[] {
  let all: Piece[] = [];
  pieces.forEach((parts, owner) => {
    for (const polygon of parts) all.push({ owner, polygon, area: polygonArea(polygon), bbox: ringBBox(polygon[0]) });
  });
  for (let round = 0; round < 8; round++) {
    const largest = new Map<number, Piece>();
    for (const piece of all) {
      const current = largest.get(piece.owner);
      if (!current || piece.area > current.area) largest.set(piece.owner, piece);
    }
    const strays = all.filter((piece) => largest.get(piece.owner) !== piece).sort((x, y) => x.area - y.area);
    if (strays.length === 0) break;
    for (const stray of strays) {
      const owner = neighbourOwner(stray, all);
      if (owner >= 0) stray.owner = owner;
    }
    // Merge each owner's pieces; whatever stays disconnected is handed on in the next round.
    const byOwner = new Map<number, Piece[]>();
    for (const piece of all) byOwner.set(piece.owner, [...(byOwner.get(piece.owner) ?? []), piece]);
    const next: Piece[] = [];
    for (const [owner, group] of byOwner) {
      const merged = group.length === 1 ? [group[0].polygon] : unionPieces(group.map((piece) => piece.polygon));
      for (const polygon of merged) next.push({ owner, polygon, area: polygonArea(polygon), bbox: ringBBox(polygon[0]) });
    }
    all = next;
  }
  const result: PolygonCoords[] = pieces.map(() => []);
  for (const piece of all) {
    if (result[piece.owner].length === 0 || piece.area > polygonArea(result[piece.owner])) result[piece.owner] = piece.polygon;
  }
  return result;
}
