// The synthetic province: an irregular outline split into counties by a balanced power diagram
// (the same partition that cuts a county into townships), each county with a seat and its share of
// the area. Everything in WGS84 on the way out; built in a local metric projection.
import type { PolygonCoords, Position } from '../../geo/types.ts';
import { pointInPolygon, rewindPolygon, ringBBox } from '../../geo/ring.ts';
import { createLocalProjection } from '../local-projection.ts';
import { createRandom, deriveSeed, type Random } from '../random.ts';
import { partitionRegion } from '../balanced-partition.ts';
import { interiorPoint } from '../interior-point.ts';
import { polygonAreaLocal } from '../townships.ts';
import { blobOutline } from './outline.ts';
import { MAX_COUNTIES, PROVINCE_CODE, PROVINCE_NAME, countyCode, countyName } from './units.ts';

export interface ProvincePlanOptions {
  seed: number;
  countyCount: number;
  /** Mean county area (km², default 1,700: a hundred counties make about 170,000 km²). */
  countyAreaKm2?: number;
  /** Centre of the province (WGS84; default 115.9° E, 27.6° N). */
  centre?: Position;
}

export interface PlannedCounty {
  index: number;
  code: string;
  name: string;
  /** WGS84, exterior ring counter-clockwise. */
  outline: PolygonCoords;
  /** The county seat (WGS84), inside the outline. */
  seat: Position;
  areaKm2: number;
}

export interface ProvincePlan {
  code: string;
  name: string;
  /** WGS84, exterior ring counter-clockwise. */
  outline: PolygonCoords;
  areaKm2: number;
  counties: PlannedCounty[];
}

const DEFAULT_CENTRE: Position = [115.9, 27.6];
const DEFAULT_COUNTY_AREA_KM2 = 1_700;

export function planProvince(options: ProvincePlanOptions): ProvincePlan {
  const { seed, countyCount } = options;
  if (!Number.isInteger(countyCount) || countyCount < 1 || countyCount > MAX_COUNTIES) throw new RangeError(`countyCount must be within 1..${MAX_COUNTIES}`);
  const countyAreaKm2 = options.countyAreaKm2 ?? DEFAULT_COUNTY_AREA_KM2;
  if (!(countyAreaKm2 > 0)) throw new RangeError('countyAreaKm2 must be > 0');
  const projection = createLocalProjection(options.centre ?? DEFAULT_CENTRE);
  const outline = blobOutline({ areaM2: countyAreaKm2 * countyCount * 1e6 }, createRandom(deriveSeed(seed, 'province-outline')));
  const provinceArea = polygonAreaLocal(outline);

  const random = createRandom(deriveSeed(seed, 'counties'));
  // Counties differ in size (a spread of about ±25 %), as real ones do.
  const weights = Array.from({ length: countyCount }, () => Math.exp(0.25 * Math.max(-2, Math.min(2, random.normal()))));
  const weightTotal = weights.reduce((a, b) => a + b, 0);
  const anchors = spreadAnchors(outline, countyCount, random);
  const partition = partitionRegion(
    outline,
    anchors.map((anchor, i) => ({ anchor, targetArea: (provinceArea * weights[i]) / weightTotal, anchorPull: 0.2 })),
    { maxIterations: 300, tolerance: 0.02 },
  );

  const toLonLat = (polygon: PolygonCoords): PolygonCoords => rewindPolygon(polygon.map((ring) => ring.map(projection.toLonLat)));
  const counties = partition.polygons.map((polygon, index): PlannedCounty => {
    const site = partition.sites[index];
    const seat = pointInPolygon(site[0], site[1], polygon) ? site : interiorPoint(polygon)!;
    return {
      index,
      code: countyCode(index),
      name: countyName(index),
      outline: toLonLat(polygon),
      seat: projection.toLonLat(seat),
      areaKm2: polygonAreaLocal(polygon) / 1e6,
    };
  });
  return { code: PROVINCE_CODE, name: PROVINCE_NAME, outline: toLonLat(outline), areaKm2: provinceArea / 1e6, counties };
}

/** Best-candidate sampling: each anchor is the sampled inside point farthest from those before it. */
function spreadAnchors(region: PolygonCoords, count: number, random: Random): Position[] {
  const [minX, minY, maxX, maxY] = ringBBox(region[0]);
  const anchors: Position[] = [];
  for (let k = 0; k < count; k++) {
    let best: Position | null = null, bestDistance = -1;
    for (let attempt = 0; attempt < 40; attempt++) {
      const candidate: Position = [random.range(minX, maxX), random.range(minY, maxY)];
      if (!pointInPolygon(candidate[0], candidate[1], region)) continue;
      let nearest = Infinity;
      for (const anchor of anchors) nearest = Math.min(nearest, Math.hypot(anchor[0] - candidate[0], anchor[1] - candidate[1]));
      if (nearest > bestDistance) { best = candidate; bestDistance = nearest; }
    }
    anchors.push(best ?? interiorPoint(region)!);
  }
  return anchors;
}
