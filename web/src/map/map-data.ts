// GeoJSON the map sources take, built from API responses.
import type { Feature, FeatureCollection, Geometry, Point } from 'geojson';
import type { IssuePointColumns, Tier } from '../api/types.ts';
import { labelPoint, type AreaShape } from './geometry.ts';

/** Only what the point and density layers draw with: every property is copied into every tile. */
export interface PointProperties {
  id: number;
  tier: Tier;
  overdue: boolean;
}

export function pointsCollection(columns: IssuePointColumns, indices: readonly number[]): FeatureCollection<Point, PointProperties> {
  const features: Feature<Point, PointProperties>[] = indices.map((index) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [columns.lon[index], columns.lat[index]] },
    properties: {
      id: columns.id[index],
      tier: columns.tier[index],
      overdue: columns.overdue[index],
    },
  }));
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

/** What the map reads from an area: its code (feature state, filters, clicks) and its township. */
export interface AreaKeys {
  code: string;
  townshipCode?: string;
}

/**
 * Areas with only the properties the map reads, sharing the geometry objects: every property is
 * encoded into every vector tile the area touches, and the panels read the full API data instead.
 */
export function areaKeys<G extends Geometry>(collection: FeatureCollection<G, { code: string; townshipCode?: string }>): FeatureCollection<G, AreaKeys> {
  return {
    type: 'FeatureCollection',
    features: collection.features.map((feature) => {
      const { code, townshipCode } = feature.properties;
      return { type: 'Feature', geometry: feature.geometry, properties: townshipCode === undefined ? { code } : { code, townshipCode } };
    }),
  };
}
