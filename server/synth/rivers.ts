// Rivers and canals: a river that follows the territory's western edge a little inside it, and
// straight-ish drainage canals across the lake-side plain.
import type { Position, PolygonCoords } from '../geo/types.ts';
import { scanlineIntervals } from './interior-point.ts';
import { meander } from './curves.ts';
import type { LocalLine } from './street-grids.ts';
import type { Random } from './random.ts';

export interface EdgeRiver {
  name: string;
  fromY: number;
  toY: number;
  insetM: number;
  exit: Position;
}

/** A river `insetM` inside the western edge between two northings, then out towards `exit`. */
export function edgeRiver(territory: PolygonCoords, river: EdgeRiver, seed: number): LocalLine | null {
  const step = 250;
  const samples: { y: number; west: number }[] = [];
  for (let y = river.fromY; y <= river.toY; y += step) {
    const crossings = scanlineIntervals(territory, y);
    if (crossings.length >= 2) samples.push({ y, west: crossings[0] });
  }
  if (samples.length < 4) return null;
  // A running mean over about three kilometres irons out the small jags of the boundary.
  const window = Math.round(1500 / step);
  const course: Position[] = samples.map((sample, i) => {
    let sum = 0, count = 0;
    for (let k = Math.max(0, i - window); k <= Math.min(samples.length - 1, i + window); k++) { sum += samples[k].west; count++; }
    return [sum / count + river.insetM, sample.y];
  });
  const start: Position = [course[0][0], course[0][1] - 2000];
  const wandering = meander(course, river.insetM * 0.45, 3500, seed);
  return { coordinates: [start, ...wandering, river.exit], class: 'river', name: river.name };
}

/** Drainage canals across a box: a few long east–west cuts and one north–south cut. */
export function canals(box: [number, number, number, number], random: Random, seed: number): LocalLine[] {
  const [minX, minY, maxX, maxY] = box;
  const output: LocalLine[] = [];
  const rows = 3;
  for (let k = 0; k < rows; k++) {
    const y = minY + ((k + 0.5 + random.range(-0.2, 0.2)) * (maxY - minY)) / rows;
    const tilt = random.range(-0.08, 0.08) * (maxX - minX);
    const line: Position[] = [];
    for (let x = minX; x <= maxX; x += 300) line.push([x, y + (tilt * (x - minX)) / (maxX - minX)]);
    output.push({ coordinates: meander(line, 60, 4000, seed + k), class: 'canal' });
  }
  const x = minX + (maxX - minX) * random.range(0.35, 0.65);
  const line: Position[] = [];
  for (let y = minY; y <= maxY; y += 300) line.push([x, y]);
  output.push({ coordinates: meander(line, 60, 4000, seed + 99), class: 'canal' });
  return output;
}
