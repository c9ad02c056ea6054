// Where the partitions of the polygon layers and the problem columns lie: every township's box and
// county, with a spatial index from a tile to the townships (or counties) it may touch. Only boxes
// and codes are kept, never outlines.
import Flatbush from 'flatbush';
import type { GridStore } from '../store/store.ts';
import { geometryBox, type Box } from '../ogc/geometry.ts';
import { countyOf } from './changes.ts';

export interface TownshipEntry {
  code: string;
  countyCode: string;
  box: Box;
}

export interface CountyEntry {
  code: string;
  box: Box;
  townshipCodes: string[];
}

export interface Directory {
  townships: TownshipEntry[];
  counties: CountyEntry[];
  /** Union of every township box; null when nothing is seeded. */
  bounds: Box | null;
  townshipsIn(box: Box): TownshipEntry[];
  countiesIn(box: Box): CountyEntry[];
  countyByCode: ReadonlyMap<string, CountyEntry>;
}

function indexOf(boxes: Box[]): Flatbush | null {
  if (boxes.length === 0) return null;
  const index = new Flatbush(boxes.length);
  for (const [west, south, east, north] of boxes) index.add(west, south, east, north);
  index.finish();
  return index;
}

export function searchBoxes<T>(index: Flatbush | null, items: T[], [west, south, east, north]: Box): T[] {
  if (!index) return [];
  return index.search(west, south, east, north).sort((a, b) => a - b).map((position) => items[position]);
}

export async function loadDirectory(store: GridStore): Promise<Directory> {
  const townships: TownshipEntry[] = (await store.listTownships()).map((township) => ({
    code: township.code,
    countyCode: countyOf(township.code),
    box: geometryBox(township.geometry),
  }));
  townships.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const countyByCode = new Map<string, CountyEntry>();
  for (const township of townships) {
    const county = countyByCode.get(township.countyCode);
    if (!county) {
      countyByCode.set(township.countyCode, { code: township.countyCode, box: [...township.box], townshipCodes: [township.code] });
      continue;
    }
    county.townshipCodes.push(township.code);
    county.box = [Math.min(county.box[0], township.box[0]), Math.min(county.box[1], township.box[1]), Math.max(county.box[2], township.box[2]), Math.max(county.box[3], township.box[3])];
  }
  const counties = [...countyByCode.values()];
  const townshipIndex = indexOf(townships.map((township) => township.box));
  const countyIndex = indexOf(counties.map((county) => county.box));
  const bounds = counties.length === 0
    ? null
    : counties.map((county) => county.box).reduce((a, b): Box => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])]);
  return {
    townships,
    counties,
    bounds,
    countyByCode,
    townshipsIn: (box) => searchBoxes(townshipIndex, townships, box),
    countiesIn: (box) => searchBoxes(countyIndex, counties, box),
  };
}
