import { Hono } from 'hono';
import { attributionOf, datasetSalt, type AppDeps } from '../deps.ts';
import { ApiError, guardMethods } from '../errors.ts';
import { cachedGeoJson } from '../cachedGeoJson.ts';
import { collection, villageFeature } from '../geojson.ts';
import { parseInput, villagesQuery } from '../schemas.ts';

export function villageRoutes(deps: AppDeps) {
  const { store } = deps;
  const township = (c: { req: { query(name: string): string | undefined } }) =>
    parseInput(villagesQuery, { township: c.req.query('township') }).township;
  const router = new Hono()
    .get(
      '/',
      cachedGeoJson({
        version: () => store.dataVersion(),
        salt: () => datasetSalt(deps),
        key: (c) => `villages?township=${township(c) ?? ''}`,
        build: async (c) => {
          const code = township(c);
          const villages = await store.listVillages(code);
          if (!villages) throw new ApiError(404, 'unknown_township', `no township ${code}`, 'township');
          return collection(villages.map(villageFeature), await attributionOf(deps));
        },
      }),
    );
  return guardMethods(router, { '/': ['GET'] });
}
