// Which blocks a box or a lasso selects: those whose interior point falls inside it. Screen
// shapes are converted to map coordinates by the caller; everything here is plain geometry.
import { interiorPoint } from '../../../server/geo/interior-point.ts';
import { pointInRing } from '../../../server/geo/ring.ts';
import type { PolygonCoords, Position } from '../../../server/geo/types.ts';

/** One point inside each block (never outside it, unlike a centroid of an L-shaped block). */
export function blockAnchors(blocks: readonly { polygon: PolygonCoords }[]): Position[] {
  return blocks.map((block) => interiorPoint(block.polygon) ?? block.polygon[0][0]);
}

/** Blocks whose anchor is inside the axis-aligned box spanned by two corners. */
export function blocksInBox(anchors: readonly Position[], corner: Position, opposite: Position): number[] {
  const minX = Math.min(corner[0], opposite[0]), maxX = Math.max(corner[0], opposite[0]);
  const minY = Math.min(corner[1], opposite[1]), maxY = Math.max(corner[1], opposite[1]);
  const result: number[] = [];
  anchors.forEach(([x, y], block) => {
    if (x >= minX && x <= maxX && y >= minY && y <= maxY) result.push(block);
  });
  return result;
}

/** Blocks whose anchor is inside the lasso (an open or closed ring of at least three points). */
export function blocksInLasso(anchors: readonly Position[], lasso: readonly Position[]): number[] {
  if (lasso.length < 3) return [];
  const ring = [...lasso];
  const first = ring[0], last = ring[ring.length - 1];
  if (first[0] !== last[0] || first[1] !== last[1]) ring.push(first);
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const [x, y] of ring) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  const result: number[] = [];
  anchors.forEach(([x, y], block) => {
    if (x >= minX && x <= maxX && y >= minY && y <= maxY && pointInRing(x, y, ring)) result.push(block);
  });
  return result;
}

/** The new selection: the picked blocks alone, or added to the current one (a picked block already selected is dropped when toggling). */
export function combineSelection(current: ReadonlySet<string>, picked: readonly string[], mode: 'replace' | 'add' | 'toggle'): Set<string> {
  if (mode === 'replace') return new Set(picked);
  const next = new Set(current);
  for (const id of picked) {
    if (mode === 'toggle' && next.has(id)) next.delete(id);
    else next.add(id);
  }
  return next;
}
