// Coverage check of what a database holds: grids against their villages, villages against their townships.
import type { GridStore } from '../store/store.ts';
import { validateCoverage, type CoverageReport } from '../geo/coverage.ts';

export interface StoreValidation {
  grids: CoverageReport;
  villages: CoverageReport;
  counts: { townships: number; villages: number; grids: number };
}

export async function validateStore(store: GridStore): Promise<StoreValidation> {
  const townships = await store.listTownships();
  const villages = (await store.listVillages()) ?? [];
  const grids = (await store.listGrids()) ?? [];
  return {
    grids: validateCoverage({
      areas: villages.map((village) => ({ code: village.code, geometry: village.geometry })),
      grids: grids.map((grid) => ({ code: grid.code, parentCode: grid.villageCode, geometry: { type: 'Polygon', coordinates: grid.polygon } })),
    }),
    villages: validateCoverage({
      areas: townships.map((township) => ({ code: township.code, geometry: township.geometry })),
      grids: villages.map((village) => ({ code: village.code, parentCode: village.townshipCode, geometry: village.geometry })),
    }),
    counts: { townships: townships.length, villages: villages.length, grids: grids.length },
  };
}
