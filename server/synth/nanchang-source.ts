// Reads the real Nanchang County inputs from data/nanchang (the only file access of the synthetic layers).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { PolygonCoords } from '../geo/types.ts';

export interface SourceUnit {
  code: string;
  name: string;
}

export interface SourceVillage extends SourceUnit {
  townshipCode: string;
}

export interface NanchangSource {
  countyCode: string;
  countyName: string;
  /** The county outline as published: GCJ-02 datum, not yet converted. */
  outlineGcj02: PolygonCoords;
  townships: SourceUnit[];
  villages: SourceVillage[];
}

export const DEFAULT_NANCHANG_DIRECTORY = fileURLToPath(new URL('../../data/nanchang/', import.meta.url));

/** Minimal CSV reader for the quoted, comma-separated division tables (no embedded commas or quotes). */
export function parseCsv(text: string): Record<string, string>[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const unquote = (field: string): string => field.trim().replace(/^"(.*)"$/, '$1');
  const header = lines[0].split(',').map(unquote);
  return lines.slice(1).map((line) => {
    const fields = line.split(',').map(unquote);
    return Object.fromEntries(header.map((name, i) => [name, fields[i] ?? '']));
  });
}

export function loadNanchangSource(directory: string = DEFAULT_NANCHANG_DIRECTORY): NanchangSource {
  const outline = JSON.parse(readFileSync(path.join(directory, 'county.gcj02.geojson'), 'utf8')) as {
    features: { properties: { adcode: number; name: string }; geometry: { type: string; coordinates: PolygonCoords } }[];
  };
  const feature = outline.features[0];
  if (feature.geometry.type !== 'Polygon') throw new Error(`county outline: expected a Polygon, got ${feature.geometry.type}`);
  const townships = parseCsv(readFileSync(path.join(directory, 'townships.csv'), 'utf8')).map((row) => ({ code: row.code, name: row.name }));
  const villages = parseCsv(readFileSync(path.join(directory, 'villages.csv'), 'utf8')).map((row) => ({
    code: row.code,
    name: row.name,
    townshipCode: row.streetCode,
  }));
  return {
    countyCode: String(feature.properties.adcode),
    countyName: feature.properties.name,
    outlineGcj02: feature.geometry.coordinates,
    townships,
    villages,
  };
}
