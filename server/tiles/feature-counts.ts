// Feature counts for TileJSON, from counts the store already keeps rather than by cutting every
// partition: the web picks GeoJSON or tiles by them.
import type { GridStore } from '../store/store.ts';
import type { TileLayerId } from './layers.ts';
import type { Directory } from './directory.ts';

/** What one township's current grids say about it. */
export interface TownshipCensus {
  /** Villages holding at least one current grid. */
  villages: number;
  /** Blocks assigned to a current grid. */
  blocks: number;
}

export async function readCensus(store: GridStore, townshipCode: string): Promise<TownshipCensus> {
  const grids = (await store.listGrids({ townshipCode })) ?? [];
  return { villages: new Set(grids.map((grid) => grid.villageCode)).size, blocks: grids.reduce((sum, grid) => sum + grid.blockIds.length, 0) };
}

export async function featureCountOf(
  store: GridStore,
  layer: Exclude<TileLayerId, 'streets' | 'water'>,
  places: Directory,
  census: (townshipCode: string) => Promise<TownshipCensus>,
): Promise<number> {
  const sum = async (field: keyof TownshipCensus) => {
    let total = 0;
    // One township at a time: a province has a thousand or more, each a small read.
    for (const township of places.townships) total += (await census(township.code))[field];
    return total;
  };
  switch (layer) {
    case 'townships':
      return places.townships.length;
    case 'grids':
      return (await store.listCounties()).reduce((total, county) => total + county.gridCount, 0);
    case 'villages':
      return sum('villages');
    case 'blocks':
      // An unassigned block is drawn but not counted.
      return sum('blocks');
    case 'issues':
    case 'issue-cells':
      // Every problem (issue-cells aggregates them).
      return (await store.stats({ level: 'province' }))?.collected ?? 0;
  }
}
