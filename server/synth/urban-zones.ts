// Built-up areas around township seats: an irregular oval that carries a street grid and a
// household density peak. Large for the county seat and the development zones, small for a 乡 seat.
import type { Position, PolygonCoords } from '../geo/types.ts';
import type { GeneratedTownship } from './townships.ts';
import type { TownshipKind } from './unit-kinds.ts';
import type { Random } from './random.ts';

export interface UrbanZone {
  townshipCode: string;
  centre: Position;
  /** Semi-axes of the oval (m) and its rotation (radians). */
  radiusMajor: number;
  radiusMinor: number;
  rotation: number;
  /** Street spacing of the grid (m) and the grid's own slight rotation. */
  spacing: number;
  gridRotation: number;
  /** Household density at the centre (households/km²). */
  peakDensity: number;
  shape: PolygonCoords;
}

const DEFAULTS: Record<TownshipKind, { radius: number; density: number; spacing: [number, number] }> = {
  urban: { radius: 1800, density: 4000, spacing: [160, 210] },
  town: { radius: 950, density: 2600, spacing: [150, 200] },
  township: { radius: 600, density: 1800, spacing: [140, 180] },
  farm: { radius: 450, density: 1200, spacing: [150, 190] },
};

/** Oval distance: 0 at the centre, 1 on the oval's rim. */
export function zoneDistance(zone: UrbanZone, point: Position): number {
  const dx = point[0] - zone.centre[0], dy = point[1] - zone.centre[1];
  const cos = Math.cos(zone.rotation), sin = Math.sin(zone.rotation);
  const u = (dx * cos + dy * sin) / zone.radiusMajor;
  const v = (-dx * sin + dy * cos) / zone.radiusMinor;
  return Math.hypot(u, v);
}

export function generateUrbanZone(township: GeneratedTownship, random: Random): UrbanZone {
  const defaults = DEFAULTS[township.kind];
  const radius = (township.hint?.urbanRadiusM ?? defaults.radius) * random.range(0.9, 1.1);
  const aspect = random.range(0.7, 0.95);
  const rotation = random.range(0, Math.PI);
  const radiusMajor = radius / Math.sqrt(aspect), radiusMinor = radius * Math.sqrt(aspect);
  const ring: Position[] = [];
  const corners = 28;
  for (let k = 0; k < corners; k++) {
    const angle = (2 * Math.PI * k) / corners;
    const wobble = 1 + 0.08 * Math.sin(3 * angle + rotation) + random.range(-0.04, 0.04);
    const u = Math.cos(angle) * radiusMajor * wobble, v = Math.sin(angle) * radiusMinor * wobble;
    ring.push([
      township.seat[0] + u * Math.cos(rotation) - v * Math.sin(rotation),
      township.seat[1] + u * Math.sin(rotation) + v * Math.cos(rotation),
    ]);
  }
  ring.push(ring[0]);
  return {
    townshipCode: township.code,
    centre: township.seat,
    radiusMajor,
    radiusMinor,
    rotation,
    spacing: random.range(defaults.spacing[0], defaults.spacing[1]),
    gridRotation: random.range(-0.26, 0.26),
    peakDensity: township.hint?.urbanDensity ?? defaults.density,
    shape: [ring],
  };
}
