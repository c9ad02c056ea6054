// A point locator that follows the grid plan: rebuilt when a saved plan version changed the grids,
// so new problems land in the grids as they are now. The check is cheap (the data version, then the
// plan revision only when that moved); a rebuild happens once per saved version.
import type { GridStore } from './store.ts';
import type { PolygonCoords } from '../geo/types.ts';
import { planOf } from './plan.ts';

export interface PointLocatorLike {
  locate(lon: number, lat: number): string | null | Promise<string | null>;
}

export type LocatorBuilder = (grids: Array<{ code: string; polygon: PolygonCoords }>) => PointLocatorLike;

/**
 * Wraps the locator built from the store's current grids. The rebuild after a saved plan version
 * completes before the next answer (awaited with an asynchronous store), so a problem filed right
 * after a save is never placed in a grid that no longer exists.
 */
export async function followingLocator(store: GridStore, build: LocatorBuilder): Promise<PointLocatorLike> {
  const plan = planOf(store);
  let locator = build((await store.listGrids()) ?? []);
  let seenData = store.dataVersion();
  let seenRevision = plan ? await plan.planRevision() : 0;
  // One refresh at a time; concurrent callers wait for the same one.
  let refreshing: Promise<void> | null = null;
  const refresh = async (): Promise<void> => {
    if (!plan) return;
    const data = store.dataVersion();
    if (data === seenData) return;
    const revision = await plan.planRevision();
    if (revision !== seenRevision) {
      locator = build((await store.listGrids()) ?? []);
      seenRevision = revision;
    }
    seenData = data;
  };
  return {
    locate(lon, lat) {
      if (!plan || store.dataVersion() === seenData) return locator.locate(lon, lat);
      refreshing ??= refresh().finally(() => (refreshing = null));
      return refreshing.then(() => locator.locate(lon, lat));
    },
  };
}
