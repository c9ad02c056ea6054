// Large layers as vector tiles: the sources, the style layers moved onto them, and the problem
// filters as MapLibre expressions on the tiles' properties (the tiles carry no list to filter in
// the page). Small layers stay GeoJSON (style.ts).
import type { ExpressionSpecification, FilterSpecification, LayerSpecification, VectorSourceSpecification } from 'maplibre-gl';
import { TIER_ORDER, type Tier } from '../state/tiers.ts';
import type { StatusFilter } from '../state/url-state.ts';
import type { SourceChoice } from './source-choice.ts';

/** Tile layers of server/tiles and their zoom ranges. */
export const TILE_LAYERS = {
  grids: { id: 'grids', minzoom: 8, maxzoom: 16 },
  /** One point per occupied cell of a 64×64 grid per tile, with counts: the density below z12. */
  issueCells: { id: 'issue-cells', minzoom: 0, maxzoom: 11 },
  issues: { id: 'issues', minzoom: 12, maxzoom: 16 },
  /** Street centre-lines: `class`, `name`, `detail` ('major' at every zoom, 'minor' from `minorFrom`). */
  streets: { id: 'streets', minzoom: 6, maxzoom: 16, minorFrom: 13 },
  water: { id: 'water', minzoom: 6, maxzoom: 16 },
} as const;

/** Where the map's tiled layers come from: the page's own origin (nothing leaves the machine). */
export interface TileSetting {
  choice: SourceChoice;
  origin: string;
}

export function tileUrl(origin: string, layer: string): string {
  return `${origin}/tiles/${layer}/{z}/{x}/{y}.mvt`;
}

export function vectorSource(origin: string, layer: { id: string; minzoom: number; maxzoom: number }, promoteId?: string): VectorSourceSpecification {
  return { type: 'vector', tiles: [tileUrl(origin, layer.id)], minzoom: layer.minzoom, maxzoom: layer.maxzoom, ...(promoteId ? { promoteId } : {}) };
}

/** The problem filters a tiled map applies itself. */
export interface TilePointFilter {
  tiers: readonly Tier[];
  status: StatusFilter;
  category: string | null;
}

function statusCondition(status: StatusFilter): ExpressionSpecification | null {
  switch (status) {
    case 'open':
      return ['==', ['get', 'status'], 'open'];
    case 'closed':
      return ['==', ['get', 'status'], 'closed'];
    case 'overdue':
      return ['==', ['get', 'overdue'], true];
    default:
      return null;
  }
}

/** The filter of the point layers on the `issues` tiles; `overdueOnly` for the overdue rings. */
export function issuePointFilter(filter: TilePointFilter, overdueOnly = false): FilterSpecification {
  const conditions: ExpressionSpecification[] = [['in', ['get', 'tier'], ['literal', [...filter.tiers]]]];
  const status = statusCondition(filter.status);
  if (status) conditions.push(status);
  if (filter.category !== null) conditions.push(['==', ['get', 'category'], filter.category]);
  if (overdueOnly) conditions.push(['==', ['get', 'overdue'], true]);
  return ['all', ...conditions] as FilterSpecification;
}

const OPEN_PROPERTY: Record<Tier, string> = { red: 'openRed', orange: 'openOrange', yellow: 'openYellow' };
/** A cell with this many problems reaches full weight; weights grow with the logarithm below it. */
export const CELL_FULL_WEIGHT = 200;
/** The weight of a cell with one problem: a lone problem still shows, as a point would. */
export const CELL_LEAST_WEIGHT = 0.3;
/**
 * The heatmap intensity of the cell layers: a cell of full weight alone reaches the top of the
 * tier's ramp (MapLibre's kernel peaks at 0.4 × weight × intensity). The GeoJSON path scales to
 * the densest spot of the points it holds; the tiles hold no such total, so the scale is fixed.
 */
export const CELL_INTENSITY = 2.5;

/**
 * A tier's heatmap weight on the `issue-cells` tiles. Cells count open problems per tier; other
 * statuses have totals only, so they are shared out in the proportions of the cell's open problems
 * (evenly when none is open), an estimate the points from z12 replace.
 */
export function cellWeight(tier: Tier, filter: TilePointFilter): ExpressionSpecification | number {
  if (!filter.tiers.includes(tier)) return 0;
  const open: ExpressionSpecification = ['get', OPEN_PROPERTY[tier]];
  const share: ExpressionSpecification = ['case', ['>', ['get', 'open'], 0], ['/', open, ['get', 'open']], 1 / TIER_ORDER.length];
  let value: ExpressionSpecification;
  switch (filter.status) {
    case 'open':
      value = open;
      break;
    case 'overdue':
      value = ['*', share, ['get', 'overdue']];
      break;
    case 'closed':
      value = ['*', share, ['-', ['get', 'count'], ['get', 'open']]];
      break;
    default:
      value = ['*', share, ['get', 'count']];
  }
  const scaled: ExpressionSpecification = ['min', 1, ['/', ['ln', ['+', 1, value]], Math.log(1 + CELL_FULL_WEIGHT)]];
  // Shares of a problem (other statuses) below a whole one fade in rather than jump to the floor.
  return ['case', ['>=', value, 1], ['+', CELL_LEAST_WEIGHT, ['*', 1 - CELL_LEAST_WEIGHT, scaled]], ['*', CELL_LEAST_WEIGHT, value]];
}

/** The map sources the tiled layers replace or share. */
export interface TiledSourceIds {
  grids: string;
  issues: string;
  issueCells: string;
  streets: string;
  minorStreets: string;
  water: string;
}

const MAJOR: ExpressionSpecification = ['==', ['get', 'detail'], 'major'];
const MINOR: ExpressionSpecification = ['==', ['get', 'detail'], 'minor'];

/** A layer's filter with one more condition (all of them must hold). */
function alsoFiltered(layer: LayerSpecification, condition: ExpressionSpecification): FilterSpecification {
  return ('filter' in layer && layer.filter ? ['all', layer.filter, condition] : condition) as FilterSpecification;
}

/**
 * A basemap layer on the street or water tiles. The GeoJSON path splits streets into two sources
 * (major, and minor loaded on zooming in); the tiles hold both, told apart by `detail`, with minor
 * streets only from their tile zoom on.
 */
function basemapLayer(layer: LayerSpecification, sources: TiledSourceIds): LayerSpecification | null {
  if (!('source' in layer)) return null;
  const streets = { source: sources.streets, 'source-layer': TILE_LAYERS.streets.id };
  if (layer.source === sources.water) return { ...layer, source: sources.water, 'source-layer': TILE_LAYERS.water.id } as LayerSpecification;
  if (layer.source === sources.streets) return { ...layer, ...streets, filter: alsoFiltered(layer, MAJOR) } as LayerSpecification;
  if (layer.source !== sources.minorStreets) return null;
  const minzoom = Math.max(layer.minzoom ?? 0, TILE_LAYERS.streets.minorFrom);
  return { ...layer, ...streets, minzoom, filter: alsoFiltered(layer, MINOR) } as LayerSpecification;
}

/** Layers moved onto the tile sources the choice names; the others are returned as they are. */
export function tiledLayers(
  layers: LayerSpecification[],
  choice: SourceChoice,
  sources: TiledSourceIds,
  filter: TilePointFilter,
): LayerSpecification[] {
  return layers.map((layer): LayerSpecification => {
    if (!('source' in layer)) return layer;
    const basemap = choice.basemap === 'tiles' ? basemapLayer(layer, sources) : null;
    if (basemap) return basemap;
    if (choice.grids === 'tiles' && layer.source === sources.grids) return { ...layer, 'source-layer': TILE_LAYERS.grids.id } as LayerSpecification;
    if (choice.problems !== 'tiles' || layer.source !== sources.issues) return layer;
    if (layer.type === 'heatmap') {
      const tier = TIER_ORDER.find((candidate) => layer.id.endsWith(candidate)) ?? 'yellow';
      const { filter: _tierFilter, ...rest } = layer;
      return { ...rest, source: sources.issueCells, 'source-layer': TILE_LAYERS.issueCells.id, paint: { ...layer.paint, 'heatmap-weight': cellWeight(tier, filter) } };
    }
    if (layer.type === 'circle') {
      const overdueOnly = Boolean(layer.filter);
      return { ...layer, 'source-layer': TILE_LAYERS.issues.id, filter: issuePointFilter(filter, overdueOnly) };
    }
    return { ...layer, 'source-layer': TILE_LAYERS.issues.id } as LayerSpecification;
  });
}
