// Household estimates for imported data, where no census figures come with the map: from building
// footprints when the data has them (floor area / floor area per household), else from block area.
import Flatbush from 'flatbush';
import type { PolygonCoords, Position } from '../geo/types.ts';
import { pointInPolygon, polygonAreaM2, ringBBox } from '../geo/ring.ts';
import { interiorPoint } from '../geo/interior-point.ts';

export type HouseholdEstimator = (polygon: PolygonCoords, areaM2: number) => number;

export interface BuildingFootprint {
  polygon: PolygonCoords;
  levels: number | null;
}

export interface BuildingEstimateOptions {
  /** Residential floor area one household occupies (m²); 90 m² is a common planning figure. */
  floorAreaPerHouseholdM2?: number;
  /** Storeys assumed where the data gives none. */
  defaultLevels?: number;
}

/** Each building counts in the block that holds its interior point, so no building is counted twice. */
export function householdsFromBuildings(buildings: BuildingFootprint[], options: BuildingEstimateOptions = {}): HouseholdEstimator {
  const perHousehold = options.floorAreaPerHouseholdM2 ?? 90;
  const defaultLevels = options.defaultLevels ?? 1;
  const points: Position[] = [];
  const floorArea: number[] = [];
  for (const building of buildings) {
    const point = interiorPoint(building.polygon);
    if (!point) continue;
    points.push(point);
    floorArea.push(polygonAreaM2(building.polygon) * (building.levels && building.levels > 0 ? building.levels : defaultLevels));
  }
  if (points.length === 0) return () => 0;
  const index = new Flatbush(points.length);
  for (const [x, y] of points) index.add(x, y, x, y);
  index.finish();
  return (polygon) => {
    const [minX, minY, maxX, maxY] = ringBBox(polygon[0]);
    let total = 0;
    for (const i of index.search(minX, minY, maxX, maxY)) {
      if (pointInPolygon(points[i][0], points[i][1], polygon)) total += floorArea[i];
    }
    return total / perHousehold;
  };
}

/** Uniform density where nothing better is known (households per km²). */
export function householdsFromArea(householdsPerKm2: number): HouseholdEstimator {
  return (_polygon, areaM2) => (areaM2 / 1e6) * householdsPerKm2;
}
