// A zipped shapefile: .shp, .shx, .dbf, .prj (WGS 84) and .cpg (UTF-8) under one base name.
import { zipSync } from 'fflate';
import { writeDbf, type DbfField, type DbfValue } from './dbf.ts';
import { writeShapes, type PolygonRings } from './shp.ts';

/** Geographic WGS 84 (EPSG:4326) in the ESRI WKT dialect shapefile readers expect. */
export const WGS84_PRJ =
  'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';

export type ShapefileInput =
  | { kind: 'polygon'; fields: DbfField[]; records: DbfValue[][]; shapes: PolygonRings[][] }
  | { kind: 'point'; fields: DbfField[]; records: DbfValue[][]; shapes: number[][] };

export function shapefileZip(baseName: string, input: ShapefileInput, today = new Date()): Uint8Array {
  if (input.records.length !== input.shapes.length) throw new Error('one attribute record per shape');
  const { shp, shx } = input.kind === 'point' ? writeShapes('point', input.shapes) : writeShapes('polygon', input.shapes);
  const text = new TextEncoder();
  const mtime = today;
  return zipSync(
    {
      [`${baseName}.shp`]: [shp, { mtime }],
      [`${baseName}.shx`]: [shx, { mtime }],
      [`${baseName}.dbf`]: [writeDbf(input.fields, input.records, today), { mtime }],
      [`${baseName}.prj`]: [text.encode(WGS84_PRJ), { mtime }],
      [`${baseName}.cpg`]: [text.encode('UTF-8'), { mtime }],
    },
    { level: 6 },
  );
}
