// A shapefile as features: from a .shp with its .dbf/.prj/.cpg siblings, or from a .zip holding one
// shapefile. Attributes become properties; the .prj text is handed on for CRS detection.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import type { InputFeature } from '../geojson-input.ts';
import { readShp } from './shp.ts';
import { encodingFromCpg, readDbf } from './dbf.ts';

export interface ShapefileFeatures {
  features: InputFeature[];
  /** Text of the .prj and its name, when there is one. */
  prj?: { text: string; source: string };
  /** Encoding the attributes were decoded with. */
  encoding?: string;
  warnings: string[];
}

export interface ReadShapefileOptions {
  /** Text encoding of the .dbf, overriding the .cpg and the header (a WHATWG label: utf-8, gbk, gb18030…). */
  encoding?: string;
}

export type ShapefileRead = { valid: true; shapefile: ShapefileFeatures } | { valid: false; reason: string };

interface Parts {
  shp: Uint8Array;
  dbf?: Uint8Array;
  prj?: Uint8Array;
  cpg?: Uint8Array;
  /** Name of the .shp, for messages. */
  source: string;
}

export function isShapefilePath(path: string): boolean {
  return /\.(shp|zip)$/i.test(path);
}

/** Siblings may differ in the case of their extension (roads.SHP with roads.dbf). */
function partsFromDirectory(path: string): Parts {
  const directory = dirname(path);
  const base = basename(path).replace(/\.shp$/i, '');
  const names = readdirSync(directory);
  const sibling = (extension: string) => {
    const name = names.find((candidate) => candidate.toLowerCase() === `${base}.${extension}`.toLowerCase());
    return name ? readFileSync(join(directory, name)) : undefined;
  };
  return { shp: readFileSync(path), dbf: sibling('dbf'), prj: sibling('prj'), cpg: sibling('cpg'), source: path };
}

function partsFromZip(path: string): Parts | string {
  const entries = unzipSync(readFileSync(path));
  const names = Object.keys(entries).filter((name) => !name.startsWith('__MACOSX/'));
  const shapefiles = names.filter((name) => /\.shp$/i.test(name));
  if (shapefiles.length === 0) return `${path}: the archive holds no .shp`;
  if (shapefiles.length > 1) return `${path}: the archive holds ${shapefiles.length} shapefiles (${shapefiles.join(', ')}); give one .shp or a .zip with one`;
  const stem = shapefiles[0].slice(0, -4).toLowerCase();
  const sibling = (extension: string) => {
    const name = names.find((candidate) => candidate.toLowerCase() === `${stem}.${extension}`);
    return name ? entries[name] : undefined;
  };
  return { shp: entries[shapefiles[0]], dbf: sibling('dbf'), prj: sibling('prj'), cpg: sibling('cpg'), source: `${path}/${shapefiles[0]}` };
}

/** Shapes paired with their attribute records (by position); deleted records drop their shape. */
export function featuresFromParts(parts: Parts, options: ReadShapefileOptions = {}): ShapefileRead {
  const warnings: string[] = [];
  const shp = readShp(parts.shp, parts.source, warnings);
  if (!shp.valid) return shp;
  const dbfSource = parts.source.replace(/\.shp$/i, '.dbf');
  const cpgEncoding = parts.cpg ? encodingFromCpg(new TextDecoder('latin1').decode(parts.cpg)) : undefined;
  if (parts.cpg && !cpgEncoding) warnings.push(`${parts.source.replace(/\.shp$/i, '.cpg')}: unknown code page "${new TextDecoder('latin1').decode(parts.cpg).trim()}", guessed from the data`);
  const dbf = parts.dbf ? readDbf(parts.dbf, dbfSource, options.encoding ?? cpgEncoding) : undefined;
  if (dbf && !dbf.valid) return dbf;
  if (!parts.dbf) warnings.push(`${dbfSource}: missing; the features have no attributes`);
  const records = dbf?.valid ? dbf.table.records : [];
  if (dbf?.valid && records.length !== shp.file.shapes.length) {
    warnings.push(`${parts.source}: ${shp.file.shapes.length} shapes but ${records.length} attribute records; paired by position`);
  }
  const features: InputFeature[] = [];
  shp.file.shapes.forEach((shape, index) => {
    const record = dbf?.valid ? records[index] : {};
    if (record === null) return;
    features.push({ id: index + 1, properties: { ...(record ?? {}) }, geometry: shape });
  });
  const shapefile: ShapefileFeatures = { features, warnings };
  if (parts.prj) shapefile.prj = { text: new TextDecoder('utf-8').decode(parts.prj), source: parts.source.replace(/\.shp$/i, '.prj') };
  if (dbf?.valid) shapefile.encoding = dbf.table.encoding;
  return { valid: true, shapefile };
}

/** Reads `path` (a .shp with siblings, or a .zip with one shapefile). */
export function readShapefile(path: string, options: ReadShapefileOptions = {}): ShapefileRead {
  if (!existsSync(path)) return { valid: false, reason: `${path}: no such file` };
  const parts = /\.zip$/i.test(path) ? partsFromZip(path) : partsFromDirectory(path);
  if (typeof parts === 'string') return { valid: false, reason: parts };
  return featuresFromParts(parts, options);
}
