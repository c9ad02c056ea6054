// Datum conversion of source coordinates to WGS84 (China's GCJ-02 and BD-09 are offset datums).
import gcoord from 'gcoord';
import type { Position } from './types.ts';

export type SourceCrs = 'wgs84' | 'gcj02' | 'bd09';

const GCOORD_CRS = { wgs84: gcoord.WGS84, gcj02: gcoord.GCJ02, bd09: gcoord.BD09 } as const;

export function toWgs84(position: Position, from: SourceCrs): Position {
  if (from === 'wgs84') return position;
  const [lon, lat] = gcoord.transform([position[0], position[1]], GCOORD_CRS[from], gcoord.WGS84) as [number, number];
  return [lon, lat];
}

/** Convert every position of a GeoJSON geometry (deep copy); rings stay closed. */
export function geometryToWgs84<G extends { type: string; coordinates: unknown }>(geometry: G, from: SourceCrs): G {
  if (from === 'wgs84') return geometry;
  const walk = (value: unknown): unknown =>
    typeof (value as number[])[0] === 'number' ? toWgs84(value as Position, from) : (value as unknown[]).map(walk);
  return { ...geometry, coordinates: walk(geometry.coordinates) };
}
