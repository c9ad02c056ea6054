// Everything the map needs, from the API queries and the current filters: shared by the dashboard
// and the wall.
import { useCallback, useMemo, useRef, useState } from 'react';
import { useBasemap, useGrids, useIssuePoints, useTownships, useVillages } from '../../api/queries.ts';
import type { IssuePointColumns, TierCounts } from '../../api/types.ts';
import { CHOROPLETH_CLASSES } from '../../state/choropleth-ramp.ts';
import { countByTier, selectPoints, type PointFilter } from '../../state/issue-filter.ts';
import { choropleth, countByGrid, type Choropleth } from '../../state/metrics.ts';
import { TIER_ORDER, type Tier } from '../../state/tiers.ts';
import type { Metric, StatusFilter } from '../../state/url-state.ts';
import type { MapPoints } from './MapView.tsx';

export interface MapDataOptions {
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
  const townships = useTownships();
  const grids = useGrids();
  const villages = useVillages(options.township);
  // The main roads come with the first picture; the minor streets once the map asks for them.
  const streets = useBasemap('streets', 'major');
  const [minorStreetsWanted, setMinorStreetsWanted] = useState(false);
  const minorStreets = useBasemap('streets', 'minor', minorStreetsWanted);
  const requestMinorStreets = useCallback(() => setMinorStreetsWanted(true), []);
  const water = useBasemap('water');
  const points = useIssuePoints(options.pointsRefetchMs);
  const columns: IssuePointColumns | undefined = points.data?.columns;

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

  const dataReady = settled(townships) && settled(grids) && settled(points) && settled(streets) && settled(water) && (options.township === null || settled(villages));

  return {
    townships: townships.data,
    grids: grids.data,
    villages: options.township ? villages.data : undefined,
    streets: streets.data,
    minorStreets: minorStreets.data,
    minorStreetsSettled: minorStreetsWanted && settled(minorStreets),
    requestMinorStreets,
    water: water.data,
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
