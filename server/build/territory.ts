// The county, townships and villages as the built grids cover them: each the exact union of its
// grids' blocks, named from the input units.
import type { AreaGeometry, Dataset } from '../model.ts';
import type { AreaUnit, MultiPolygonCoords } from '../geo/types.ts';
import { mergeAll } from '../geo/merge.ts';
import type { BuildGridsResult } from './build-grids.ts';

export function areaGeometry(coordinates: MultiPolygonCoords): AreaGeometry {
  return coordinates.length === 1 ? { type: 'Polygon', coordinates: coordinates[0] } : { type: 'MultiPolygon', coordinates };
}

export interface TerritoryUnits {
  county: AreaUnit;
  townships: readonly AreaUnit[];
  /** parentCode = township code. */
  villages: readonly AreaUnit[];
}

export function territoryOf(build: BuildGridsResult, units: TerritoryUnits): Pick<Dataset, 'county' | 'townships' | 'villages'> {
  const townshipNames = new Map(units.townships.map((unit) => [unit.code, unit.name]));
  const villageByCode = new Map(units.villages.map((unit) => [unit.code, unit]));
  return {
    county: { code: units.county.code, name: units.county.name, geometry: areaGeometry(mergeAll([...build.townshipGeometry.values()].flat())) },
    townships: [...build.townshipGeometry].map(([code, coordinates]) => ({ code, name: townshipNames.get(code) ?? code, geometry: areaGeometry(coordinates) })),
    villages: [...build.villageGeometry].map(([code, coordinates]) => ({
      code,
      name: villageByCode.get(code)?.name ?? code,
      townshipCode: villageByCode.get(code)?.parentCode ?? code.slice(0, 9),
      geometry: areaGeometry(coordinates),
    })),
  };
}
