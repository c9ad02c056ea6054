// An export table as a GeoPackage download: written with SQLite into a temporary file, then read
// back as a stream. The file is unlinked as soon as it is open, so nothing is left behind even when
// the client goes away mid-download.
import { closeSync, fstatSync, mkdtempSync, openSync, rmSync, createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ExportTable } from '../tables.ts';
import { writeGeoPackage, type GeoPackageColumn, type GeoPackageLayer } from './writer.ts';

function columnType(field: ExportTable['columns'][number]['field']): GeoPackageColumn['type'] {
  if (field.type === 'C') return 'TEXT';
  if (field.type === 'L') return 'BOOLEAN';
  return (field.decimals ?? 0) > 0 ? 'REAL' : 'INTEGER';
}

/** Columns keep their full names (no dBASE limit here), as in CSV and GeoJSON. */
export function geoPackageLayer(table: ExportTable, description: string): GeoPackageLayer {
  const base = {
    name: table.layer,
    description,
    columns: table.columns.map((column) => ({ name: column.name, type: columnType(column.field) })),
    rows: table.rows,
  };
  return table.kind === 'polygon' ? { ...base, kind: 'polygon', polygons: table.polygons } : { ...base, kind: 'point', points: table.points };
}

export interface GeoPackageDownload {
  stream: ReadableStream<Uint8Array>;
  byteLength: number;
}

export function geoPackageDownload(table: ExportTable, description: string, now = new Date()): GeoPackageDownload {
  const directory = mkdtempSync(join(tmpdir(), 'gridmap-gpkg-'));
  let descriptor: number | undefined;
  try {
    const path = join(directory, `${table.layer}.gpkg`);
    writeGeoPackage(path, geoPackageLayer(table, description), now);
    descriptor = openSync(path, 'r');
    const byteLength = fstatSync(descriptor).size;
    const nodeStream = createReadStream('', { fd: descriptor, autoClose: true });
    descriptor = undefined;
    return { stream: Readable.toWeb(nodeStream) as ReadableStream<Uint8Array>, byteLength };
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
    // The open descriptor keeps the data readable after the name is gone.
    rmSync(directory, { recursive: true, force: true });
  }
}
