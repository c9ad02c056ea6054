// The JSON documents of OGC API – Features Part 1 (landing page, conformance, collections) and the
// links between them. Links are absolute, built from the base URL the request came in on.
import type { FeatureSet } from './feature-set.ts';
import { OPENAPI_TYPE } from './openapi.ts';
import { OGC_COLLECTIONS, OGC_COLLECTION_IDS, type OgcCollectionId } from './collections.ts';

export const JSON_TYPE = 'application/json';
export const GEOJSON_TYPE = 'application/geo+json';
export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
const GREGORIAN = 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian';

export const CONFORMANCE_CLASSES = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
];

export interface Link {
  href: string;
  rel: string;
  type: string;
  title?: string;
}

export function landingPage(base: string) {
  return {
    title: '网格化社会治理 GIS · Grid governance features',
    description: 'Townships, villages, unit grids, street blocks and residents\u2019 problems of the county as OGC API – Features.',
    links: [
      { href: `${base}?f=json`, rel: 'self', type: JSON_TYPE, title: 'This document' },
      { href: `${base}/api`, rel: 'service-desc', type: OPENAPI_TYPE, title: 'The API definition (OpenAPI 3.0)' },
      { href: `${base}/conformance?f=json`, rel: 'conformance', type: JSON_TYPE, title: 'Conformance classes implemented' },
      { href: `${base}/collections?f=json`, rel: 'data', type: JSON_TYPE, title: 'Feature collections' },
    ] satisfies Link[],
  };
}

export function conformance() {
  return { conformsTo: CONFORMANCE_CLASSES };
}

export function collectionDocument(base: string, id: OgcCollectionId, features: FeatureSet) {
  const definition = OGC_COLLECTIONS[id];
  const href = `${base}/collections/${id}`;
  const extent: Record<string, unknown> = {
    // An empty collection still answers with a valid extent: the whole world.
    spatial: { bbox: [features.extent ?? [-180, -90, 180, 90]], crs: CRS84 },
  };
  if (definition.temporalProperty) extent.temporal = { interval: [features.interval ?? [null, null]], trs: GREGORIAN };
  return {
    id,
    title: definition.title,
    description: definition.description,
    itemType: definition.itemType,
    crs: [CRS84],
    storageCrs: CRS84,
    extent,
    links: [
      { href: `${href}?f=json`, rel: 'self', type: JSON_TYPE, title: definition.title },
      { href: `${href}/items?f=json`, rel: 'items', type: GEOJSON_TYPE, title: `${definition.title}: items` },
    ] satisfies Link[],
  };
}

export function collectionsDocument(base: string, sets: Record<OgcCollectionId, FeatureSet>) {
  return {
    links: [{ href: `${base}/collections?f=json`, rel: 'self', type: JSON_TYPE, title: 'Feature collections' }] satisfies Link[],
    collections: OGC_COLLECTION_IDS.map((id) => collectionDocument(base, id, sets[id])),
  };
}
