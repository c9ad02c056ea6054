// Tile addresses: z/x/y checked against a layer's zoom range and the tile matrix at z.
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

/** Longitude/latitude of a tile's north-west corner (Web Mercator). */
export function tileCorner(z: number, x: number, y: number): [number, number] {
  const n = 2 ** z;
  const lon = (x / n) * 360 - 180;
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / n))) * 180) / Math.PI;
  return [lon, lat];
}

/** The tile containing a point at zoom z. */
export function tileOf(lon: number, lat: number, z: number): TileAddress {
  const n = 2 ** z;
  const x = Math.min(n - 1, Math.max(0, Math.floor(((lon + 180) / 360) * n)));
  const radians = (lat * Math.PI) / 180;
  const y = Math.min(n - 1, Math.max(0, Math.floor(((1 - Math.log(Math.tan(radians) + 1 / Math.cos(radians)) / Math.PI) / 2) * n)));
  return { z, x, y };
}
