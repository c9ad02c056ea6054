// A point locator that follows the grid plan: rebuilt when a saved plan version changed the grids,
// so new problems land in the grids as they are now. The check is cheap (the data version, then the
// plan revision only when that moved); a rebuild happens once per saved version.
import type { GridStore } from './store.ts';
import type { PolygonCoords } from '../geo/types.ts';
import { planOf } from './plan.ts';

export interface PointLocatorLike {
  locate(lon: number, lat: number): string | null;
}

export type LocatorBuilder = (grids: Array<{ code: string; polygon: PolygonCoords }>) => PointLocatorLike;

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as Promise<T>)?.then === 'function';
}

/**
 * Wraps the locator built from the store's current grids. With a synchronous store the rebuild
 * happens before the answer; with an asynchronous one the previous locator answers until the new
 * one is ready.
 */
export async function followingLocator(store: GridStore, build: LocatorBuilder): Promise<PointLocatorLike> {
  const plan = planOf(store);
  let locator = build((await store.listGrids()) ?? []);
  let seenData = store.dataVersion();
  let seenRevision = plan ? await plan.planRevision() : 0;
  let pending = false;
  const refresh = () => {
    if (!plan || pending) return;
    const data = store.dataVersion();
    if (data === seenData) return;
    const revision = plan.planRevision();
    const apply = (value: number) => {
      seenData = data;
      if (value === seenRevision) return;
      const grids = store.listGrids();
      const install = (list: Awaited<typeof grids>) => {
        locator = build(list ?? []);
        seenRevision = value;
      };
      if (isPromise(grids)) {
        pending = true;
        void grids.then(install).finally(() => (pending = false));
      } else install(grids);
    };
    if (isPromise(revision)) {
      pending = true;
      void revision.then((value) => {
        pending = false;
        apply(value);
      }, () => (pending = false));
    } else apply(revision);
  };
  return {
    locate(lon, lat) {
      refresh();
      return locator.locate(lon, lat);
    },
  };
}
