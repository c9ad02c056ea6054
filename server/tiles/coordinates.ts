// Tile addresses: z/x/y checked against a layer's zoom range and the tile matrix at z; Web Mercator
// "world" coordinates (0..1 west→east and north→south) shared by tile lookups and point binning so
// that both round the same way.
import type { TileLayerDefinition } from './layers.ts';

export interface TileAddress {
  z: number;
  x: number;
  y: number;
}

export type TileAddressCheck = { valid: true; address: TileAddress } | { valid: false; field: 'z' | 'x' | 'y'; reason: string };

const WHOLE = /^\d{1,8}$/;

export function checkTileAddress(layer: TileLayerDefinition, text: { z: string; x: string; y: string }): TileAddressCheck {
  for (const field of ['z', 'x', 'y'] as const) {
    if (!WHOLE.test(text[field])) return { valid: false, field, reason: `${field} is a whole number` };
  }
  const z = Number(text.z), x = Number(text.x), y = Number(text.y);
  if (z < layer.minzoom || z > layer.maxzoom) {
    return { valid: false, field: 'z', reason: `z of ${layer.id} tiles lies in ${layer.minzoom}..${layer.maxzoom}` };
  }
  const last = 2 ** z - 1;
  if (x > last) return { valid: false, field: 'x', reason: `x lies in 0..${last} at zoom ${z}` };
  if (y > last) return { valid: false, field: 'y', reason: `y lies in 0..${last} at zoom ${z}` };
  return { valid: true, address: { z, x, y } };
}

/** Longitude as a fraction of the world's width (0 at 180°W). */
export function worldX(lon: number): number {
  return (lon + 180) / 360;
}

/** Latitude as a fraction of the Web Mercator world's height (0 at the top). */
export function worldY(lat: number): number {
  const radians = (lat * Math.PI) / 180;
  return (1 - Math.log(Math.tan(radians) + 1 / Math.cos(radians)) / Math.PI) / 2;
}

function latitudeOf(row: number, n: number): number {
  return (Math.atan(Math.sinh(Math.PI * (1 - (2 * row) / n))) * 180) / Math.PI;
}

/** Longitude/latitude of a tile's north-west corner (Web Mercator). */
export function tileCorner(z: number, x: number, y: number): [number, number] {
  const n = 2 ** z;
  return [(x / n) * 360 - 180, latitudeOf(y, n)];
}

/** [west, south, east, north] of a tile grown by `margin` tile widths on every side. */
export function tileBox({ z, x, y }: TileAddress, margin = 0): [number, number, number, number] {
  const n = 2 ** z;
  const clampRow = (row: number) => Math.min(n, Math.max(0, row));
  return [((x - margin) / n) * 360 - 180, latitudeOf(clampRow(y + 1 + margin), n), ((x + 1 + margin) / n) * 360 - 180, latitudeOf(clampRow(y - margin), n)];
}

/** The tile containing a point at zoom z. */
export function tileOf(lon: number, lat: number, z: number): TileAddress {
  const n = 2 ** z;
  const x = Math.min(n - 1, Math.max(0, Math.floor(worldX(lon) * n)));
  const y = Math.min(n - 1, Math.max(0, Math.floor(worldY(lat) * n)));
  return { z, x, y };
}
