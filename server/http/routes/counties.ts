// The counties of the database as GeoJSON, and the province they belong to.
import { Hono } from 'hono';
import { attributionOf, datasetSalt, type AppDeps } from '../deps.ts';
import { ApiError, guardMethods } from '../errors.ts';
import { cachedGeoJson } from '../cachedGeoJson.ts';
import { collection, countyFeature } from '../geojson.ts';

export function countyRoutes(deps: AppDeps) {
  const { store } = deps;
  const router = new Hono().get(
    '/',
    cachedGeoJson({
      version: () => store.dataVersion(),
      salt: () => datasetSalt(deps),
      key: () => 'counties',
      build: async () => collection((await store.listCounties()).map(countyFeature), await attributionOf(deps)),
    }),
  );
  return guardMethods(router, { '/': ['GET'] });
}

export function provinceRoutes(deps: AppDeps) {
  const router = new Hono().get('/', async (c) => {
    const province = await deps.store.getProvince();
    if (!province) throw new ApiError(503, 'not_seeded', 'the database holds no county yet');
    return c.json(province);
  });
  return guardMethods(router, { '/': ['GET'] });
}
