// OGC API – Features over a GridStore: every collection is read once per data version (and again when
// a deadline passes, for problems) into a FeatureSet; requests only filter and slice it.
import type { GridStore } from '../store/store.ts';
import { buildFeatureSet, type FeatureSet } from './feature-set.ts';
import { OGC_COLLECTIONS, OGC_COLLECTION_IDS, type OgcCollectionId } from './collections.ts';
import { collectionDocument, collectionsDocument, GEOJSON_TYPE, JSON_TYPE, type Link } from './documents.ts';
import type { ItemsParameters } from './parameters.ts';
import { isCurrent } from './freshness.ts';

export interface OgcServiceOptions {
  store: GridStore;
  now: () => Date;
  attribution: () => Promise<string>;
}

export interface ItemsRequest {
  /** e.g. http://host/ogc */
  base: string;
  collection: OgcCollectionId;
  parameters: ItemsParameters;
  /** The query string as received (without `?`), for the self link. */
  search: string;
}

export interface OgcService {
  featureSet(id: OgcCollectionId): Promise<FeatureSet>;
  collections(base: string): Promise<ReturnType<typeof collectionsDocument>>;
  collection(base: string, id: OgcCollectionId): Promise<ReturnType<typeof collectionDocument>>;
  /** The items page as GeoJSON text. */
  items(request: ItemsRequest): Promise<string>;
  /** One feature as GeoJSON text with its links; null when there is no such feature. */
  item(base: string, id: OgcCollectionId, featureId: string): Promise<string | null>;
}

/** The query string with `offset` (and an explicit `limit`) replaced. */
function pageSearch(search: string, limit: number, offset: number): string {
  const params = new URLSearchParams(search);
  params.set('limit', String(limit));
  params.set('offset', String(offset));
  return params.toString();
}

interface Prepared {
  version: number;
  changesAfter: number | null;
  set: FeatureSet;
}

export function createOgcService(options: OgcServiceOptions): OgcService {
  const { store } = options;
  const cached = new Map<OgcCollectionId, Promise<Prepared>>();

  const prepare = async (id: OgcCollectionId, version: number): Promise<Prepared> => {
    const definition = OGC_COLLECTIONS[id];
    const features = await definition.load(store);
    const temporal = definition.temporalProperty;
    return {
      version,
      changesAfter: definition.changesAfter?.(features) ?? null,
      set: buildFeatureSet(features, temporal ? (feature) => Date.parse(String(feature.properties?.[temporal])) : undefined),
    };
  };

  const featureSet = async (id: OgcCollectionId): Promise<FeatureSet> => {
    let existing = cached.get(id);
    while (existing) {
      const prepared = await existing.catch(() => null);
      if (prepared && isCurrent(prepared, store.dataVersion(), options.now())) return prepared.set;
      const latest = cached.get(id);
      // Stale, or failed: read afresh unless another request already started doing so.
      if (latest === existing) break;
      existing = latest;
    }
    const preparing = prepare(id, store.dataVersion());
    cached.set(id, preparing);
    // A failed read is not kept: the next request tries again.
    preparing.catch(() => {
      if (cached.get(id) === preparing) cached.delete(id);
    });
    return (await preparing).set;
  };

  const allSets = async (): Promise<Record<OgcCollectionId, FeatureSet>> => {
    const sets = await Promise.all(OGC_COLLECTION_IDS.map(featureSet));
    return Object.fromEntries(OGC_COLLECTION_IDS.map((id, index) => [id, sets[index]])) as Record<OgcCollectionId, FeatureSet>;
  };

  return {
    featureSet,
    collections: async (base) => collectionsDocument(base, await allSets()),
    collection: async (base, id) => collectionDocument(base, id, await featureSet(id)),

    async items({ base, collection, parameters, search }) {
      const set = await featureSet(collection);
      const matched = set.match({ bbox: parameters.bbox, datetime: parameters.datetime });
      const page = matched.slice(parameters.offset, parameters.offset + parameters.limit);
      const itemsHref = `${base}/collections/${collection}/items`;
      const links: Link[] = [
        { href: search ? `${itemsHref}?${search}` : itemsHref, rel: 'self', type: GEOJSON_TYPE, title: 'This page' },
        { href: `${base}/collections/${collection}?f=json`, rel: 'collection', type: JSON_TYPE, title: 'The collection' },
      ];
      const nextOffset = parameters.offset + page.length;
      if (nextOffset < matched.length) {
        links.push({ href: `${itemsHref}?${pageSearch(search, parameters.limit, nextOffset)}`, rel: 'next', type: GEOJSON_TYPE, title: 'Next page' });
      }
      if (parameters.offset > 0) {
        const previous = Math.max(0, parameters.offset - parameters.limit);
        links.push({ href: `${itemsHref}?${pageSearch(search, parameters.limit, previous)}`, rel: 'prev', type: GEOJSON_TYPE, title: 'Previous page' });
      }
      const head = {
        type: 'FeatureCollection',
        timeStamp: options.now().toISOString(),
        numberMatched: matched.length,
        numberReturned: page.length,
        attribution: await options.attribution(),
        links,
      };
      // Features are spliced in as prepared text: a page never re-serialises them.
      const headText = JSON.stringify(head);
      return `${headText.slice(0, -1)},"features":[${page.map((position) => set.json(position)).join(',')}]}`;
    },

    async item(base, id, featureId) {
      const set = await featureSet(id);
      const position = set.positionOf(featureId);
      if (position < 0) return null;
      const href = `${base}/collections/${id}/items/${encodeURIComponent(featureId)}`;
      const links: Link[] = [
        { href: `${href}?f=json`, rel: 'self', type: GEOJSON_TYPE, title: 'This feature' },
        { href: `${base}/collections/${id}?f=json`, rel: 'collection', type: JSON_TYPE, title: 'The collection' },
      ];
      const text = set.json(position);
      return `${text.slice(0, -1)},"links":${JSON.stringify(links)}}`;
    },
  };
}
