// Area exports of grids, blocks and problems as GeoJSON, CSV, zipped Shapefile or GeoPackage: a thin router
// over server/export.
import { Hono } from 'hono';
import { z } from 'zod';
import { attributionOf, type AppDeps } from '../deps.ts';
import { ApiError, guardMethods } from '../errors.ts';
import { gridCode, parseInput, townshipCode } from '../schemas.ts';
import { checkArea, exportTable, isExportLayer, type ExportArea, type ExportLayer } from '../../export/tables.ts';
import { EXPORT_CONTENT_TYPES, EXPORT_FORMATS, tableCsv, tableGeoJson, tableShapefileZip, type ExportFormat } from '../../export/formats.ts';
import { geoPackageDownload } from '../../export/gpkg/export.ts';

const exportQuery = z.strictObject({ township: townshipCode.optional(), grid: gridCode.optional() });

function fileOf(name: string): { layer: ExportLayer; format: ExportFormat } {
  const dot = name.indexOf('.');
  const layer = dot < 0 ? name : name.slice(0, dot);
  const format = dot < 0 ? '' : name.slice(dot + 1);
  if (!isExportLayer(layer)) throw new ApiError(404, 'unknown_layer', `no export layer ${layer}; use grids, blocks or problems`, 'layer');
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new ApiError(404, 'unknown_format', `no export format ${format || '(none)'}; use ${EXPORT_FORMATS.join(', ')}`, 'format');
  }
  return { layer, format: format as ExportFormat };
}

/** e.g. grids-360121100 for a township's grids; the codes are digits, so the name is plain ASCII. */
function baseName(layer: ExportLayer, area: ExportArea): string {
  return [layer, area.townshipCode, area.gridCode].filter((part) => part !== undefined).join('-');
}

export function exportRoutes(deps: AppDeps) {
  const { store } = deps;
  const router = new Hono().get('/:file', async (c) => {
    const { layer, format } = fileOf(c.req.param('file'));
    const query = parseInput(exportQuery, c.req.query());
    const area: ExportArea = { townshipCode: query.township, gridCode: query.grid };
    const check = await checkArea(store, area);
    if (!check.valid) throw new ApiError(404, `unknown_${check.field}`, check.reason, check.field);
    const table = await exportTable(store, layer, area);
    const name = baseName(layer, area);
    const now = deps.now?.() ?? new Date();
    const download = format === 'gpkg' ? geoPackageDownload(table, await attributionOf(deps), now) : undefined;
    const body =
      download?.stream ??
      (format === 'geojson' ? tableGeoJson(table, await attributionOf(deps)) : format === 'csv' ? tableCsv(table) : tableShapefileZip(table, name, now));
    return new Response(body as string | Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array>, {
      status: 200,
      headers: {
        ...(download ? { 'Content-Length': String(download.byteLength) } : {}),
        'Content-Type': EXPORT_CONTENT_TYPES[format],
        'Content-Disposition': `attachment; filename="${name}.${format}"`,
        'Cache-Control': 'no-store',
      },
    });
  });
  return guardMethods(router, { '/:file': ['GET'] });
}
