// What the planner end-to-end suites move and how they check where it went.
import type { MultiPolygon, Polygon } from 'geojson';
import type { TownshipPlan } from '../../server/plan/types.ts';
import { pointInPolygon } from '../../server/geo/ring.ts';
import type { PolygonCoords, Position } from '../../server/geo/types.ts';
import { interiorPoint } from '../../server/geo/interior-point.ts';
import { createModel, keyOfBlock } from '../../web/src/planner/model.ts';
import { applyCommand, planMove } from '../../web/src/planner/commands.ts';
import { gridPieces } from '../../web/src/planner/topology.ts';

export function shapeContains(geometry: Polygon | MultiPolygon, [x, y]: Position): boolean {
  const polygons: PolygonCoords[] = geometry.type === 'Polygon' ? [geometry.coordinates as PolygonCoords] : (geometry.coordinates as PolygonCoords[]);
  return polygons.some((polygon) => pointInPolygon(x, y, polygon));
}

export interface BlockMove {
  blockId: string;
  from: string;
  to: string;
  /** A point inside the block, to click or to look up on the map. */
  anchor: Position;
  polygon: PolygonCoords;
}

/**
 * A block worth moving: it borders a grid of its own village, its grid keeps other blocks and stays
 * in one piece without it. Large blocks first, so it is easy to click and covers many pixels.
 */
export function chooseMove(plan: TownshipPlan): BlockMove {
  const model = createModel(plan);
  for (const block of [...plan.blocks].sort((a, b) => b.areaM2 - a.areaM2)) {
    const from = keyOfBlock(model, block.id)!;
    const fromSlot = model.slotIndex.get(from)!;
    if (model.topology.gridBlocks[fromSlot].size < 2) continue;
    for (const grid of plan.grids) {
      if (grid.code === from || grid.villageCode !== block.villageCode) continue;
      const planned = planMove(model, [block.id], grid.code);
      if (!planned.valid) continue;
      applyCommand(model, planned.command, 'forward');
      const whole = gridPieces(model.topology, fromSlot) === 1;
      applyCommand(model, planned.command, 'backward');
      if (whole) return { blockId: block.id, from, to: grid.code, anchor: interiorPoint(block.polygon)!, polygon: block.polygon };
    }
  }
  throw new Error('no block can move in this township');
}
