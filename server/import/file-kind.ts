// Which reader a map-data file needs, from its name and, failing that, its first bytes.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

export type MapFileKind = 'osm-xml' | 'osm-pbf' | 'geojson' | 'geojson-lines';

function firstBytes(path: string, count: number): Buffer {
  const descriptor = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(count);
    const read = readSync(descriptor, buffer, 0, count, 0);
    return buffer.subarray(0, read);
  } finally {
    closeSync(descriptor);
  }
}

export function hasGzipMagic(path: string): boolean {
  const head = firstBytes(path, 2);
  return head.length === 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** Whole file as text, gunzipped when it is gzip-compressed whatever its name. */
export function readTextFile(path: string): string {
  const raw = readFileSync(path);
  const bytes = raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
  return bytes.toString('utf8');
}

export function detectMapFileKind(path: string): MapFileKind {
  const name = path.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.pbf')) return 'osm-pbf';
  if (name.endsWith('.osm') || name.endsWith('.xml')) return 'osm-xml';
  if (/\.(geojsonl|geojsons|geojsonseq|ndjson|jsonl)$/.test(name)) return 'geojson-lines';
  if (name.endsWith('.geojson') || name.endsWith('.json')) return 'geojson';
  return sniffMapFileKind(path);
}

function sniffMapFileKind(path: string): MapFileKind {
  let head = firstBytes(path, 64);
  if (head[0] === 0x1f && head[1] === 0x8b) head = gunzipSync(readFileSync(path)).subarray(0, 64);
  const text = head.toString('latin1');
  if (text.includes('OSMHeader')) return 'osm-pbf';
  const start = text.trimStart();
  if (start.startsWith('<')) return 'osm-xml';
  if (start.startsWith('{')) return 'geojson';
  throw new Error(`${path}: unknown map data format (expected .osm, .osm.gz, .osm.pbf, .geojson or .geojsonl)`);
}
