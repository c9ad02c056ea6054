// What kind of database the page is on: one county or a province of several, and which of its
// large layers the map draws from vector tiles. Read from the township list and the unfiltered
// figures, both of which the page asks for anyway.
import { useMemo } from 'react';
import { useStats, useTownships } from '../../api/queries.ts';
import { chooseSources, databaseShape, PAGE_THRESHOLDS, type DatabaseShape, type SourceChoice } from '../../map/source-choice.ts';

export interface DatabaseKind {
  /** Null until the townships arrived. */
  shape: DatabaseShape | null;
  /** More than one county: the dashboard opens at the province. */
  province: boolean;
  /** Null until known. */
  choice: SourceChoice | null;
  /** True once the townships answered or failed for good. */
  settled: boolean;
}

export function useDatabase(): DatabaseKind {
  const townships = useTownships();
  const shape = useMemo(() => (townships.data ? databaseShape(townships.data.features.map((feature) => feature.properties)) : null), [townships.data]);
  const province = shape !== null && shape.countyCodes.length > 1;
  // The whole database's figures: the county's own in a county database (the same request the
  // page makes for its header), the province's otherwise.
  const totals = useStats({ level: province ? 'province' : 'county' }, undefined, shape !== null);
  const collected = totals.data && totals.data.level === (province ? 'province' : 'county') ? totals.data.collected : null;
  const choice = useMemo(() => (shape ? chooseSources(shape, collected, PAGE_THRESHOLDS) : null), [shape, collected]);
  // Stable identity while the decision stands, so the map is not rebuilt for an equal answer.
  const stableChoice = useMemo(() => choice, [choice?.grids, choice?.problems, choice?.basemap]);
  return { shape, province, choice: stableChoice, settled: townships.isSuccess || (townships.isError && townships.fetchStatus === 'idle') };
}
