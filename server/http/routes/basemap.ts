// Street and water lines of the dataset, for drawing the map without any outside tile server.
import { Hono } from 'hono';
import type { Feature, FeatureCollection, LineString } from 'geojson';
import { attributionOf, datasetSalt, type AppDeps } from '../deps.ts';
import { guardMethods } from '../errors.ts';
import { cachedGeoJson } from '../cachedGeoJson.ts';
import type { WithAttribution } from '../geojson.ts';
import { basemapQuery, parseInput } from '../schemas.ts';
import type { BasemapLine } from '../../store/store.ts';

export interface BasemapLineProperties {
  class: string;
  name?: string;
}
export type BasemapFeature = Feature<LineString, BasemapLineProperties>;
export type BasemapCollection = WithAttribution<FeatureCollection<LineString, BasemapLineProperties>>;

/** 6 decimals ≈ 0.1 m: plenty for drawing, and the layer is the largest the map loads. */
const DRAW_SCALE = 1e6;

export function basemapFeature(line: BasemapLine): BasemapFeature {
  const coordinates = line.coordinates.map(([lon, lat]) => [Math.round(lon * DRAW_SCALE) / DRAW_SCALE, Math.round(lat * DRAW_SCALE) / DRAW_SCALE]);
  return {
    type: 'Feature',
    id: line.id,
    geometry: { type: 'LineString', coordinates },
    properties: line.name === null ? { class: line.class } : { class: line.class, name: line.name },
  };
}

export function basemapRoutes(deps: AppDeps) {
  const { store } = deps;
  const layer = (c: { req: { query(name: string): string | undefined } }) => parseInput(basemapQuery, { layer: c.req.query('layer') }).layer;
  const router = new Hono().get(
    '/',
    cachedGeoJson({
      version: () => store.dataVersion(),
      salt: () => datasetSalt(deps),
      key: (c) => `basemap?layer=${layer(c)}`,
      build: async (c): Promise<BasemapCollection> => ({
        type: 'FeatureCollection',
        attribution: await attributionOf(deps),
        features: (await store.listLines(layer(c))).map(basemapFeature),
      }),
    }),
  );
  return guardMethods(router, { '/': ['GET'] });
}
