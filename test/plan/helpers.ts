// Builds a township plan straight from a dataset, for the pure plan tests.
import type { Dataset } from '../../server/model.ts';
import type { TownshipPlan } from '../../server/plan/types.ts';

export function planFromDataset(dataset: Dataset, townshipCode: string, tolerance = 0.25): TownshipPlan {
  const grids = dataset.grids.filter((grid) => grid.townshipCode === townshipCode);
  const gridOf = new Map(grids.flatMap((grid) => grid.blockIds.map((id) => [id, grid.code] as const)));
  const households = grids.reduce((sum, grid) => sum + grid.households, 0);
  return {
    townshipCode,
    version: 1,
    target: { households: households / grids.length, tolerance },
    grids: grids.map((grid) => ({ code: grid.code, villageCode: grid.villageCode, name: `grid ${grid.code.slice(12)}` })),
    blocks: dataset.blocks
      .filter((block) => block.townshipCode === townshipCode)
      .map((block) => ({
        id: block.id,
        villageCode: block.villageCode,
        gridCode: gridOf.get(block.id)!,
        households: block.households,
        areaM2: block.areaM2,
        polygon: block.polygon,
      })),
  };
}
