// An export table written as GeoJSON, CSV (WKT geometry for areas) or a zipped Shapefile; GeoPackage in gpkg/.
import { formatCsv, textCell } from '../ledger/csv.ts';
import { shapefileZip } from './shapefile/zip.ts';
import type { CellValue, ExportTable } from './tables.ts';

export const EXPORT_FORMATS = ['geojson', 'csv', 'shp.zip', 'gpkg'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  geojson: 'application/geo+json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  'shp.zip': 'application/zip',
  gpkg: 'application/geopackage+sqlite3',
};

type Position = number[];

function wktNumber(value: number): string {
  return String(Math.round(value * 1e9) / 1e9);
}

function wktRing(ring: Position[]): string {
  return `(${ring.map(([lon, lat]) => `${wktNumber(lon)} ${wktNumber(lat)}`).join(', ')})`;
}

/** POLYGON in lon/lat order (WKT axis order of CRS84). */
export function polygonWkt(rings: Position[][]): string {
  return `POLYGON (${rings.map(wktRing).join(', ')})`;
}

function csvCell(value: CellValue): string {
  if (value === null) return '';
  if (typeof value === 'string') return textCell(value);
  return String(value);
}

export function tableCsv(table: ExportTable): string {
  const header = table.columns.map((column) => column.name);
  if (table.kind === 'polygon') {
    return formatCsv([...header, 'wkt'], table.rows.map((row, index) => [...row.map(csvCell), polygonWkt(table.polygons[index])]));
  }
  // Problems carry lon and lat among their columns.
  return formatCsv(header, table.rows.map((row) => row.map(csvCell)));
}

export function tableGeoJson(table: ExportTable, attribution: string): string {
  return JSON.stringify({ type: 'FeatureCollection', attribution, features: table.features });
}

export function tableShapefileZip(table: ExportTable, baseName: string, today = new Date()): Uint8Array {
  const fields = table.columns.map((column) => column.field);
  return table.kind === 'polygon'
    ? shapefileZip(baseName, { kind: 'polygon', fields, records: table.rows, shapes: table.polygons.map((polygon) => [polygon]) }, today)
    : shapefileZip(baseName, { kind: 'point', fields, records: table.rows, shapes: table.points }, today);
}
