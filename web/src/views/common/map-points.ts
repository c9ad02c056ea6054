// The problem points as the map gets them, and how they become density settings and tile styles.
import type { IssuePointColumns, Tier } from '../../api/types.ts';
import type { DensityIntensities } from '../../map/density-style.ts';
import { densityIntensity } from '../../map/density-intensity.ts';
import type { DensityInput } from '../../map/hexagon-density.ts';
import type { TileStyle } from '../../map/style.ts';
import { CELL_INTENSITY, type TilePointFilter } from '../../map/tile-layers.ts';
import type { SourceChoice } from '../../map/source-choice.ts';
import { TIER_ORDER } from '../../state/tiers.ts';

export interface MapPoints {
  columns: IssuePointColumns;
  indices: readonly number[];
  byTier: Partial<Record<Tier, readonly number[]>>;
  revision: number;
}

/** Tiled density cells carry counts, not points: one fixed intensity per tier. */
export const CELL_INTENSITIES: DensityIntensities = { red: CELL_INTENSITY, orange: CELL_INTENSITY, yellow: CELL_INTENSITY };
export const ALL_POINTS: TilePointFilter = { tiers: [...TIER_ORDER], status: 'open', category: null };

export function tileStyle(choice: SourceChoice, filter: TilePointFilter | undefined): TileStyle {
  return { setting: { choice, origin: window.location.origin }, filter: filter ?? ALL_POINTS };
}

export function densityIntensities(points: MapPoints | null | undefined): DensityIntensities {
  const intensities: DensityIntensities = {};
  if (!points) return intensities;
  for (const tier of TIER_ORDER) intensities[tier] = densityIntensity(points.columns.lon, points.columns.lat, points.byTier[tier] ?? []);
  return intensities;
}

export function densityInput(points: MapPoints | null | undefined): DensityInput | null {
  return points ? { columns: points.columns, byTier: points.byTier, revision: points.revision } : null;
}

