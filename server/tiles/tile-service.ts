// Vector tiles cut on demand from partitions: polygon layers per township (townships per county),
// basemap lines per position bin, problems from per-county column stores. A partition is built on
// the first tile that needs it and kept in a cache bounded by estimated bytes; a tile merges the
// features of every partition it touches. Writes move only the stamps of what they touched (see
// changes.ts), so a tile is cut again only when a partition it was cut from changed, or when a
// problem in it turns overdue. Encoded tiles are kept with their gzip and a content ETag.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import type GeoJSONVT from 'geojson-vt';
import type { EventBus } from '../events/bus.ts';
import type { GridStore } from '../store/store.ts';
import type { Box } from '../ogc/geometry.ts';
import { TILE_LAYERS, type TileLayerId } from './layers.ts';
import { tileBox, type TileAddress } from './coordinates.ts';
import { createChangeTracker, countyOf } from './changes.ts';
import { loadDirectory, type Directory } from './directory.ts';
import { ByteLru, type ByteLruStats } from './lru.ts';
import {
  buildPolygonPartition, countsBytes, hasOpenCounts, isPolygonLayer, partitionScale, polygonTileFeatures, readPartition,
  type OpenCounts, type PolygonLayerId, type PolygonPartition,
} from './polygons.ts';
import { binFeatures, buildLineIndex, loadLineDirectory, type LineDirectory } from './lines.ts';
import { Dictionary, IssueColumns } from './issue-columns.ts';
import { issueCellFeatures, issuePointFeatures } from './issue-tiles.ts';
import { TILE_BUFFER, TILE_EXTENT, tileFeatures, type VtFeature } from './vt.ts';
import { featureCountOf, readCensus, type TownshipCensus } from './feature-counts.ts';

export { TILE_EXTENT } from './vt.ts';

/** vt-pbf ships no type declarations; this is the one function used. */
interface VtPbf {
  fromGeojsonVt(layers: Record<string, { features: unknown[] }>, options?: { version?: number; extent?: number }): Uint8Array;
}
const vtPbf = createRequire(import.meta.url)('vt-pbf') as VtPbf;

/** Built partitions (tile indexes and open counts) kept by default. */
export const DEFAULT_PARTITION_BYTES = 1024 * 1024 * 1024;
/** Problem columns kept by default: about 80 bytes a problem, so a 5-million-problem province fits. */
export const DEFAULT_ISSUE_COLUMN_BYTES = 768 * 1024 * 1024;
/** Encoded tiles (both codings) kept by default. */
export const DEFAULT_TILE_CACHE_BYTES = 192 * 1024 * 1024;

export interface EncodedTile {
  identity: Uint8Array;
  gzip: Uint8Array;
  /** Strong tags per content coding. */
  identityTag: string;
  gzipTag: string;
}

export interface TileServiceOptions {
  store: GridStore;
  now: () => Date;
  /** Distinguishes databases in ETags. */
  salt: () => Promise<string>;
  /** Announced writes: with it a write rebuilds only what it touched; without, any write rebuilds what is drawn next. */
  events?: EventBus;
  /** Budget of built tile indexes and counts in estimated bytes (default 1 GiB). */
  partitionBytes?: number;
  /** Budget of problem columns (default 768 MiB); slow to read back, so kept apart from the indexes. */
  issueColumnBytes?: number;
  /** Budget of encoded tiles in bytes (default 192 MiB; 0 keeps none). */
  tileCacheBytes?: number;
}

export interface LayerSummary {
  bounds: Box | null;
  featureCount: number;
}

export interface TileServiceStats {
  partitions: ByteLruStats;
  encodedTiles: number;
  encodedBytes: number;
  /** Tiles encoded (not answered from the cache) since the start. */
  encodes: number;
}

export interface TileService {
  summary(layer: TileLayerId): Promise<LayerSummary>;
  /** The encoded tile, or null when no feature reaches it. */
  tile(layer: TileLayerId, address: TileAddress): Promise<EncodedTile | null>;
  stats(): TileServiceStats;
  /** Loads every county's problems and the basemap lines, one after another, yielding in between. */
  warm(): Promise<void>;
  close(): void;
}

interface CachedTile {
  signature: string;
  changesAfter: number | null;
  tile: EncodedTile | null;
  bytes: number;
}

/** One value per key, loaded again when its stamp moves; a failed load is forgotten. */
function stampedSlots<K, T>() {
  const slots = new Map<K, { stamp: string; promise: Promise<T> }>();
  return {
    get(key: K, stamp: string, load: () => Promise<T>): Promise<T> {
      const existing = slots.get(key);
      if (existing && existing.stamp === stamp) return existing.promise;
      const slot = { stamp, promise: load() };
      slots.set(key, slot);
      slot.promise.catch(() => {
        if (slots.get(key) === slot) slots.delete(key);
      });
      return slot.promise;
    },
    clear: () => slots.clear(),
  };
}

type Partitioned =
  | { kind: 'polygons'; layer: PolygonLayerId; scopes: string[] }
  | { kind: 'lines'; layer: 'streets' | 'water'; directory: LineDirectory; bins: LineDirectory['bins'] }
  | { kind: 'issues'; counties: string[] };

export function createTileService(options: TileServiceOptions): TileService {
  const { store } = options;
  const changes = createChangeTracker(store, options.events);
  const partitions = new ByteLru<unknown>(options.partitionBytes ?? DEFAULT_PARTITION_BYTES);
  const issueColumns = new ByteLru<IssueColumns>(options.issueColumnBytes ?? DEFAULT_ISSUE_COLUMN_BYTES);
  const tileBudget = options.tileCacheBytes ?? DEFAULT_TILE_CACHE_BYTES;
  const encoded = new Map<string, CachedTile>();
  let encodedBytes = 0;
  let encodes = 0;
  const categories = new Dictionary();
  const directories = stampedSlots<'townships', Directory>();
  const lineDirectories = stampedSlots<'streets' | 'water', LineDirectory>();
  const summaries = stampedSlots<TileLayerId, LayerSummary>();
  const censuses = stampedSlots<string, TownshipCensus>();

  // Township outlines are stored once with their county (plans move grids inside them): the list
  // changes only with everything.
  const directoryOf = () => directories.get('townships', String(changes.epoch()), () => loadDirectory(store));
  const lineDirectoryOf = (layer: 'streets' | 'water') => lineDirectories.get(layer, String(changes.epoch()), () => loadLineDirectory(store, layer));
  const censusOf = (townshipCode: string) => censuses.get(townshipCode, String(changes.stamp('shapes', townshipCode)), () => readCensus(store, townshipCode));

  const scaleStamp = (kind: 'shapes' | 'issues', scope: string) => String(changes.stamp(kind, scope));

  const countsOf = (layer: PolygonLayerId, scope: string): Promise<OpenCounts> =>
    partitions.get(`counts:${layer}:${scope}`, scaleStamp('issues', scope), async () => {
      const { counts } = await readPartition(store, layer, scope);
      return { value: counts, bytes: countsBytes(counts) };
    }) as Promise<OpenCounts>;

  const polygonPartitionOf = (layer: PolygonLayerId, scope: string): Promise<PolygonPartition> => {
    const issuesStamp = scaleStamp('issues', scope);
    return partitions.get(`${layer}:${scope}`, scaleStamp('shapes', scope), async () => {
      const { features, counts } = await readPartition(store, layer, scope);
      // The same read gave the counts: keep them rather than reading again for the first tile.
      if (hasOpenCounts(layer)) void partitions.get(`counts:${layer}:${scope}`, issuesStamp, async () => ({ value: counts, bytes: countsBytes(counts) }));
      return buildPolygonPartition(features, TILE_LAYERS[layer].maxzoom);
    }) as Promise<PolygonPartition>;
  };

  const issueColumnsOf = (county: string, townshipCodes: readonly string[]): Promise<IssueColumns> =>
    issueColumns.get(`issues:${county}`, scaleStamp('issues', county), async () => {
      const columns = new IssueColumns(categories);
      for (const townshipCode of townshipCodes) columns.append(await store.exportIssues({ townshipCode }));
      columns.compact();
      columns.reindex();
      return { value: columns, bytes: columns.bytes() };
    });

  // A logged or changed problem is written into its county's columns in place when they are loaded.
  changes.onIssue(({ issue, before, after }) => {
    const key = `issues:${countyOf(issue.townshipCode)}`;
    const loaded = issueColumns.peek(key, String(before));
    if (!loaded) return;
    issueColumns.restamp(key, String(before), String(after));
    // Registered before any later reader's continuation, so readers after the write see it applied.
    void loaded.then((columns) => columns.upsert(issue)).catch(() => undefined);
  });

  const lineIndexOf = (layer: 'streets' | 'water', bin: LineDirectory['bins'][number], overview: boolean): Promise<GeoJSONVT | null> => {
    const detail = TILE_LAYERS[layer].detail;
    return partitions.get(`${layer}${overview ? '-overview' : ''}:${bin.key}`, String(changes.epoch()), async () => {
      let features = binFeatures(layer, bin);
      if (overview && detail) features = features.filter((feature) => detail.keep(feature.properties));
      return buildLineIndex(features, overview && detail ? detail.zoom - 1 : TILE_LAYERS[layer].maxzoom);
    }) as Promise<GeoJSONVT | null>;
  };

  /** What a tile is cut from, and a signature of those parts' stamps. */
  const partsOf = async (layer: TileLayerId, address: TileAddress): Promise<{ parts: Partitioned; signature: string }> => {
    const box = tileBox(address, TILE_BUFFER / TILE_EXTENT);
    if (layer === 'streets' || layer === 'water') {
      const lines = await lineDirectoryOf(layer);
      return { parts: { kind: 'lines', layer, directory: lines, bins: lines.binsIn(box) }, signature: `e${changes.epoch()}` };
    }
    const places = await directoryOf();
    if (isPolygonLayer(layer)) {
      const scopes = partitionScale(layer) === 'county' ? places.countiesIn(box).map((county) => county.code) : places.townshipsIn(box).map((township) => township.code);
      const counted = hasOpenCounts(layer);
      const signature = scopes.map((scope) => `${scope}:${changes.stamp('shapes', scope)}${counted ? `/${changes.stamp('issues', scope)}` : ''}`).join(',');
      return { parts: { kind: 'polygons', layer, scopes }, signature };
    }
    const counties = places.countiesIn(box).map((county) => county.code);
    return { parts: { kind: 'issues', counties }, signature: counties.map((county) => `${county}:${changes.stamp('issues', county)}`).join(',') };
  };

  const featuresOf = async (layer: TileLayerId, parts: Partitioned, address: TileAddress): Promise<{ features: VtFeature[]; changesAfter: number | null }> => {
    const { z, x, y } = address;
    if (parts.kind === 'lines') {
      const detail = TILE_LAYERS[layer].detail;
      const overview = detail !== undefined && z < detail.zoom;
      const indexes = await Promise.all(parts.bins.map((bin) => lineIndexOf(parts.layer, bin, overview)));
      return { features: indexes.flatMap((index) => tileFeatures(index, z, x, y)), changesAfter: null };
    }
    if (parts.kind === 'polygons') {
      const counted = hasOpenCounts(parts.layer);
      const built = await Promise.all(
        parts.scopes.map(async (scope) => {
          const partition = await polygonPartitionOf(parts.layer, scope);
          return polygonTileFeatures(partition, counted ? await countsOf(parts.layer, scope) : null, z, x, y);
        }),
      );
      return { features: built.flat(), changesAfter: null };
    }
    const places = await directoryOf();
    const columns = await Promise.all(parts.counties.map((county) => issueColumnsOf(county, places.countyByCode.get(county)?.townshipCodes ?? [])));
    const now = options.now().getTime();
    return layer === 'issue-cells' ? issueCellFeatures(columns, address, now) : issuePointFeatures(columns, address, now);
  };

  const encode = async (layer: TileLayerId, features: VtFeature[]): Promise<EncodedTile | null> => {
    if (features.length === 0) return null;
    const identity = vtPbf.fromGeojsonVt({ [layer]: { features } }, { version: 2, extent: TILE_EXTENT });
    // A content tag: equal bytes, equal tag, whatever rebuilt them.
    const digest = createHash('sha256').update(await options.salt()).update('\n').update(identity).digest('base64url').slice(0, 22);
    return { identity, gzip: gzipSync(identity), identityTag: `"t-${digest}"`, gzipTag: `"t-${digest}-gz"` };
  };

  const remember = (name: string, entry: CachedTile) => {
    const previous = encoded.get(name);
    if (previous) {
      encoded.delete(name);
      encodedBytes -= previous.bytes;
    }
    if (entry.bytes > tileBudget) return;
    encoded.set(name, entry);
    encodedBytes += entry.bytes;
    for (const [oldest, tile] of encoded) {
      if (encodedBytes <= tileBudget) break;
      encoded.delete(oldest);
      encodedBytes -= tile.bytes;
    }
  };

  return {
    async summary(layer) {
      changes.sync();
      return summaries.get(layer, `${changes.epoch()}:${changes.anyChange()}`, async (): Promise<LayerSummary> => {
        if (layer === 'streets' || layer === 'water') {
          const lines = await lineDirectoryOf(layer);
          return { bounds: lines.bounds, featureCount: lines.featureCount };
        }
        const places = await directoryOf();
        return { bounds: places.bounds, featureCount: await featureCountOf(store, layer, places, censusOf) };
      });
    },
    async tile(layer, address) {
      changes.sync();
      const name = `${layer}/${address.z}/${address.x}/${address.y}`;
      const { parts, signature } = await partsOf(layer, address);
      const cached = encoded.get(name);
      const now = options.now().getTime();
      if (cached && cached.signature === signature && (cached.changesAfter === null || now <= cached.changesAfter)) {
        encoded.delete(name);
        encoded.set(name, cached);
        return cached.tile;
      }
      const { features, changesAfter } = await featuresOf(layer, parts, address);
      const tile = await encode(layer, features);
      encodes++;
      remember(name, { signature, changesAfter, tile, bytes: 64 + name.length * 2 + signature.length * 2 + (tile ? tile.identity.byteLength + tile.gzip.byteLength : 0) });
      return tile;
    },
    async warm() {
      changes.sync();
      const places = await directoryOf();
      for (const [county, entry] of places.countyByCode) {
        await issueColumnsOf(county, entry.townshipCodes);
        await new Promise((resolve) => setImmediate(resolve));
      }
      await lineDirectoryOf('streets');
      await lineDirectoryOf('water');
    },
    stats() {
      const indexes = partitions.stats(), columns = issueColumns.stats();
      return {
        partitions: {
          entries: indexes.entries + columns.entries,
          bytes: indexes.bytes + columns.bytes,
          builds: indexes.builds + columns.builds,
          evictions: indexes.evictions + columns.evictions,
        },
        encodedTiles: encoded.size,
        encodedBytes,
        encodes,
      };
    },
    close() {
      changes.close();
      partitions.clear();
      issueColumns.clear();
      censuses.clear();
      directories.clear();
      lineDirectories.clear();
      summaries.clear();
      encoded.clear();
      encodedBytes = 0;
    },
  };
}
