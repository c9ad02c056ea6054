import { Hono } from 'hono';
import { attributionOf, datasetSalt, type AppDeps } from '../deps.ts';
import { guardMethods } from '../errors.ts';
import { cachedGeoJson } from '../cachedGeoJson.ts';
import { collection, townshipFeature } from '../geojson.ts';

export function townshipRoutes(deps: AppDeps) {
  const { store } = deps;
  const router = new Hono()
    .get(
      '/',
      cachedGeoJson({
        version: () => store.dataVersion(),
        salt: () => datasetSalt(deps),
        key: () => 'townships',
        build: async () => collection((await store.listTownships()).map(townshipFeature), await attributionOf(deps)),
      }),
    );
  return guardMethods(router, { '/': ['GET'] });
}
