// A GeoPackage 1.3 file (an SQLite database, OGC 12-128r18) holding one feature table in WGS 84:
// the spatial reference systems, the contents and geometry-column registers, then the features.
import Database from 'better-sqlite3';
import { pointBlob, polygonBlob } from './geometry.ts';

export type GeoPackageValue = string | number | boolean | null;

export interface GeoPackageColumn {
  name: string;
  type: 'TEXT' | 'INTEGER' | 'REAL' | 'BOOLEAN';
}

export type GeoPackageLayer = {
  /** Table name and identifier (letters, digits and _). */
  name: string;
  description?: string;
  columns: GeoPackageColumn[];
  rows: GeoPackageValue[][];
} & ({ kind: 'polygon'; polygons: number[][][][] } | { kind: 'point'; points: number[][] });

/** "GPKG" as a big-endian 32-bit integer (§1.1.1.1.1). */
export const GEOPACKAGE_APPLICATION_ID = 0x47504b47;
export const GEOPACKAGE_USER_VERSION = 10300;
const WGS84_SRS_ID = 4326;
const WGS84_DEFINITION =
  'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],' +
  'PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],' +
  'AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]';

const SCHEMA = `
CREATE TABLE gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT
);
CREATE TABLE gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id)
);
CREATE TABLE gpkg_geometry_columns (
  table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL,
  z TINYINT NOT NULL, m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name), CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id)
);
`;

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

function extentOf(layer: GeoPackageLayer): [number, number, number, number] | [null, null, null, null] {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const visit = ([x, y]: number[]) => {
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  };
  if (layer.kind === 'point') layer.points.forEach(visit);
  else for (const polygon of layer.polygons) for (const ring of polygon) ring.forEach(visit);
  return minX <= maxX ? [minX, minY, maxX, maxY] : [null, null, null, null];
}

function cell(value: GeoPackageValue): string | number | null {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

/** Writes `layer` into a new GeoPackage at `path` (the file must not exist), in one transaction. */
export function writeGeoPackage(path: string, layer: GeoPackageLayer, now = new Date()): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(layer.name)) throw new Error(`table name ${layer.name} is not letters, digits and _`);
  const count = layer.kind === 'point' ? layer.points.length : layer.polygons.length;
  if (layer.rows.length !== count) throw new Error('one attribute row per geometry');
  const database = new Database(path);
  try {
    // One self-contained file: no WAL beside it.
    database.pragma('journal_mode = DELETE');
    database.pragma(`application_id = ${GEOPACKAGE_APPLICATION_ID}`);
    database.pragma(`user_version = ${GEOPACKAGE_USER_VERSION}`);
    const geometryType = layer.kind === 'point' ? 'POINT' : 'POLYGON';
    const columns = layer.columns.map((column) => `${quote(column.name)} ${column.type}`).join(', ');
    const write = database.transaction(() => {
      database.exec(SCHEMA);
      const srs = database.prepare('INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)');
      srs.run('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system');
      srs.run('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system');
      srs.run('WGS 84 geodetic', WGS84_SRS_ID, 'EPSG', WGS84_SRS_ID, WGS84_DEFINITION, 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
      database.exec(`CREATE TABLE ${quote(layer.name)} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom ${geometryType}${columns ? `, ${columns}` : ''})`);
      database
        .prepare('INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, min_x, min_y, max_x, max_y, srs_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(layer.name, 'features', layer.name, layer.description ?? '', now.toISOString(), ...extentOf(layer), WGS84_SRS_ID);
      database.prepare('INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, ?, 0, 0)').run(layer.name, 'geom', geometryType, WGS84_SRS_ID);
      const placeholders = layer.columns.map(() => ', ?').join('');
      const insert = database.prepare(`INSERT INTO ${quote(layer.name)} (geom${layer.columns.map((column) => `, ${quote(column.name)}`).join('')}) VALUES (?${placeholders})`);
      layer.rows.forEach((row, index) => {
        const geometry = layer.kind === 'point' ? pointBlob(layer.points[index], WGS84_SRS_ID) : polygonBlob(layer.polygons[index], WGS84_SRS_ID);
        insert.run(Buffer.from(geometry.buffer, geometry.byteOffset, geometry.byteLength), ...row.map(cell));
      });
    });
    write();
  } finally {
    database.close();
  }
}
