// The layers served as vector tiles: their fields, zoom range and where their features come from.
// Tile properties are flat scalars (MVT has no nested values), so per-tier counts are spread into
// openRed / openOrange / openYellow.
import type { Feature, Geometry } from 'geojson';

export const TILE_LAYER_IDS = ['townships', 'villages', 'grids', 'blocks', 'issues', 'issue-cells', 'streets', 'water'] as const;
export type TileLayerId = (typeof TILE_LAYER_IDS)[number];

export type FieldType = 'String' | 'Number' | 'Boolean';
export type TileProperties = Record<string, string | number | boolean>;
export type TileFeature = Feature<Geometry, TileProperties>;

/**
 * Where a layer's features come from: polygons read per township (or per county for townships),
 * basemap lines binned by position, or the problem column store.
 */
export type TileLayerSource = 'polygons' | 'lines' | 'issue-points' | 'issue-cells';

export interface TileLayerDefinition {
  id: TileLayerId;
  description: string;
  minzoom: number;
  maxzoom: number;
  fields: Readonly<Record<string, FieldType>>;
  source: TileLayerSource;
  /** Features drawn only from `zoom` on; lower tiles keep those passing `keep` (e.g. major roads). */
  detail?: { zoom: number; keep(properties: TileProperties): boolean };
}

/** Tiles exist up to here; maps zoom further by scaling the z16 tile. */
export const TILE_MAX_ZOOM = 16;

export function isTileLayerId(id: string): id is TileLayerId {
  return (TILE_LAYER_IDS as readonly string[]).includes(id);
}

export const OPEN_FIELDS = { openRed: 'Number', openOrange: 'Number', openYellow: 'Number' } as const;

export const TILE_LAYERS: Readonly<Record<TileLayerId, TileLayerDefinition>> = {
  townships: {
    id: 'townships',
    description: 'Township-level units: grid count, households, open problems per tier',
    minzoom: 0,
    maxzoom: TILE_MAX_ZOOM,
    fields: { code: 'String', name: 'String', gridCount: 'Number', households: 'Number', ...OPEN_FIELDS },
    source: 'polygons',
  },
  villages: {
    id: 'villages',
    description: 'Villages and communities: township, grid count, households, open problems per tier',
    minzoom: 6,
    maxzoom: TILE_MAX_ZOOM,
    fields: { code: 'String', name: 'String', townshipCode: 'String', gridCount: 'Number', households: 'Number', ...OPEN_FIELDS },
    source: 'polygons',
  },
  grids: {
    id: 'grids',
    description: 'Current unit grids: 15-digit code, households, area, plan version, open problems per tier',
    minzoom: 8,
    maxzoom: TILE_MAX_ZOOM,
    fields: {
      code: 'String',
      name: 'String',
      townshipCode: 'String',
      villageCode: 'String',
      households: 'Number',
      areaM2: 'Number',
      version: 'Number',
      blockCount: 'Number',
      ...OPEN_FIELDS,
    },
    source: 'polygons',
  },
  blocks: {
    id: 'blocks',
    description: 'Street blocks: current grid (absent when unassigned), village, township, households',
    // Below z13 a tile holds thousands of blocks: grids are the layer to draw there.
    minzoom: 13,
    maxzoom: TILE_MAX_ZOOM,
    fields: { id: 'String', gridCode: 'String', villageCode: 'String', townshipCode: 'String', households: 'Number', areaM2: 'Number' },
    source: 'polygons',
  },
  issues: {
    id: 'issues',
    description: 'Residents\u2019 problems: id, tier, status, overdue, category, grid, township (details from /api/issues/{id})',
    // Further out a tile would hold tens of thousands of points: issue-cells is the layer there.
    minzoom: 12,
    maxzoom: TILE_MAX_ZOOM,
    fields: {
      id: 'Number',
      tier: 'String',
      status: 'String',
      overdue: 'Boolean',
      category: 'String',
      gridCode: 'String',
      townshipCode: 'String',
    },
    source: 'issue-points',
  },
  'issue-cells': {
    id: 'issue-cells',
    description:
      'Problem density: one point per occupied cell of a 64\u00d764 grid over the tile, at the centroid of its problems; all problems counted, open ones per tier, overdue',
    minzoom: 0,
    maxzoom: 11,
    fields: { count: 'Number', open: 'Number', ...OPEN_FIELDS, overdue: 'Number' },
    source: 'issue-cells',
  },
  streets: {
    id: 'streets',
    description: 'Street centre-lines of the basemap: class, name, detail (major roads at every zoom, minor ones zoomed in)',
    minzoom: 6,
    maxzoom: TILE_MAX_ZOOM,
    fields: { class: 'String', name: 'String', detail: 'String' },
    // Residential streets and lanes outnumber main roads many times over; they matter zoomed in.
    detail: { zoom: 13, keep: (properties) => properties.detail === 'major' },
    source: 'lines',
  },
  water: {
    id: 'water',
    description: 'Rivers and canals of the basemap: class, name',
    minzoom: 6,
    maxzoom: TILE_MAX_ZOOM,
    fields: { class: 'String', name: 'String' },
    source: 'lines',
  },
};
