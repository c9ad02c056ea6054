// Household density surface (households/km²): built-up peaks around seats, a bump at every village
// settlement and hamlet, and a thin farmland floor; scaled so the territory holds a given total.
import type { Position, PolygonCoords } from '../geo/types.ts';
import { pointInPolygon, ringBBox } from '../geo/ring.ts';
import { scanlineIntervals, interiorPoint } from './interior-point.ts';
import { valueNoise2D } from './random.ts';
import { zoneDistance, type UrbanZone } from './urban-zones.ts';
import type { Settlement } from './settlements.ts';

interface Kernel {
  centre: Position;
  /** Peak density (households/km²) and spread (m) of a Gaussian bump. */
  peak: number;
  spread: number;
}

export interface HouseholdModel {
  /** Density at a local point (households/km²). */
  densityAt(point: Position): number;
  /** Integer household estimate of a polygon given in local metres with its area. */
  householdsForLocalPolygon(polygon: PolygonCoords, areaM2: number): number;
  totalHouseholds: number;
}

const BUCKET_M = 1000;

/** Density falls from the full peak in the inner third of a zone to nothing just past its rim. */
function zoneProfile(distance: number): number {
  if (distance <= 0.35) return 1;
  if (distance >= 1.2) return 0;
  const t = (distance - 0.35) / 0.85;
  return 0.5 * (1 + Math.cos(Math.PI * t)) * 0.85 + 0.15 * (1 - t);
}

export function createHouseholdModel(territory: PolygonCoords, zones: readonly UrbanZone[], settlements: readonly Settlement[], targetTotal: number, seed: number): HouseholdModel {
  const kernels: Kernel[] = settlements.map((settlement) => ({
    centre: settlement.position,
    spread: settlement.spread,
    // A Gaussian holding H households over spread σ peaks at H / (2πσ²), per km².
    peak: (settlement.households / (2 * Math.PI * settlement.spread * settlement.spread)) * 1e6,
  }));
  const buckets = new Map<string, Kernel[]>();
  for (const kernel of kernels) {
    const reach = 3 * kernel.spread;
    for (let i = Math.floor((kernel.centre[0] - reach) / BUCKET_M); i <= Math.floor((kernel.centre[0] + reach) / BUCKET_M); i++) {
      for (let j = Math.floor((kernel.centre[1] - reach) / BUCKET_M); j <= Math.floor((kernel.centre[1] + reach) / BUCKET_M); j++) {
        const key = `${i},${j}`;
        const list = buckets.get(key);
        if (list) list.push(kernel); else buckets.set(key, [kernel]);
      }
    }
  }

  const rawDensity = (point: Position): number => {
    const [x, y] = point;
    let density = 50 + 30 * valueNoise2D(seed, x, y, 4000);
    for (const zone of zones) {
      const distance = zoneDistance(zone, point);
      if (distance < 1.2) density += zone.peakDensity * zoneProfile(distance);
    }
    const list = buckets.get(`${Math.floor(x / BUCKET_M)},${Math.floor(y / BUCKET_M)}`);
    if (list) {
      for (const kernel of list) {
        const dx = x - kernel.centre[0], dy = y - kernel.centre[1];
        const r2 = dx * dx + dy * dy;
        const s2 = kernel.spread * kernel.spread;
        if (r2 < 9 * s2) density += kernel.peak * Math.exp(-r2 / (2 * s2));
      }
    }
    return density;
  };

  // Integrate over the territory on a fine lattice, scan line by scan line.
  const step = 150;
  const [minX, minY, , maxY] = ringBBox(territory[0]);
  let integral = 0;
  for (let y = minY + step / 2; y < maxY; y += step) {
    const crossings = scanlineIntervals(territory, y);
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      const first = minX + step / 2 + Math.ceil((crossings[k] - minX - step / 2) / step) * step;
      for (let x = first; x < crossings[k + 1]; x += step) integral += rawDensity([x, y]);
    }
  }
  integral *= (step * step) / 1e6;
  const scale = integral > 0 ? targetTotal / integral : 0;

  const densityAt = (point: Position): number => rawDensity(point) * scale;
  return {
    densityAt,
    totalHouseholds: Math.round(integral * scale),
    householdsForLocalPolygon(polygon, areaM2) {
      const samples = samplePoints(polygon);
      if (samples.length === 0) return 0;
      const mean = samples.reduce((sum, point) => sum + densityAt(point), 0) / samples.length;
      return Math.max(0, Math.round((mean * areaM2) / 1e6));
    },
  };
}

/** Deterministic sample points inside a polygon: a 4×4 lattice over its box, or an interior point. */
export function samplePoints(polygon: PolygonCoords): Position[] {
  const [minX, minY, maxX, maxY] = ringBBox(polygon[0]);
  const points: Position[] = [];
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      const x = minX + ((i + 0.5) / 4) * (maxX - minX), y = minY + ((j + 0.5) / 4) * (maxY - minY);
      if (pointInPolygon(x, y, polygon)) points.push([x, y]);
    }
  }
  if (points.length === 0) {
    const point = interiorPoint(polygon);
    if (point) points.push(point);
  }
  return points;
}
