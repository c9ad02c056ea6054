// build-grids on imported data: read boundaries and map layers, cut blocks, partition into grids and
// return them as an RFC 7946 FeatureCollection with the quality figures.
import type { AreaUnit } from '../geo/types.ts';
import { readBoundaries, unitAreaM2, unitPolygons } from '../import/boundaries.ts';
import type { ImportedAreaUnit } from '../import/map-data-types.ts';
import { readMapData } from '../import/read-map-data.ts';
import type { CrsOption } from '../import/crs-option.ts';
import { buildGrids, type BuildGridsResult } from './build-grids.ts';
import { householdsFromArea, householdsFromBuildings } from './households-estimate.ts';
import type { ProgressListener } from './progress.ts';

export interface ImportGridsOptions {
  boundaries: string;
  streets: string;
  water?: string;
  /** System of every input's coordinates; without it each file's .prj / GeoJSON crs, else WGS84. */
  crs?: CrsOption;
  /** Shapefile / GeoJSON boundaries: the attributes with each area's name and code. */
  nameField?: string;
  codeField?: string;
  /** Text encoding of shapefile attributes, overriding the .cpg (utf-8, gbk, gb18030…). */
  encoding?: string;
  targetHouseholds?: number;
  gridCount?: number;
  /** OSM boundaries: admin_level to keep, and the enclosing boundary's name. */
  adminLevel?: number;
  within?: string;
  closeGapsM?: number;
  /** Density used when the data has no building footprints. */
  householdsPerKm2?: number;
  onProgress?: ProgressListener;
}

export interface ImportGridsResult {
  featureCollection: GridFeatureCollection;
  build: BuildGridsResult;
  householdsSource: 'buildings' | 'area';
  units: AreaUnit[];
  /** Area of the input boundaries against the area of the grids cut from them (m²). */
  areaCheck: { boundariesM2: number; gridsM2: number; relativeDifference: number };
  warnings: string[];
}

export interface GridFeatureCollection {
  type: 'FeatureCollection';
  features: Array<{
    type: 'Feature';
    id: string;
    properties: { code: string; unitCode: string; unitName: string; households: number; areaM2: number; blockCount: number };
    geometry: { type: 'Polygon'; coordinates: number[][][] };
  }>;
  householdsSource: string;
  targetHouseholds: number;
}

/**
 * Records sharing a code are one area drawn in several records (an exclave, a village split by a
 * river): their polygons are joined. The same code on differently named records means the code
 * field is not a code, which is refused.
 */
export function joinUnitsByCode(units: ImportedAreaUnit[], source: string): ImportedAreaUnit[] {
  const byCode = new Map<string, ImportedAreaUnit>();
  for (const unit of units) {
    const seen = byCode.get(unit.code);
    if (!seen) {
      byCode.set(unit.code, unit);
      continue;
    }
    if (seen.name !== unit.name) {
      throw new Error(`${source}: code ${unit.code} names both ${seen.name} and ${unit.name}; give --code-field with a code unique to each area`);
    }
    byCode.set(unit.code, { ...seen, geometry: { type: 'MultiPolygon', coordinates: [...unitPolygons(seen), ...unitPolygons(unit)] } });
  }
  return [...byCode.values()];
}

export async function importGrids(options: ImportGridsOptions): Promise<ImportGridsResult> {
  const progress = options.onProgress ?? (() => {});
  const readOptions = {
    crs: options.crs,
    adminLevel: options.adminLevel,
    withinBoundary: options.within,
    closeGapsUpToM: options.closeGapsM,
    nameField: options.nameField,
    codeField: options.codeField,
    encoding: options.encoding,
  };
  progress('reading boundaries');
  const units = joinUnitsByCode(await readBoundaries(options.boundaries, readOptions), options.boundaries);
  if (units.length === 0) throw new Error(`no boundary polygons found in ${options.boundaries}`);
  progress('reading streets');
  const map = await readMapData(options.streets, { crs: options.crs, encoding: options.encoding, onProgress: (stage, done, total) => progress(stage, done, total) });
  const water = options.water ? (await readMapData(options.water, { crs: options.crs, encoding: options.encoding, defaultLineKind: 'water' })).water : [];

  // Each boundary unit is partitioned on its own (it plays the village's part; its parent is itself
  // unless the data names one).
  const villages: AreaUnit[] = units.map((unit) => ({ ...unit, parentCode: unit.parentCode ?? unit.code }));
  const householdsSource = map.buildings.length > 0 ? 'buildings' : 'area';
  const householdsForBlock =
    householdsSource === 'buildings' ? householdsFromBuildings(map.buildings) : householdsFromArea(options.householdsPerKm2 ?? 500);
  progress(`households from ${householdsSource === 'buildings' ? `${map.buildings.length} building footprints` : 'block area'}`);

  const build = buildGrids({
    villages,
    lines: [...map.streets, ...map.water, ...water],
    householdsForBlock,
    targetHouseholds: options.targetHouseholds,
    targetGridCount: options.gridCount,
    onProgress: progress,
  });
  const names = new Map(units.map((unit) => [unit.code, unit.name]));
  const featureCollection: GridFeatureCollection = {
    type: 'FeatureCollection',
    householdsSource,
    targetHouseholds: build.targetHouseholds,
    features: build.grids.map((grid) => ({
      type: 'Feature',
      id: grid.code,
      properties: {
        code: grid.code,
        unitCode: grid.villageCode,
        unitName: names.get(grid.villageCode) ?? grid.villageCode,
        households: grid.households,
        areaM2: Math.round(grid.areaM2 * 100) / 100,
        blockCount: grid.blockIds.length,
      },
      geometry: { type: 'Polygon', coordinates: grid.polygon },
    })),
  };
  const boundariesM2 = units.reduce((sum, unit) => sum + unitAreaM2(unit), 0);
  const gridsM2 = build.grids.reduce((sum, grid) => sum + grid.areaM2, 0);
  const areaCheck = { boundariesM2, gridsM2, relativeDifference: Math.abs(gridsM2 - boundariesM2) / boundariesM2 };
  return { featureCollection, build, householdsSource, units, areaCheck, warnings: map.warnings };
}
