// Everything the map needs, from the API queries and the current filters: shared by the dashboard
// and the wall.
import { useCallback, useMemo, useRef, useState } from 'react';
import { useBasemap, useCounties, useGrids, useIssuePoints, useTownshipGrids, useTownships, useVillages } from '../../api/queries.ts';
import type { SourceChoice } from '../../map/source-choice.ts';
import type { IssuePointColumns, TierCounts } from '../../api/types.ts';
import { CHOROPLETH_CLASSES } from '../../state/choropleth-ramp.ts';
import { countByTier, selectPoints, type PointFilter } from '../../state/issue-filter.ts';
import { choropleth, countByGrid, type Choropleth } from '../../state/metrics.ts';
import { TIER_ORDER, type Tier } from '../../state/tiers.ts';
import type { Metric, StatusFilter } from '../../state/url-state.ts';
import type { MapPoints } from './MapView.tsx';

export interface MapDataOptions {
  /** A province database's county in view (its townships only); null at the province level or in a county database. */
  county?: string | null;
  /** Several counties: the county outlines are loaded too. */
  province?: boolean;
  /** Which large layers come as tiles; null while unknown (nothing large is loaded meanwhile). */
  choice: SourceChoice | null;
  township: string | null;
  tiers: readonly Tier[];
  status: StatusFilter;
  fromInstant: string | null;
  category: string | null;
  metric: Metric;
  /** Polling of the points as a backup to live events (wall). */
  pointsRefetchMs?: number;
}

function settled(query: { isSuccess: boolean; isError: boolean; fetchStatus: string }): boolean {
  return query.isSuccess || (query.isError && query.fetchStatus === 'idle');
}

export function useMapData(options: MapDataOptions) {
  const province = options.province ?? false;
  const county = province ? (options.county ?? null) : null;
  const townships = useTownships(county);
  const counties = useCounties(province);
  const gridsWhole = options.choice?.grids === 'geojson';
  const pointsWhole = options.choice?.problems === 'geojson';
  const wholeGrids = useGrids(gridsWhole);
  // Grids as tiles: the focused township's grids still come as GeoJSON, for its shading, labels and
  // panel; always asked for alone, so the map does the same whatever else happens to be cached.
  const townshipGrids = useTownshipGrids(gridsWhole ? null : options.township, false);
  const grids = gridsWhole ? wholeGrids : { data: townshipGrids };
  const villages = useVillages(options.township);
  // The main roads come with the first picture; the minor streets once the map asks for them. A
  // large basemap comes as tiles and is never asked for whole.
  const basemapWhole = options.choice?.basemap === 'geojson';
  const streets = useBasemap('streets', 'major', basemapWhole);
  const [minorStreetsWanted, setMinorStreetsWanted] = useState(false);
  const minorStreets = useBasemap('streets', 'minor', minorStreetsWanted && basemapWhole);
  const requestMinorStreets = useCallback(() => setMinorStreetsWanted(true), []);
  const water = useBasemap('water', null, basemapWhole);
  const points = useIssuePoints(options.pointsRefetchMs, pointsWhole);
  // Points loaded before the problems turned out large stay in the cache: drawn no more.
  const columns: IssuePointColumns | undefined = pointsWhole ? points.data?.columns : undefined;

  const tierKey = options.tiers.join(',');
  const filter = useMemo<PointFilter>(
    () => ({ tiers: tierKey ? (tierKey.split(',') as Tier[]) : [], status: options.status, fromInstant: options.fromInstant, category: options.category }),
    [tierKey, options.status, options.fromInstant, options.category],
  );

  const revision = useRef(0);
  const mapPoints = useMemo<MapPoints | null>(() => {
    if (!columns) return null;
    const indices = selectPoints(columns, filter);
    const byTier: Partial<Record<Tier, number[]>> = {};
    for (const tier of TIER_ORDER) byTier[tier] = [];
    for (const index of indices) byTier[columns.tier[index]]!.push(index);
    revision.current += 1;
    return { columns, indices, byTier, revision: revision.current };
  }, [columns, filter]);

  const tierCounts = useMemo<TierCounts | null>(() => (columns ? countByTier(columns, filter, options.township) : null), [columns, filter, options.township]);

  const shading = useMemo<Choropleth | null>(() => {
    const features = grids.data?.features;
    if (!features) return null;
    const measures = features.map((feature) => feature.properties);
    let counts: Map<string, number>;
    if (columns && mapPoints) {
      counts = countByGrid(columns, mapPoints.indices);
    } else {
      // Without the points, the grids' own open counts stand in (open status, all time).
      counts = new Map(features.map((feature) => [feature.properties.code, filter.tiers.reduce((sum, tier) => sum + feature.properties.openIssues[tier], 0)]));
    }
    return choropleth(measures, counts, options.metric, CHOROPLETH_CLASSES);
  }, [grids.data, columns, mapPoints, filter, options.metric]);

  const dataReady =
    options.choice !== null &&
    settled(townships) &&
    (!gridsWhole || settled(wholeGrids)) &&
    (!pointsWhole || settled(points)) &&
    (!province || settled(counties)) &&
    (!basemapWhole || (settled(streets) && settled(water))) &&
    (options.township === null || settled(villages));

  return {
    counties: province ? counties.data : undefined,
    townships: townships.data,
    grids: grids.data,
    villages: options.township ? villages.data : undefined,
    streets: basemapWhole ? streets.data : undefined,
    minorStreets: basemapWhole ? minorStreets.data : undefined,
    minorStreetsSettled: minorStreetsWanted && settled(minorStreets),
    requestMinorStreets,
    water: basemapWhole ? water.data : undefined,
    points: mapPoints,
    pointsUpdatedAt: points.dataUpdatedAt,
    columns,
    tierCounts,
    shading,
    attribution: townships.data?.attribution ?? grids.data?.attribution ?? '',
    dataReady,
    loadFailed: townships.failureCount > 0 && !townships.data,
  };
}
