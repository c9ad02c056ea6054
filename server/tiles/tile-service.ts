// Vector tiles cut on demand: one geojson-vt index per layer and data version (rebuilt too when a
// deadline turns a problem overdue), built on first use; each tile is encoded once, with its gzip
// and ETag, and kept until the data changes.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import GeoJSONVT from 'geojson-vt';
import type { GridStore } from '../store/store.ts';
import { geometryBox, unionBox, type Box } from '../ogc/geometry.ts';
import { TILE_LAYERS, type TileFeature, type TileLayerId } from './layers.ts';
import type { TileAddress } from './coordinates.ts';
import { isCurrent } from '../ogc/freshness.ts';

/** vt-pbf ships no type declarations; this is the one function used. */
interface VtPbf {
  fromGeojsonVt(layers: Record<string, { features: unknown[] }>, options?: { version?: number; extent?: number }): Uint8Array;
}
const vtPbf = createRequire(import.meta.url)('vt-pbf') as VtPbf;

export const TILE_EXTENT = 4096;
/** Encoded tiles kept per layer (both codings), oldest dropped first. */
const MAX_CACHED_BYTES_PER_LAYER = 64 * 1024 * 1024;

export interface EncodedTile {
  identity: Uint8Array;
  gzip: Uint8Array;
  /** Strong tags per content coding. */
  identityTag: string;
  gzipTag: string;
}

interface LayerIndex {
  version: number;
  changesAfter: number | null;
  bounds: Box | null;
  featureCount: number;
  /** Distinguishes this build in ETags. */
  tag: string;
  tiles: GeoJSONVT | null;
  /** The reduced index used below the layer's detail zoom, when it has one. */
  overview: GeoJSONVT | null;
  salt: string;
  /** Encoded tiles by "z/x/y"; null marks an empty tile. */
  encoded: Map<string, EncodedTile | null>;
  encodedBytes: number;
}

export interface TileServiceOptions {
  store: GridStore;
  now: () => Date;
  /** Distinguishes databases at equal versions in ETags. */
  salt: () => Promise<string>;
}

export interface LayerSummary {
  bounds: Box | null;
  featureCount: number;
}

export interface TileService {
  summary(layer: TileLayerId): Promise<LayerSummary>;
  /** The encoded tile, or null when no feature reaches it. */
  tile(layer: TileLayerId, address: TileAddress): Promise<EncodedTile | null>;
}

function sizeOf(tile: EncodedTile | null): number {
  return tile ? tile.identity.byteLength + tile.gzip.byteLength : 0;
}

export function createTileService(options: TileServiceOptions): TileService {
  const { store } = options;
  const indexes = new Map<TileLayerId, Promise<LayerIndex>>();

  const build = async (layer: TileLayerId, version: number): Promise<LayerIndex> => {
    const definition = TILE_LAYERS[layer];
    const loaded = await definition.load(store);
    const { features, changesAfter } = Array.isArray(loaded) ? { features: loaded, changesAfter: null } : loaded;
    const index = (kept: TileFeature[], maxZoom: number) =>
      kept.length === 0 ? null : new GeoJSONVT({ type: 'FeatureCollection', features: kept }, { maxZoom, extent: TILE_EXTENT, buffer: 64, tolerance: 3 });
    const { detail } = definition;
    return {
      version,
      changesAfter,
      // Told apart from other builds at this version (a passed deadline) by the build time.
      tag: changesAfter === null ? String(version) : `${version}.${options.now().getTime().toString(36)}`,
      bounds: unionBox(features.map((feature) => geometryBox(feature.geometry))),
      featureCount: features.length,
      tiles: index(features, definition.maxzoom),
      overview: detail ? index(features.filter(detail.keep), detail.zoom - 1) : null,
      salt: await options.salt(),
      encoded: new Map(),
      encodedBytes: 0,
    };
  };

  const indexOf = async (layer: TileLayerId): Promise<LayerIndex> => {
    let existing = indexes.get(layer);
    while (existing) {
      const index = await existing.catch(() => null);
      if (index && isCurrent(index, store.dataVersion(), options.now())) return index;
      const latest = indexes.get(layer);
      // Stale, or failed: build afresh unless another request already started doing so.
      if (latest === existing) break;
      existing = latest;
    }
    const building = build(layer, store.dataVersion());
    indexes.set(layer, building);
    building.catch(() => {
      if (indexes.get(layer) === building) indexes.delete(layer);
    });
    return building;
  };

  const encode = (index: LayerIndex, layer: TileLayerId, { z, x, y }: TileAddress): EncodedTile | null => {
    const detail = TILE_LAYERS[layer].detail;
    const source = detail && z < detail.zoom ? index.overview : index.tiles;
    const tile = source?.getTile(z, x, y);
    if (!tile || tile.features.length === 0) return null;
    const identity = vtPbf.fromGeojsonVt({ [layer]: tile }, { version: 2, extent: TILE_EXTENT });
    const digest = createHash('sha256').update(`${index.salt}\n${index.tag}\n${layer}/${z}/${x}/${y}`).digest('base64url').slice(0, 16);
    return {
      identity,
      gzip: gzipSync(identity),
      identityTag: `"t${index.tag}-${digest}"`,
      gzipTag: `"t${index.tag}-${digest}-gz"`,
    };
  };

  return {
    async summary(layer) {
      const index = await indexOf(layer);
      return { bounds: index.bounds, featureCount: index.featureCount };
    },
    async tile(layer, address) {
      const index = await indexOf(layer);
      const name = `${address.z}/${address.x}/${address.y}`;
      const cached = index.encoded.get(name);
      if (cached !== undefined) return cached;
      const encoded = encode(index, layer, address);
      index.encoded.set(name, encoded);
      index.encodedBytes += sizeOf(encoded);
      for (const [oldest, tile] of index.encoded) {
        if (index.encodedBytes <= MAX_CACHED_BYTES_PER_LAYER) break;
        index.encoded.delete(oldest);
        index.encodedBytes -= sizeOf(tile);
      }
      return encoded;
    },
  };
}
