// Street and water lines of the dataset, for drawing the map without any outside tile server.
import { Hono } from 'hono';
import type { Feature, FeatureCollection, LineString } from 'geojson';
import { attributionOf, datasetSalt, type AppDeps } from '../deps.ts';
import { guardMethods } from '../errors.ts';
import { cachedGeoJson } from '../cachedGeoJson.ts';
import type { WithAttribution } from '../geojson.ts';
import { basemapQuery, parseInput } from '../schemas.ts';
import type { BasemapLine } from '../../store/store.ts';
import { streetDetailOf } from '../../store/lineDetail.ts';

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
  const input = (c: { req: { query(name: string): string | undefined } }) =>
    parseInput(basemapQuery, { layer: c.req.query('layer'), detail: c.req.query('detail') });
  const router = new Hono().get(
    '/',
    cachedGeoJson({
      version: () => store.dataVersion(),
      salt: () => datasetSalt(deps),
      key: (c) => {
        const { layer, detail } = input(c);
        return detail === undefined ? `basemap?layer=${layer}` : `basemap?layer=${layer}&detail=${detail}`;
      },
      build: async (c): Promise<BasemapCollection> => {
        const { layer, detail } = input(c);
        const lines = await store.listLines(layer);
        // Split here rather than in SQL: the response is built once per data version and cached.
        const kept = detail === undefined ? lines : lines.filter((line) => streetDetailOf(line.class) === detail);
        return { type: 'FeatureCollection', attribution: await attributionOf(deps), features: kept.map(basemapFeature) };
      },
    }),
  );
  return guardMethods(router, { '/': ['GET'] });
}
