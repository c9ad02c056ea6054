// Shapes for a plan restored by a rollback, fitted to the block arrangement as it is now. Pure.
//
// A block that was split since comes back as the union of its current pieces, so it carries every
// vertex its neighbours gained meanwhile. Any other block that comes back from its stored shape, and
// every block touching one, gains the vertices its neighbours (and the village outlines) hold on its
// edges: in an exact arrangement a vertex lying on a neighbour's edge is a vertex of both.
import type { PolygonCoords } from '../geo/types.ts';
import { mergeAll } from '../geo/merge.ts';
import { polygonAreaM2 } from '../geo/ring.ts';
import { boxesTouch, buildVertexIndex, insertSharedVertices, polygonBBox, type BoundingBox } from '../geo/split-topology.ts';
import type { TownshipPlan } from './types.ts';

/**
 * `target` is the earlier plan (block shapes as stored), `current` the plan now, `parents` the block
 * each piece was cut from, `outlines` the village outlines of the township as stored now.
 */
export function restoreShapes(
  target: TownshipPlan,
  current: TownshipPlan,
  parents: Map<string, string>,
  outlines: PolygonCoords[] = [],
): TownshipPlan {
  const currentById = new Map(current.blocks.map((block) => [block.id, block]));
  const descendants = new Map<string, PolygonCoords[]>();
  for (const block of current.blocks) {
    for (let ancestor = parents.get(block.id); ancestor !== undefined; ancestor = parents.get(ancestor)) {
      const list = descendants.get(ancestor);
      if (list) list.push(block.polygon);
      else descendants.set(ancestor, [block.polygon]);
    }
  }
  const restoredFromStore = new Set<number>();
  const polygons = target.blocks.map((block, index) => {
    const kept = currentById.get(block.id)?.polygon;
    if (kept) return kept;
    const pieces = descendants.get(block.id);
    if (pieces && pieces.length > 0) {
      const union = mergeAll(pieces);
      if (union.length === 1) return union[0];
    }
    restoredFromStore.add(index);
    return block.polygon;
  });

  if (restoredFromStore.size > 0) {
    const outlineBoxes = outlines.map(polygonBBox);
    const boxes = polygons.map(polygonBBox);
    const restoredBoxes = [...restoredFromStore].map((index) => boxes[index]);
    const near = (box: BoundingBox, self: number): PolygonCoords[] => [
      ...polygons.filter((polygon, other) => other !== self && boxesTouch(box, boxes[other])),
      ...outlines.filter((_, other) => boxesTouch(box, outlineBoxes[other])),
    ];
    // Restored blocks and the blocks around them exchange vertices until none is missing.
    const involved = polygons.map((_, index) => index).filter((index) => restoredBoxes.some((box) => boxesTouch(box, boxes[index])));
    for (let pass = 0; pass < 4; pass++) {
      let changed = false;
      for (const index of involved) {
        const updated = insertSharedVertices(polygons[index], buildVertexIndex(near(boxes[index], index)));
        if (updated) {
          polygons[index] = updated;
          changed = true;
        }
      }
      if (!changed) break;
    }
  }
  const blocks = target.blocks.map((block, index) => {
    const polygon = polygons[index];
    if (polygon === block.polygon) return block;
    const areaM2 = currentById.has(block.id) && currentById.get(block.id)!.polygon === polygon ? currentById.get(block.id)!.areaM2 : polygonAreaM2(polygon);
    return { ...block, polygon, areaM2 };
  });
  return { ...target, version: current.version, blocks };
}
