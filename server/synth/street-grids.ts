// Rectilinear street grids of the built-up areas, slightly rotated and irregular, cut to their oval,
// with alleys through the dense core and a ring road along the rim.
import type { Position, PolygonCoords } from '../geo/types.ts';
import { clipLine } from './line-clip.ts';
import type { UrbanZone } from './urban-zones.ts';
import type { Random } from './random.ts';

export interface LocalLine {
  coordinates: Position[];
  class: string;
  name?: string;
}

/** One family of parallel streets across a square of half-size `reach` around `centre`: the offsets
 * of the streets across, and a function that draws the street at any offset. */
function parallelOffsets(reach: number, spacing: number, random: Random): number[] {
  const offsets: number[] = [];
  for (let offset = -reach + random.range(0, spacing); offset <= reach; offset += spacing * random.range(0.8, 1.2)) offsets.push(offset);
  return offsets;
}

function streetAt(centre: Position, angle: number, reach: number, offset: number): Position[] {
  const ux = Math.cos(angle), uy = Math.sin(angle); // along the street
  const cx = centre[0] - uy * offset, cy = centre[1] + ux * offset;
  return [[cx - ux * reach, cy - uy * reach], [cx + ux * reach, cy + uy * reach]];
}

/** The zone's outline shrunk towards its centre: the old core that also has alleys. */
function core(zone: UrbanZone, factor: number): PolygonCoords {
  return [zone.shape[0].map(([x, y]) => [zone.centre[0] + (x - zone.centre[0]) * factor, zone.centre[1] + (y - zone.centre[1]) * factor] as Position)];
}

const CORE_FACTOR = 0.55;

export function streetGrid(zone: UrbanZone, random: Random): LocalLine[] {
  const reach = Math.max(zone.radiusMajor, zone.radiusMinor) * 1.25;
  const output: LocalLine[] = [];
  const inner = core(zone, CORE_FACTOR);
  // The cross streets are off square by a degree or two, as surveyed grids usually are.
  const angles = [zone.gridRotation, zone.gridRotation + Math.PI / 2 + random.range(-0.04, 0.04)];
  const mainEvery = random.integer(3, 5);
  for (const angle of angles) {
    const offsets = parallelOffsets(reach, zone.spacing, random);
    offsets.forEach((offset, index) => {
      const streetClass = index % mainEvery === 0 ? (zone.radiusMajor > 1500 ? 'primary' : 'secondary') : 'residential';
      for (const piece of clipLine(streetAt(zone.centre, angle, reach, offset), zone.shape, 'inside', 3)) output.push({ coordinates: piece, class: streetClass });
      // Alleys halve the blocks of the dense core.
      if (index + 1 < offsets.length) {
        const alley = streetAt(zone.centre, angle, reach, (offset + offsets[index + 1]) / 2);
        for (const piece of clipLine(alley, inner, 'inside', 3)) output.push({ coordinates: piece, class: 'lane' });
      }
    });
  }
  // A ring road along the rim closes the cells that the clipped grid leaves open towards the fields.
  output.push({ coordinates: zone.shape[0].slice(), class: 'secondary' });
  return output;
}
