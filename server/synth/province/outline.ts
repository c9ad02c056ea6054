// A synthetic province outline: a smooth, irregular blob of a given area around a centre, made of a
// few low harmonics of the radius plus finer seeded noise. Local metres, counter-clockwise, closed.
import type { PolygonCoords, Position } from '../../geo/types.ts';
import { signedArea } from '../../geo/ring.ts';
import type { Random } from '../random.ts';
import { meanderNoise } from '../random.ts';

export interface BlobOptions {
  areaM2: number;
  /** Vertices on the outline (default 720: one every half degree of bearing). */
  vertexCount?: number;
}

/** Radius as a function of bearing; harmonics 2–5 give lobes and bays, the noise a ragged edge. */
export function blobOutline(options: BlobOptions, random: Random): PolygonCoords {
  const vertexCount = options.vertexCount ?? 720;
  if (!(options.areaM2 > 0)) throw new RangeError('areaM2 must be > 0');
  if (!Number.isInteger(vertexCount) || vertexCount < 16) throw new RangeError('vertexCount must be an integer of at least 16');
  const harmonics = [2, 3, 4, 5].map((order) => ({ order, amplitude: random.range(0.03, 0.11) / Math.sqrt(order - 1), phase: random.range(0, 2 * Math.PI) }));
  const noiseSeed = random.integer(0, 2 ** 31);
  const radius = (bearing: number): number => {
    let r = 1;
    for (const { order, amplitude, phase } of harmonics) r += amplitude * Math.cos(order * bearing + phase);
    // Noise along the perimeter, wrapped so the ring closes smoothly.
    const t = (bearing / (2 * Math.PI)) * 64;
    const wrap = (bearing / (2 * Math.PI));
    r += 0.025 * ((1 - wrap) * meanderNoise(noiseSeed, t, 3) + wrap * meanderNoise(noiseSeed, t - 64, 3));
    return r;
  };
  const unit: Position[] = [];
  for (let i = 0; i < vertexCount; i++) {
    const bearing = (2 * Math.PI * i) / vertexCount;
    const r = radius(bearing);
    unit.push([r * Math.cos(bearing), r * Math.sin(bearing)]);
  }
  unit.push([unit[0][0], unit[0][1]]);
  const scale = Math.sqrt(options.areaM2 / signedArea(unit));
  const ring = unit.map(([x, y]): Position => [x * scale, y * scale]);
  ring[ring.length - 1] = ring[0];
  return [ring];
}
