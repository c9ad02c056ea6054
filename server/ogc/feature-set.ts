// One collection's features prepared for paging: each feature serialised once, boxes in a packed
// R-tree (flatbush), reported times sorted alongside. A page is then a slice of ready JSON strings.
import Flatbush from 'flatbush';
import type { Feature } from 'geojson';
import { geometryBox, intersectsBox, unionBox, type Box } from './geometry.ts';

export interface TimeWindow {
  /** Inclusive lower bound, epoch ms; absent = open start. */
  start?: number;
  /** Inclusive upper bound, epoch ms; absent = open end. */
  end?: number;
}

export interface FeatureFilter {
  bbox?: Box;
  datetime?: TimeWindow;
}

export interface FeatureSet {
  size: number;
  /** Box of every feature; null when the collection is empty. */
  extent: Box | null;
  /** First and last instant (ISO 8601) when the features carry a time. */
  interval: [string, string] | null;
  /** Positions (in collection order) of the features matching the filter. */
  match(filter: FeatureFilter): number[];
  /** The feature at a position as GeoJSON text. */
  json(position: number): string;
  /** Position of the feature with this id, or -1. */
  positionOf(id: string): number;
}

/**
 * Prepares features for querying. `timeOf` gives a feature's instant (epoch ms) when the collection
 * has one; features are kept in the given order, which is the order pages are served in.
 */
export function buildFeatureSet(features: readonly Feature[], timeOf?: (feature: Feature) => number): FeatureSet {
  const json = features.map((feature) => JSON.stringify(feature));
  const boxes = features.map((feature) => geometryBox(feature.geometry));
  const times = timeOf ? Float64Array.from(features, timeOf) : null;
  const positions = new Map<string, number>();
  features.forEach((feature, position) => positions.set(String(feature.id), position));

  let index: Flatbush | null = null;
  if (features.length > 0) {
    index = new Flatbush(features.length);
    for (const [minX, minY, maxX, maxY] of boxes) index.add(minX, minY, maxX, maxY);
    index.finish();
  }

  let interval: [string, string] | null = null;
  if (times && times.length > 0) {
    let first = Infinity, last = -Infinity;
    for (const time of times) {
      if (time < first) first = time;
      if (time > last) last = time;
    }
    interval = [new Date(first).toISOString(), new Date(last).toISOString()];
  }

  const inWindow = (position: number, window: TimeWindow): boolean => {
    if (!times) return true; // No temporal property: the parameter does not narrow this collection.
    const time = times[position];
    return (window.start === undefined || time >= window.start) && (window.end === undefined || time <= window.end);
  };

  return {
    size: features.length,
    extent: unionBox(boxes),
    interval,
    json: (position) => json[position],
    positionOf: (id) => positions.get(id) ?? -1,
    match(filter) {
      let candidates: number[];
      if (filter.bbox) {
        const box = filter.bbox;
        // A box crossing the antimeridian (minLon > maxLon) is two boxes.
        const parts: Box[] = box[0] <= box[2] ? [box] : [[box[0], box[1], 180, box[3]], [-180, box[1], box[2], box[3]]];
        const found = new Set<number>();
        for (const part of parts) {
          for (const position of index?.search(part[0], part[1], part[2], part[3]) ?? []) {
            if (!found.has(position) && intersectsBox(features[position].geometry, part)) found.add(position);
          }
        }
        candidates = [...found].sort((a, b) => a - b);
      } else {
        candidates = Array.from({ length: features.length }, (_, position) => position);
      }
      const window = filter.datetime;
      return window ? candidates.filter((position) => inWindow(position, window)) : candidates;
    },
  };
}
