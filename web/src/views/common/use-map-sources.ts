// The GeoJSON each map source shows, derived from the API data once per change (memoized), so the
// map can be created with all of it at once and later effects hand over only what changed.
import { useMemo } from 'react';
import type { FeatureCollection } from 'geojson';
import type { BasemapCollection, CountyCollection, GridCollection, TownshipCollection, VillageCollection } from '../../api/types.ts';
import { areaKeys, EMPTY_COLLECTION, gridShortLabel, labelCollection, pointsCollection, villageShortLabel } from '../../map/map-data.ts';
import { SOURCES, type SourceId } from '../../map/style.ts';
import type { MapPoints } from './MapView.tsx';

export interface MapSourceInput {
  counties?: CountyCollection;
  townships?: TownshipCollection;
  villages?: VillageCollection;
  grids?: GridCollection;
  streets?: BasemapCollection;
  minorStreets?: BasemapCollection;
  water?: BasemapCollection;
  points?: MapPoints | null;
  /** Grid names are cut into tiles only once the view nears the zoom that shows them. */
  gridLabels: boolean;
}

export type MapSourceData = Partial<Record<SourceId, FeatureCollection>>;

function renamedLabels(labels: FeatureCollection, rename: (name: string) => string): FeatureCollection {
  for (const label of labels.features) if (label.properties) label.properties.name = rename(String(label.properties.name));
  return labels;
}

/** Every source with data to show; a source is absent until its data has arrived. */
export function useMapSources(input: MapSourceInput): MapSourceData {
  const { counties, townships, villages, grids, streets, minorStreets, water, points, gridLabels: withGridLabels } = input;
  const countyData = useMemo(() => (counties ? areaKeys(counties) : undefined), [counties]);
  const countyLabels = useMemo(() => (counties ? labelCollection(counties.features) : undefined), [counties]);
  const townshipData = useMemo(() => (townships ? areaKeys(townships) : undefined), [townships]);
  const townshipLabels = useMemo(() => (townships ? labelCollection(townships.features) : undefined), [townships]);
  const villageData = useMemo(() => (villages ? areaKeys(villages) : EMPTY_COLLECTION), [villages]);
  const villageLabels = useMemo(() => (villages ? renamedLabels(labelCollection(villages.features), villageShortLabel) : EMPTY_COLLECTION), [villages]);
  const gridData = useMemo(() => (grids ? areaKeys(grids) : undefined), [grids]);
  const gridLabels = useMemo(
    () => (grids && withGridLabels ? renamedLabels(labelCollection(grids.features), gridShortLabel) : undefined),
    [grids, withGridLabels],
  );
  const issues = useMemo(() => (points ? pointsCollection(points.columns, points.indices) : undefined), [points]);
  return useMemo(() => {
    const data: MapSourceData = { [SOURCES.villages]: villageData, [SOURCES.villageLabels]: villageLabels };
    if (townshipData) data[SOURCES.townships] = townshipData;
    if (townshipLabels) data[SOURCES.townshipLabels] = townshipLabels;
    if (gridData) data[SOURCES.grids] = gridData;
    if (gridLabels) data[SOURCES.gridLabels] = gridLabels;
    if (streets) data[SOURCES.streets] = streets;
    if (minorStreets) data[SOURCES.minorStreets] = minorStreets;
    if (water) data[SOURCES.water] = water;
    if (issues) data[SOURCES.issues] = issues;
    if (countyData) data[SOURCES.counties] = countyData;
    if (countyLabels) data[SOURCES.countyLabels] = countyLabels;
    return data;
  }, [countyData, countyLabels, townshipData, townshipLabels, villageData, villageLabels, gridData, gridLabels, streets, minorStreets, water, issues]);
}
