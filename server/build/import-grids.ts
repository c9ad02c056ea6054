// build-grids on imported data: read boundaries and map layers, cut blocks, partition into grids and
// return them as an RFC 7946 FeatureCollection with the quality figures.
import type { SourceCrs } from '../geo/crs.ts';
import type { AreaUnit } from '../geo/types.ts';
import { readBoundaries, unitAreaM2 } from '../import/boundaries.ts';
import { readMapData } from '../import/read-map-data.ts';
import { buildGrids, type BuildGridsResult } from './build-grids.ts';
import { householdsFromArea, householdsFromBuildings } from './households-estimate.ts';
import type { ProgressListener } from './progress.ts';

export interface ImportGridsOptions {
  boundaries: string;
  streets: string;
  water?: string;
  crs?: SourceCrs;
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

export async function importGrids(options: ImportGridsOptions): Promise<ImportGridsResult> {
  const progress = options.onProgress ?? (() => {});
  const readOptions = { crs: options.crs, adminLevel: options.adminLevel, withinBoundary: options.within, closeGapsUpToM: options.closeGapsM };
  progress('reading boundaries');
  const units = await readBoundaries(options.boundaries, readOptions);
  if (units.length === 0) throw new Error(`no boundary polygons found in ${options.boundaries}`);
  progress('reading streets');
  const map = await readMapData(options.streets, { crs: options.crs, onProgress: (stage, done, total) => progress(stage, done, total) });
  const water = options.water ? (await readMapData(options.water, { crs: options.crs, defaultLineKind: 'water' })).water : [];

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
