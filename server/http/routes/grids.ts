import { Hono } from 'hono';
import { attributionOf, datasetSalt, type AppDeps } from '../deps.ts';
import { ApiError, guardMethods } from '../errors.ts';
import { cachedGeoJson } from '../cachedGeoJson.ts';
import { GEOJSON_CONTENT_TYPE, collection, gridFeature } from '../geojson.ts';
import { gridParams, gridsQuery, parseInput } from '../schemas.ts';

export function gridRoutes(deps: AppDeps) {
  const { store } = deps;
  /** The county-wide request skips schema work: it is the hottest path. */
  const township = (c: { req: { query(name: string): string | undefined } }) => {
    const value = c.req.query('township');
    return value === undefined ? undefined : parseInput(gridsQuery, { township: value }).township;
  };
  const router = new Hono()
    .get(
      '/',
      cachedGeoJson({
        version: () => store.dataVersion(),
        salt: () => datasetSalt(deps),
        key: (c) => {
          const code = township(c);
          return code === undefined ? 'grids' : `grids?township=${code}`;
        },
        build: async (c) => {
          const code = township(c);
          const grids = await store.listGrids({ townshipCode: code });
          if (!grids) throw new ApiError(404, 'unknown_township', `no township ${code}`, 'township');
          return collection(grids.map(gridFeature), await attributionOf(deps));
        },
      }),
    )
    .get('/:code', async (c) => {
      const { code } = parseInput(gridParams, { code: c.req.param('code') });
      const grid = await store.getGrid(code);
      if (!grid) throw new ApiError(404, 'unknown_grid', `no current grid ${code}`, 'code');
      return c.body(JSON.stringify(gridFeature(grid)), 200, { 'Content-Type': GEOJSON_CONTENT_TYPE });
    });
  return guardMethods(router, { '/': ['GET'], '/:code': ['GET'] });
}
