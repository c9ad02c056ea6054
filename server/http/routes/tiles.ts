// Vector tiles (MVT) and their TileJSON at /tiles: a thin router over server/tiles.
import { Hono, type Context } from 'hono';
import { attributionOf, datasetSalt, type AppDeps } from '../deps.ts';
import { ApiError, errorResponse, guardMethods } from '../errors.ts';
import { acceptsGzip, matchesEntityTag, requestHeader } from '../cachedGeoJson.ts';
import { createTileService } from '../../tiles/tile-service.ts';
import { isTileLayerId, TILE_LAYERS, type TileLayerId } from '../../tiles/layers.ts';
import { checkTileAddress } from '../../tiles/coordinates.ts';
import { tileJson } from '../../tiles/tilejson.ts';

export const MVT_CONTENT_TYPE = 'application/vnd.mapbox-vector-tile';

function layerOf(name: string): TileLayerId {
  if (!isTileLayerId(name)) throw new ApiError(404, 'unknown_layer', `no tile layer ${name}`, 'layer');
  return name;
}

export function tileRoutes(deps: AppDeps) {
  const tiles = createTileService({
    store: deps.store,
    now: () => deps.now?.() ?? new Date(),
    salt: () => datasetSalt(deps),
    events: deps.events,
  });
  // A county loads in well under a second on first use; a province's counties are read ahead.
  if (deps.warmTiles) {
    const started = performance.now();
    void Promise.resolve(deps.store.listCounties())
      .then(async (counties) => {
        if (counties.length <= 1) return;
        await tiles.warm();
        deps.onTilesWarm?.(performance.now() - started);
      })
      .catch((error: unknown) => deps.logError?.(error));
  }

  const router = new Hono()
    .get('/:file', async (c) => {
      const file = c.req.param('file');
      if (!file.endsWith('.json')) throw new ApiError(404, 'not_found', `no resource ${c.req.path}`);
      const layer = layerOf(file.slice(0, -'.json'.length));
      const body = tileJson(new URL(c.req.url).origin, layer, await tiles.summary(layer), await attributionOf(deps));
      return c.body(JSON.stringify(body), 200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-cache' });
    })
    .get('/:layer/:z/:x/:file', async (c: Context) => {
      const file = c.req.param('file') ?? '';
      if (!file.endsWith('.mvt')) throw new ApiError(404, 'not_found', `no resource ${c.req.path}`);
      const layer = layerOf(c.req.param('layer') ?? '');
      const check = checkTileAddress(TILE_LAYERS[layer], {
        z: c.req.param('z') ?? '',
        x: c.req.param('x') ?? '',
        y: file.slice(0, -'.mvt'.length),
      });
      if (!check.valid) throw new ApiError(400, 'invalid_tile', check.reason, check.field);
      const tile = await tiles.tile(layer, check.address);
      if (!tile) return c.body(null, 204, { 'Cache-Control': 'no-cache' });
      const gzip = acceptsGzip(requestHeader(c, 'accept-encoding'));
      const tag = gzip ? tile.gzipTag : tile.identityTag;
      const common = { ETag: tag, Vary: 'Accept-Encoding', 'Cache-Control': 'no-cache' };
      if (matchesEntityTag(requestHeader(c, 'if-none-match'), [tile.identityTag, tile.gzipTag])) return c.body(null, 304, common);
      const body = gzip ? tile.gzip : tile.identity;
      const headers: Record<string, string> = { 'Content-Type': MVT_CONTENT_TYPE, 'Content-Length': String(body.byteLength), ...common };
      if (gzip) headers['Content-Encoding'] = 'gzip';
      return new Response(body, { status: 200, headers });
    });
  guardMethods(router, { '/:file': ['GET'], '/:layer/:z/:x/:file': ['GET'] });
  router.all('*', (c) => errorResponse(c, 404, 'not_found', `no resource ${c.req.path}`));
  return router;
}
