// Polygon layers cut per partition: grids, villages and blocks per township, townships per county.
// A partition's index holds outlines and their static properties; the open-problem counts come
// from a separate, cheaper read that a new problem refreshes without re-cutting any outline.
import type GeoJSONVT from 'geojson-vt';
import type { GridStore, TierCounts } from '../store/store.ts';
import type { TileFeature, TileLayerId, TileProperties } from './layers.ts';
import { buildIndex, estimateIndexBytes, tileFeatures, type VtFeature } from './vt.ts';

export type PolygonLayerId = Extract<TileLayerId, 'townships' | 'villages' | 'grids' | 'blocks'>;

export function isPolygonLayer(layer: TileLayerId): layer is PolygonLayerId {
  return layer === 'townships' || layer === 'villages' || layer === 'grids' || layer === 'blocks';
}

/** Townships are few: one partition per county. The others: one per township. */
export function partitionScale(layer: PolygonLayerId): 'county' | 'township' {
  return layer === 'townships' ? 'county' : 'township';
}

/** Whether the layer's features carry open-problem counts. */
export function hasOpenCounts(layer: PolygonLayerId): boolean {
  return layer !== 'blocks';
}

export type OpenCounts = Map<string, TierCounts>;

export interface PolygonPartition {
  index: GeoJSONVT | null;
  featureCount: number;
}

export interface PartitionRead {
  features: TileFeature[];
  counts: OpenCounts;
}

/** 15-digit and shorter codes are exact in a double, so they double as numeric MVT feature ids. */
function codeId(code: string): number | undefined {
  return /^\d{1,15}$/.test(code) ? Number(code) : undefined;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/** Reads one partition: features without their open counts, and the counts by feature code. */
export async function readPartition(store: GridStore, layer: PolygonLayerId, scope: string): Promise<PartitionRead> {
  const counts: OpenCounts = new Map();
  const features: TileFeature[] = [];
  const add = (code: string | undefined, geometry: TileFeature['geometry'], properties: TileProperties, open?: TierCounts) => {
    features.push({ type: 'Feature', id: code === undefined ? undefined : codeId(code), geometry, properties });
    if (code !== undefined && open) counts.set(code, open);
  };
  switch (layer) {
    case 'townships':
      for (const township of await store.listTownships({ countyCode: scope })) {
        add(township.code, township.geometry, { code: township.code, name: township.name, gridCount: township.gridCount, households: township.households }, township.openIssues);
      }
      break;
    case 'villages':
      for (const village of (await store.listVillages(scope)) ?? []) {
        add(
          village.code,
          village.geometry,
          { code: village.code, name: village.name, townshipCode: village.townshipCode, gridCount: village.gridCount, households: village.households },
          village.openIssues,
        );
      }
      break;
    case 'grids':
      for (const grid of (await store.listGrids({ townshipCode: scope })) ?? []) {
        add(
          grid.code,
          { type: 'Polygon', coordinates: grid.polygon },
          {
            code: grid.code,
            name: grid.name,
            townshipCode: grid.townshipCode,
            villageCode: grid.villageCode,
            households: grid.households,
            areaM2: round1(grid.areaM2),
            version: grid.version,
            blockCount: grid.blockIds.length,
          },
          grid.openIssues,
        );
      }
      break;
    case 'blocks':
      for (const block of (await store.listBlocks({ townshipCode: scope })) ?? []) {
        const properties: TileProperties = {
          id: block.id,
          villageCode: block.villageCode,
          townshipCode: block.townshipCode,
          households: block.households,
          areaM2: round1(block.areaM2),
        };
        if (block.gridCode !== null) properties.gridCode = block.gridCode;
        add(undefined, { type: 'Polygon', coordinates: block.polygon }, properties);
      }
      break;
  }
  // Stable order whatever order the store answers in, so a rebuilt partition cuts identical tiles.
  features.sort((a, b) => (String(a.properties.code ?? a.properties.id) < String(b.properties.code ?? b.properties.id) ? -1 : 1));
  return { features, counts };
}

export function buildPolygonPartition(features: TileFeature[], maxZoom: number): { value: PolygonPartition; bytes: number } {
  return { value: { index: buildIndex(features, maxZoom), featureCount: features.length }, bytes: estimateIndexBytes(features) };
}

export function countsBytes(counts: OpenCounts): number {
  return 64 + counts.size * 120;
}

/** The partition's features in tile z/x/y, with the open counts written in. */
export function polygonTileFeatures(partition: PolygonPartition, counts: OpenCounts | null, z: number, x: number, y: number): VtFeature[] {
  const features = tileFeatures(partition.index, z, x, y);
  if (!counts) return features;
  return features.map((feature) => {
    const open = counts.get(String(feature.tags?.code));
    const tier = open ?? { red: 0, orange: 0, yellow: 0 };
    return { ...feature, tags: { ...feature.tags, openRed: tier.red, openOrange: tier.orange, openYellow: tier.yellow } };
  });
}
