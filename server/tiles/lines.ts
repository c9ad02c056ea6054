// Basemap lines (streets, water) binned by position into cells of BIN_DEGREES, stored as flat
// coordinate arrays rather than GeoJSON; a bin's index is cut on first use. A line belongs to the bin
// of its box's centre; a bin's box covers all of its lines, so a tile finds every line reaching it.
import Flatbush from 'flatbush';
import type GeoJSONVT from 'geojson-vt';
import type { BasemapLayer, GridStore } from '../store/store.ts';
import { streetDetailOf } from '../store/lineDetail.ts';
import type { Box } from '../ogc/geometry.ts';
import type { TileFeature, TileProperties } from './layers.ts';
import { searchBoxes } from './directory.ts';
import { buildIndex, estimateIndexBytes } from './vt.ts';

const BIN_DEGREES = 0.125;

export interface LineBin {
  key: string;
  box: Box;
  ids: number[];
  classes: string[];
  names: Array<string | null>;
  /** Start of each line in `coordinates` (in positions); one entry more than lines. */
  offsets: Uint32Array;
  coordinates: Float64Array;
}

export interface LineDirectory {
  bins: LineBin[];
  featureCount: number;
  bounds: Box | null;
  binsIn(box: Box): LineBin[];
  bytes: number;
}

/** Lines read per store call: a province's million lines are read in pages, yielding between them. */
const LINES_PER_PAGE = 20_000;

interface PendingLine {
  id: number;
  class: string;
  name: string | null;
  /** lon, lat, lon, lat, … */
  coordinates: Float64Array;
  box: Box;
}

export async function loadLineDirectory(store: GridStore, layer: BasemapLayer): Promise<LineDirectory> {
  const grouped = new Map<string, PendingLine[]>();
  let featureCount = 0;
  let afterId = -1;
  for (;;) {
    const page = await store.listLines(layer, { afterId, limit: LINES_PER_PAGE });
    for (const line of page) {
      afterId = line.id;
      if (line.coordinates.length === 0) continue;
      let west = Infinity, south = Infinity, east = -Infinity, north = -Infinity;
      const coordinates = new Float64Array(line.coordinates.length * 2);
      line.coordinates.forEach(([lon, lat], index) => {
        coordinates[index * 2] = lon;
        coordinates[index * 2 + 1] = lat;
        if (lon < west) west = lon;
        if (lon > east) east = lon;
        if (lat < south) south = lat;
        if (lat > north) north = lat;
      });
      const key = `${Math.floor((west + east) / 2 / BIN_DEGREES)}:${Math.floor((south + north) / 2 / BIN_DEGREES)}`;
      const members = grouped.get(key) ?? [];
      members.push({ id: line.id, class: line.class, name: line.name, coordinates, box: [west, south, east, north] });
      grouped.set(key, members);
      featureCount++;
    }
    if (page.length < LINES_PER_PAGE) break;
    // Other requests are served between pages.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const bins: LineBin[] = [];
  let bytes = 0;
  for (const [key, members] of [...grouped].sort(([a], [b]) => (a < b ? -1 : 1))) {
    members.sort((a, b) => a.id - b.id);
    const offsets = new Uint32Array(members.length + 1);
    for (let index = 0; index < members.length; index++) offsets[index + 1] = offsets[index] + members[index].coordinates.length / 2;
    const coordinates = new Float64Array(offsets[members.length] * 2);
    const box: Box = [Infinity, Infinity, -Infinity, -Infinity];
    members.forEach((member, index) => {
      coordinates.set(member.coordinates, offsets[index] * 2);
      box[0] = Math.min(box[0], member.box[0]);
      box[1] = Math.min(box[1], member.box[1]);
      box[2] = Math.max(box[2], member.box[2]);
      box[3] = Math.max(box[3], member.box[3]);
    });
    bins.push({ key, box, ids: members.map((m) => m.id), classes: members.map((m) => m.class), names: members.map((m) => m.name), offsets, coordinates });
    bytes += coordinates.byteLength + offsets.byteLength + members.length * 96;
  }
  let index: Flatbush | null = null;
  if (bins.length > 0) {
    index = new Flatbush(bins.length);
    for (const bin of bins) index.add(bin.box[0], bin.box[1], bin.box[2], bin.box[3]);
    index.finish();
  }
  const bounds = bins.length === 0
    ? null
    : bins.map((bin) => bin.box).reduce((a, b): Box => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])]);
  return { bins, featureCount, bounds, bytes, binsIn: (box) => searchBoxes(index, bins, box) };
}

/** The bin's lines as GeoJSON features, just long enough to cut an index from them. */
export function binFeatures(layer: BasemapLayer, bin: LineBin): TileFeature[] {
  return bin.ids.map((id, index) => {
    const coordinates: number[][] = [];
    for (let at = bin.offsets[index]; at < bin.offsets[index + 1]; at++) coordinates.push([bin.coordinates[at * 2], bin.coordinates[at * 2 + 1]]);
    const properties: TileProperties = layer === 'streets' ? { class: bin.classes[index], detail: streetDetailOf(bin.classes[index]) } : { class: bin.classes[index] };
    const name = bin.names[index];
    if (name !== null) properties.name = name;
    return { type: 'Feature', id, geometry: { type: 'LineString', coordinates }, properties };
  });
}

export function buildLineIndex(features: TileFeature[], maxZoom: number): { value: GeoJSONVT | null; bytes: number } {
  return { value: buildIndex(features, maxZoom), bytes: estimateIndexBytes(features) };
}
