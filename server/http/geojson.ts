// RFC 7946 output: Features and FeatureCollections with a top-level `attribution` foreign member.
import type { Feature, FeatureCollection, Point, Polygon, MultiPolygon } from 'geojson';
import type { BlockSummary, CountyOverview, GridSummary, IssueView, TierCounts, TownshipSummary, VillageSummary } from '../store/store.ts';

export const GEOJSON_CONTENT_TYPE = 'application/geo+json; charset=utf-8';

export type WithAttribution<T> = T & { attribution: string };

export interface TownshipProperties {
  code: string;
  name: string;
  gridCount: number;
  households: number;
  openIssues: TierCounts;
}
export interface CountyProperties extends TownshipProperties {
  townshipCount: number;
}
export interface VillageProperties extends TownshipProperties {
  townshipCode: string;
}
export interface GridProperties {
  code: string;
  name: string;
  townshipCode: string;
  villageCode: string;
  households: number;
  areaM2: number;
  version: number;
  blockCount: number;
  openIssues: TierCounts;
}
export interface BlockProperties {
  id: string;
  gridCode: string | null;
  villageCode: string;
  townshipCode: string;
  households: number;
  areaM2: number;
}
export type IssueProperties = Omit<IssueView, 'lon' | 'lat'>;

export type CountyCollection = WithAttribution<FeatureCollection<Polygon | MultiPolygon, CountyProperties>>;
export type TownshipCollection = WithAttribution<FeatureCollection<Polygon | MultiPolygon, TownshipProperties>>;
export type VillageCollection = WithAttribution<FeatureCollection<Polygon | MultiPolygon, VillageProperties>>;
export type GridFeature = Feature<Polygon, GridProperties>;
export type GridCollection = WithAttribution<FeatureCollection<Polygon, GridProperties>>;
export type BlockCollection = WithAttribution<FeatureCollection<Polygon, BlockProperties>>;
export type IssueFeature = Feature<Point, IssueProperties>;
export type IssueCollection = WithAttribution<FeatureCollection<Point, IssueProperties>> & { nextCursor: string | null };

/** Areas to 0.1 m²: more digits are noise from the projection. */
function roundArea(areaM2: number): number {
  return Math.round(areaM2 * 10) / 10;
}

export function collection<F extends Feature>(features: F[], attribution: string): WithAttribution<FeatureCollection<F['geometry'], F['properties']>> {
  return { type: 'FeatureCollection', attribution, features } as WithAttribution<FeatureCollection<F['geometry'], F['properties']>>;
}

export function townshipFeature(township: TownshipSummary): Feature<Polygon | MultiPolygon, TownshipProperties> {
  const { code, name, gridCount, households, openIssues, geometry } = township;
  return { type: 'Feature', id: code, geometry, properties: { code, name, gridCount, households, openIssues } };
}

export function countyFeature(county: CountyOverview): Feature<Polygon | MultiPolygon, CountyProperties> {
  const { code, name, townshipCount, gridCount, households, openIssues, geometry } = county;
  return { type: 'Feature', id: code, geometry, properties: { code, name, gridCount, households, openIssues, townshipCount } };
}

export function villageFeature(village: VillageSummary): Feature<Polygon | MultiPolygon, VillageProperties> {
  const { code, name, townshipCode, gridCount, households, openIssues, geometry } = village;
  return { type: 'Feature', id: code, geometry, properties: { code, name, townshipCode, gridCount, households, openIssues } };
}

export function gridFeature(grid: GridSummary): GridFeature {
  return {
    type: 'Feature',
    id: grid.code,
    geometry: { type: 'Polygon', coordinates: grid.polygon },
    properties: {
      code: grid.code,
      name: grid.name,
      townshipCode: grid.townshipCode,
      villageCode: grid.villageCode,
      households: grid.households,
      areaM2: roundArea(grid.areaM2),
      version: grid.version,
      blockCount: grid.blockIds.length,
      openIssues: grid.openIssues,
    },
  };
}

export function blockFeature(block: BlockSummary): Feature<Polygon, BlockProperties> {
  return {
    type: 'Feature',
    id: block.id,
    geometry: { type: 'Polygon', coordinates: block.polygon },
    properties: {
      id: block.id,
      gridCode: block.gridCode,
      villageCode: block.villageCode,
      townshipCode: block.townshipCode,
      households: block.households,
      areaM2: roundArea(block.areaM2),
    },
  };
}

export function issueFeature(issue: IssueView): IssueFeature {
  const { lon, lat, ...properties } = issue;
  return { type: 'Feature', id: issue.id, geometry: { type: 'Point', coordinates: [lon, lat] }, properties };
}
