// OGC API – Features Part 1 (Core, GeoJSON) at /ogc: a thin router over server/ogc.
import { Hono, type Context } from 'hono';
import { attributionOf, type AppDeps } from '../deps.ts';
import { ApiError, errorResponse, guardMethods } from '../errors.ts';
import { createOgcService } from '../../ogc/service.ts';
import { isOgcCollectionId, type OgcCollectionId } from '../../ogc/collections.ts';
import { conformance, landingPage } from '../../ogc/documents.ts';
import { openApiDocument, OPENAPI_TYPE } from '../../ogc/openapi.ts';
import { parseFormatOnly, parseItemsParameters, type Parsed } from '../../ogc/parameters.ts';

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
const GEOJSON_CONTENT_TYPE = 'application/geo+json; charset=utf-8';
/** Answers follow every write, so clients revalidate rather than reuse. */
const HEADERS = { 'Cache-Control': 'no-cache' };

function accept<T>(parsed: Parsed<T>): T {
  if (!parsed.valid) throw new ApiError(400, 'invalid_parameter', parsed.reason, parsed.field);
  return parsed.value;
}

/** The API's own base URL as the client addressed it (links must resolve from the client). */
function baseOf(c: Context): string {
  return `${new URL(c.req.url).origin}/ogc`;
}

function collectionOf(c: Context): OgcCollectionId {
  const id = c.req.param('collectionId') ?? '';
  if (!isOgcCollectionId(id)) throw new ApiError(404, 'unknown_collection', `no collection ${id}`, 'collectionId');
  return id;
}

export function ogcRoutes(deps: AppDeps) {
  const service = createOgcService({
    store: deps.store,
    now: () => deps.now?.() ?? new Date(),
    attribution: () => attributionOf(deps),
  });
  const json = (c: Context, body: unknown) => c.body(JSON.stringify(body), 200, { 'Content-Type': JSON_CONTENT_TYPE, ...HEADERS });

  const router = new Hono()
    .get('/', (c) => {
      accept(parseFormatOnly(c.req.query()));
      return json(c, landingPage(baseOf(c)));
    })
    .get('/api', (c) => {
      accept(parseFormatOnly(c.req.query()));
      return c.body(JSON.stringify(openApiDocument(baseOf(c))), 200, { 'Content-Type': OPENAPI_TYPE, ...HEADERS });
    })
    .get('/conformance', (c) => {
      accept(parseFormatOnly(c.req.query()));
      return json(c, conformance());
    })
    .get('/collections', async (c) => {
      accept(parseFormatOnly(c.req.query()));
      return json(c, await service.collections(baseOf(c)));
    })
    .get('/collections/:collectionId', async (c) => {
      const id = collectionOf(c);
      accept(parseFormatOnly(c.req.query()));
      return json(c, await service.collection(baseOf(c), id));
    })
    .get('/collections/:collectionId/items', async (c) => {
      const collection = collectionOf(c);
      const parameters = accept(parseItemsParameters(c.req.query()));
      const search = new URL(c.req.url).search.replace(/^\?/, '');
      const body = await service.items({ base: baseOf(c), collection, parameters, search });
      return c.body(body, 200, { 'Content-Type': GEOJSON_CONTENT_TYPE, ...HEADERS });
    })
    .get('/collections/:collectionId/items/:featureId', async (c) => {
      const collection = collectionOf(c);
      accept(parseFormatOnly(c.req.query()));
      const featureId = c.req.param('featureId');
      const body = await service.item(baseOf(c), collection, featureId);
      if (body === null) throw new ApiError(404, 'unknown_feature', `no feature ${featureId} in ${collection}`, 'featureId');
      return c.body(body, 200, { 'Content-Type': GEOJSON_CONTENT_TYPE, ...HEADERS });
    });
  guardMethods(router, {
    '/': ['GET'],
    '/api': ['GET'],
    '/conformance': ['GET'],
    '/collections': ['GET'],
    '/collections/:collectionId': ['GET'],
    '/collections/:collectionId/items': ['GET'],
    '/collections/:collectionId/items/:featureId': ['GET'],
  });
  // A base URL typed with a trailing slash (…/ogc/, which clients turn into …/ogc//collections)
  // is sent to the resource meant; anything else under /ogc is unknown, answered as JSON.
  router.all('*', (c) => {
    const path = c.req.path;
    const normalised = path.replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1');
    if ((c.req.method === 'GET' || c.req.method === 'HEAD') && normalised !== path) {
      return c.redirect(normalised + new URL(c.req.url).search, 301);
    }
    return errorResponse(c, 404, 'not_found', `no resource ${path}`);
  });
  return router;
}
