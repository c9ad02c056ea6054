// GeoJSON for the planner's map, built from the model: blocks (feature id = block index), one
// border feature per grid (feature id = grid slot, replaced one by one as grids change) and the
// village borders (edges whose two sides lie in different villages or outside the township).
import type { Feature, FeatureCollection, MultiLineString, Polygon } from 'geojson';
import { pointInPolygon } from '../../../server/geo/ring.ts';
import type { Position } from '../../../server/geo/types.ts';
import { outlineOf, piecesOf, type PlannerModel } from './model.ts';
import { twin } from './topology.ts';

export function blockFeatures(model: PlannerModel): FeatureCollection<Polygon> {
  return {
    type: 'FeatureCollection',
    features: model.blocks.map((block, index) => ({
      type: 'Feature',
      id: index,
      properties: { id: block.id, villageCode: block.villageCode },
      geometry: { type: 'Polygon', coordinates: block.polygon },
    })),
  };
}

/** A grid's border as lines; null for a grid without blocks. */
export function gridBorderFeature(model: PlannerModel, slot: number): Feature<MultiLineString> | null {
  if (model.topology.gridBlocks[slot].size === 0) return null;
  const rings = outlineOf(model, slot).flat();
  return {
    type: 'Feature',
    id: slot,
    properties: { key: model.slots[slot].key, split: piecesOf(model, slot) > 1 },
    geometry: { type: 'MultiLineString', coordinates: rings },
  };
}

export function gridBorderFeatures(model: PlannerModel): FeatureCollection<MultiLineString> {
  const features: Feature<MultiLineString>[] = [];
  model.slots.forEach((_, slot) => {
    const feature = gridBorderFeature(model, slot);
    if (feature) features.push(feature);
  });
  return { type: 'FeatureCollection', features };
}

export function villageBorderFeatures(model: PlannerModel): FeatureCollection<MultiLineString> {
  const { index, villageOf } = model.topology;
  const lines: Position[][] = [];
  const at = (vertex: number): Position => [index.vertexCoords[2 * vertex], index.vertexCoords[2 * vertex + 1]];
  for (let edge = 0; edge < index.edgeFrom.length; edge++) {
    const left = index.halfEdgeBlock[2 * edge], right = index.halfEdgeBlock[twin(2 * edge)];
    const differs = left < 0 || right < 0 || villageOf[left] !== villageOf[right];
    if (differs) lines.push([at(index.edgeFrom[edge]), at(index.edgeTo[edge])]);
  }
  return { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'MultiLineString', coordinates: lines } }] };
}

/** Polygons as a collection (moved blocks of a diff, a proposal). */
export function polygonCollection(polygons: readonly { polygon: Position[][]; kind: string }[]): FeatureCollection<Polygon> {
  return {
    type: 'FeatureCollection',
    features: polygons.map((item) => ({ type: 'Feature', properties: { kind: item.kind }, geometry: { type: 'Polygon', coordinates: item.polygon } })),
  };
}

/** The block whose polygon holds the point (-1 for none); a box test first keeps it cheap. */
export function blockAt(model: PlannerModel, lon: number, lat: number): number {
  for (let index = 0; index < model.blocks.length; index++) {
    const polygon = model.blocks[index].polygon;
    const ring = polygon[0];
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (const [x, y] of ring) {
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    if (lon < minX || lon > maxX || lat < minY || lat > maxY) continue;
    if (pointInPolygon(lon, lat, polygon)) return index;
  }
  return -1;
}

/** The extent of all blocks. */
export function planBounds(model: PlannerModel): [number, number, number, number] {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const block of model.blocks) {
    for (const [x, y] of block.polygon[0]) {
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  return [minX, minY, maxX, maxY];
}
