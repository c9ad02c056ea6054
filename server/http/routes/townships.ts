import { Hono } from 'hono';
import { attributionOf, datasetSalt, type AppDeps } from '../deps.ts';
import { ApiError, guardMethods } from '../errors.ts';
import { parseInput, townshipsQuery } from '../schemas.ts';
import { cachedGeoJson } from '../cachedGeoJson.ts';
import { collection, townshipFeature } from '../geojson.ts';

export function townshipRoutes(deps: AppDeps) {
  const { store } = deps;
  const county = (c: { req: { query(name: string): string | undefined } }) =>
    parseInput(townshipsQuery, { county: c.req.query('county') }).county;
  const router = new Hono()
    .get(
      '/',
      cachedGeoJson({
        version: () => store.dataVersion(),
        salt: () => datasetSalt(deps),
        key: (c) => {
          const code = county(c);
          return code === undefined ? 'townships' : `townships?county=${code}`;
        },
        build: async (c) => {
          const code = county(c);
          if (code !== undefined && !(await store.getCounty(code))) throw new ApiError(404, 'unknown_county', `no county ${code}`, 'county');
          return collection((await store.listTownships({ countyCode: code })).map(townshipFeature), await attributionOf(deps));
        },
      }),
    );
  return guardMethods(router, { '/': ['GET'] });
}
