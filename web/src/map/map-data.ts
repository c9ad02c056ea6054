// GeoJSON the map sources take, built from API responses.
import type { Feature, FeatureCollection, Geometry, MultiPoint, Point, Position } from 'geojson';
import type { IssuePointColumns, Tier } from '../api/types.ts';
import { labelPoint, type AreaShape } from './geometry.ts';

/** Only what the point and density layers draw with: every property is copied into every tile. */
export interface PointProperties {
  tier: Tier;
  overdue: boolean;
}

/** Least severe first: later features are drawn on top, so red points end up above the others. */
const DRAW_ORDER: readonly Tier[] = ['yellow', 'orange', 'red'];

/**
 * The selected points as one multipoint per tier and overdue flag: the layers draw every point
 * alike and nothing on the map picks a single point, while each feature costs the map's worker
 * and the hand-over to it far more than each point does (ten thousand features against six).
 */
export function pointsCollection(columns: IssuePointColumns, indices: readonly number[]): FeatureCollection<MultiPoint, PointProperties> {
  const groups = new Map<string, Position[]>();
  for (const tier of DRAW_ORDER) for (const overdue of [false, true]) groups.set(`${tier}/${overdue}`, []);
  for (const index of indices) groups.get(`${columns.tier[index]}/${columns.overdue[index]}`)?.push([columns.lon[index], columns.lat[index]]);
  const features: Feature<MultiPoint, PointProperties>[] = [];
  for (const tier of DRAW_ORDER) {
    for (const overdue of [false, true]) {
      const coordinates = groups.get(`${tier}/${overdue}`)!;
      if (coordinates.length > 0) features.push({ type: 'Feature', geometry: { type: 'MultiPoint', coordinates }, properties: { tier, overdue } });
    }
  }
  return { type: 'FeatureCollection', features };
}

export interface LabelProperties {
  code: string;
  name: string;
}

/** One label point per area, placed inside it. */
export function labelCollection(areas: readonly Feature<AreaShape, { code: string; name: string }>[]): FeatureCollection<Point, LabelProperties> {
  const features: Feature<Point, LabelProperties>[] = [];
  for (const area of areas) {
    const point = area.geometry ? labelPoint(area.geometry) : null;
    if (point) features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: point }, properties: { code: area.properties.code, name: area.properties.name } });
  }
  return { type: 'FeatureCollection', features };
}

/** A grid's map label: '第4网格' from '南农社区第4网格' (the village label names the village). */
export function gridShortLabel(gridName: string): string {
  const match = /第\d+网格$/.exec(gridName);
  return match ? match[0] : gridName;
}

/** A village's map label without the committee suffix: '南农社区' from '南农社区居委会'. */
export function villageShortLabel(villageName: string): string {
  const short = villageName.replace(/(居民委员会|村民委员会|居委会|村委会|委员会)$/, '');
  return short.length > 0 ? short : villageName;
}

export const EMPTY_COLLECTION: FeatureCollection = { type: 'FeatureCollection', features: [] };

/**
 * Areas with only their code, sharing the geometry objects: every property is encoded into every
 * vector tile an area touches, and the map reads nothing else (feature state, filters and clicks
 * go by code; a grid's township is the first nine digits of its code).
 */
export function areaKeys<G extends Geometry>(collection: FeatureCollection<G, { code: string }>): FeatureCollection<G, { code: string }> {
  return {
    type: 'FeatureCollection',
    features: collection.features.map((feature) => ({ type: 'Feature', geometry: feature.geometry, properties: { code: feature.properties.code } })),
  };
}
