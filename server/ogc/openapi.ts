// The API definition (OpenAPI 3.0) of /ogc, linked from the landing page as `service-desc`: clients
// such as GDAL read the paging limits from it.
import { OGC_COLLECTION_IDS } from './collections.ts';
import { OGC_LIMIT_DEFAULT, OGC_LIMIT_MAX } from './parameters.ts';

export const OPENAPI_TYPE = 'application/vnd.oai.openapi+json;version=3.0';

const jsonAnswer = (description: string, type = 'application/json') => ({
  description,
  content: { [type]: { schema: { type: 'object' } } },
});
const errorAnswer = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/error' } } },
});
const format = { name: 'f', in: 'query', required: false, schema: { type: 'string', enum: ['json', 'geojson'] }, style: 'form', explode: false };
const collectionId = { name: 'collectionId', in: 'path', required: true, schema: { type: 'string', enum: [...OGC_COLLECTION_IDS] } };

export function openApiDocument(base: string) {
  return {
    openapi: '3.0.3',
    info: {
      title: '网格化社会治理 GIS · Grid governance features',
      version: '1.0.0',
      description: 'OGC API – Features Part 1 (Core, GeoJSON) over the county\u2019s townships, villages, grids, blocks and problems.',
    },
    servers: [{ url: base }],
    paths: {
      '/': { get: { operationId: 'landingPage', summary: 'Landing page', parameters: [format], responses: { 200: jsonAnswer('Links to the API definition, conformance and collections'), 400: errorAnswer('Bad parameter') } } },
      '/conformance': { get: { operationId: 'conformance', summary: 'Conformance classes', parameters: [format], responses: { 200: jsonAnswer('The conformance classes implemented'), 400: errorAnswer('Bad parameter') } } },
      '/api': { get: { operationId: 'apiDefinition', summary: 'This document', responses: { 200: jsonAnswer('The API definition', OPENAPI_TYPE) } } },
      '/collections': { get: { operationId: 'collections', summary: 'Feature collections', parameters: [format], responses: { 200: jsonAnswer('The collections with their extents'), 400: errorAnswer('Bad parameter') } } },
      '/collections/{collectionId}': {
        get: { operationId: 'collection', summary: 'One collection', parameters: [collectionId, format], responses: { 200: jsonAnswer('The collection'), 404: errorAnswer('No such collection') } },
      },
      '/collections/{collectionId}/items': {
        get: {
          operationId: 'items',
          summary: 'A page of features',
          parameters: [
            collectionId,
            { name: 'limit', in: 'query', required: false, style: 'form', explode: false, schema: { type: 'integer', minimum: 1, maximum: OGC_LIMIT_MAX, default: OGC_LIMIT_DEFAULT } },
            { name: 'offset', in: 'query', required: false, style: 'form', explode: false, schema: { type: 'integer', minimum: 0, default: 0 } },
            { name: 'bbox', in: 'query', required: false, style: 'form', explode: false, schema: { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } } },
            { name: 'datetime', in: 'query', required: false, style: 'form', explode: false, schema: { type: 'string' } },
            format,
          ],
          responses: {
            200: jsonAnswer('Features with numberMatched, numberReturned and paging links', 'application/geo+json'),
            400: errorAnswer('Bad or unknown parameter'),
            404: errorAnswer('No such collection'),
          },
        },
      },
      '/collections/{collectionId}/items/{featureId}': {
        get: {
          operationId: 'item',
          summary: 'One feature',
          parameters: [collectionId, { name: 'featureId', in: 'path', required: true, schema: { type: 'string' } }, format],
          responses: { 200: jsonAnswer('The feature', 'application/geo+json'), 404: errorAnswer('No such collection or feature') },
        },
      },
    },
    components: {
      schemas: {
        error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' } } },
          },
        },
      },
    },
  };
}
