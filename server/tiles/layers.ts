// The layers served as vector tiles: their fields, zoom range and how their features are read from
// the store. Tile properties are flat scalars (MVT has no nested values), so per-tier counts are
// spread into openRed / openOrange / openYellow.
import type { Feature, Geometry } from 'geojson';
import type { GridStore, TierCounts } from '../store/store.ts';
import { streetDetailOf } from '../store/lineDetail.ts';
import { nextOverdueChange } from '../ogc/freshness.ts';

export const TILE_LAYER_IDS = ['townships', 'villages', 'grids', 'blocks', 'issues', 'streets', 'water'] as const;
export type TileLayerId = (typeof TILE_LAYER_IDS)[number];

export type FieldType = 'String' | 'Number' | 'Boolean';
export type TileProperties = Record<string, string | number | boolean>;
export type TileFeature = Feature<Geometry, TileProperties>;

export interface TileLayerDefinition {
  id: TileLayerId;
  description: string;
  minzoom: number;
  maxzoom: number;
  fields: Readonly<Record<string, FieldType>>;
  /**
   * Reads the layer; `changesAfter` is set when properties also change with the clock (`overdue`):
   * the instant after which they do.
   */
  /** Features drawn only from `zoom` on; lower tiles keep those passing `keep` (e.g. major roads). */
  detail?: { zoom: number; keep(feature: TileFeature): boolean };
  load(store: GridStore): Promise<TileFeature[] | { features: TileFeature[]; changesAfter: number | null }>;
}

/** Tiles exist up to here; maps zoom further by scaling the z16 tile. */
export const TILE_MAX_ZOOM = 16;

export function isTileLayerId(id: string): id is TileLayerId {
  return (TILE_LAYER_IDS as readonly string[]).includes(id);
}

const OPEN_FIELDS = { openRed: 'Number', openOrange: 'Number', openYellow: 'Number' } as const;

function openCounts(counts: TierCounts) {
  return { openRed: counts.red, openOrange: counts.orange, openYellow: counts.yellow };
}

/** 15-digit and shorter codes are exact in a double, so they double as numeric MVT feature ids. */
function codeId(code: string): number | undefined {
  return /^\d{1,15}$/.test(code) ? Number(code) : undefined;
}

export const TILE_LAYERS: Readonly<Record<TileLayerId, TileLayerDefinition>> = {
  townships: {
    id: 'townships',
    description: 'Township-level units: grid count, households, open problems per tier',
    minzoom: 0,
    maxzoom: TILE_MAX_ZOOM,
    fields: { code: 'String', name: 'String', gridCount: 'Number', households: 'Number', ...OPEN_FIELDS },
    load: async (store) =>
      (await store.listTownships()).map((township) => ({
        type: 'Feature',
        id: codeId(township.code),
        geometry: township.geometry,
        properties: { code: township.code, name: township.name, gridCount: township.gridCount, households: township.households, ...openCounts(township.openIssues) },
      })),
  },
  villages: {
    id: 'villages',
    description: 'Villages and communities: township, grid count, households, open problems per tier',
    minzoom: 6,
    maxzoom: TILE_MAX_ZOOM,
    fields: { code: 'String', name: 'String', townshipCode: 'String', gridCount: 'Number', households: 'Number', ...OPEN_FIELDS },
    load: async (store) =>
      ((await store.listVillages()) ?? []).map((village) => ({
        type: 'Feature',
        id: codeId(village.code),
        geometry: village.geometry,
        properties: {
          code: village.code,
          name: village.name,
          townshipCode: village.townshipCode,
          gridCount: village.gridCount,
          households: village.households,
          ...openCounts(village.openIssues),
        },
      })),
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
    load: async (store) =>
      ((await store.listGrids()) ?? []).map((grid) => ({
        type: 'Feature',
        id: codeId(grid.code),
        geometry: { type: 'Polygon', coordinates: grid.polygon },
        properties: {
          code: grid.code,
          name: grid.name,
          townshipCode: grid.townshipCode,
          villageCode: grid.villageCode,
          households: grid.households,
          areaM2: Math.round(grid.areaM2 * 10) / 10,
          version: grid.version,
          blockCount: grid.blockIds.length,
          ...openCounts(grid.openIssues),
        },
      })),
  },
  blocks: {
    id: 'blocks',
    description: 'Street blocks: current grid (absent when unassigned), village, township, households',
    // Below z13 a tile holds thousands of blocks: grids are the layer to draw there.
    minzoom: 13,
    maxzoom: TILE_MAX_ZOOM,
    fields: { id: 'String', gridCode: 'String', villageCode: 'String', townshipCode: 'String', households: 'Number', areaM2: 'Number' },
    load: async (store) => {
      const features: TileFeature[] = [];
      for (const township of await store.listTownships()) {
        for (const block of (await store.listBlocks({ townshipCode: township.code })) ?? []) {
          const properties: TileProperties = {
            id: block.id,
            villageCode: block.villageCode,
            townshipCode: block.townshipCode,
            households: block.households,
            areaM2: Math.round(block.areaM2 * 10) / 10,
          };
          if (block.gridCode !== null) properties.gridCode = block.gridCode;
          features.push({ type: 'Feature', geometry: { type: 'Polygon', coordinates: block.polygon }, properties });
        }
      }
      return features;
    },
  },
  issues: {
    id: 'issues',
    description: 'Residents\u2019 problems: id, tier, status, overdue, category, grid, township (details from /api/issues/{id})',
    // Further out the map shows problems as density (from /api/issues/points), not as points.
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
    load: async (store) => {
      const issues = await store.exportIssues({});
      const features = issues.map(
        (issue): TileFeature => ({
          type: 'Feature',
          id: issue.id,
          geometry: { type: 'Point', coordinates: [issue.lon, issue.lat] },
          properties: {
            id: issue.id,
            tier: issue.tier,
            status: issue.status,
            overdue: issue.overdue,
            category: issue.category,
            gridCode: issue.gridCode,
            townshipCode: issue.townshipCode,
          },
        }),
      );
      return { features, changesAfter: nextOverdueChange(issues) };
    },
  },
  streets: {
    id: 'streets',
    description: 'Street centre-lines of the basemap: class, name, detail (major roads at every zoom, minor ones zoomed in)',
    minzoom: 6,
    maxzoom: TILE_MAX_ZOOM,
    fields: { class: 'String', name: 'String', detail: 'String' },
    // Residential streets and lanes outnumber main roads many times over; they matter zoomed in.
    detail: { zoom: 13, keep: (feature) => feature.properties.detail === 'major' },
    load: async (store) =>
      (await store.listLines('streets')).map((line) => {
        const properties: TileProperties = { class: line.class, detail: streetDetailOf(line.class) };
        if (line.name !== null) properties.name = line.name;
        return { type: 'Feature', id: line.id, geometry: { type: 'LineString', coordinates: line.coordinates }, properties };
      }),
  },
  water: {
    id: 'water',
    description: 'Rivers and canals of the basemap: class, name',
    minzoom: 6,
    maxzoom: TILE_MAX_ZOOM,
    fields: { class: 'String', name: 'String' },
    load: async (store) =>
      (await store.listLines('water')).map((line) => {
        const properties: TileProperties = { class: line.class };
        if (line.name !== null) properties.name = line.name;
        return { type: 'Feature', id: line.id, geometry: { type: 'LineString', coordinates: line.coordinates }, properties };
      }),
  },
};
