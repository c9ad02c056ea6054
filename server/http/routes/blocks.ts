import { Hono } from 'hono';
import { attributionOf, datasetSalt, type AppDeps } from '../deps.ts';
import { ApiError, guardMethods } from '../errors.ts';
import { cachedGeoJson } from '../cachedGeoJson.ts';
import { blockFeature, collection } from '../geojson.ts';
import { blocksQuery, parseInput } from '../schemas.ts';

export function blockRoutes(deps: AppDeps) {
  const { store } = deps;
  const township = (c: { req: { query(name: string): string | undefined } }) =>
    parseInput(blocksQuery, { township: c.req.query('township') }).township;
  const router = new Hono()
    .get(
      '/',
      cachedGeoJson({
        version: () => store.dataVersion(),
        salt: () => datasetSalt(deps),
        key: (c) => `blocks?township=${township(c)}`,
        build: async (c) => {
          const code = township(c);
          const blocks = await store.listBlocks({ townshipCode: code });
          if (!blocks) throw new ApiError(404, 'unknown_township', `no township ${code}`, 'township');
          return collection(blocks.map(blockFeature), await attributionOf(deps));
        },
      }),
    );
  return guardMethods(router, { '/': ['GET'] });
}
