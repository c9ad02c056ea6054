// The default point-density layer: MapLibre's own `heatmap` layers, one per tier in that tier's
// colour ramp. They draw with MapLibre's shaders, so the first picture needs no second WebGL engine.
import type { ExpressionSpecification, HeatmapLayerSpecification } from 'maplibre-gl';
import { TIER_ORDER, tierRamp, type Rgba, type Tier } from '../state/tiers.ts';
import type { DensityMode } from '../state/url-state.ts';

/** Individual issue points appear from this zoom; the density layer fades out above it. */
export const POINTS_MIN_ZOOM = 11.5;
/** Above this zoom the individual points have taken over and the density layer is not drawn. */
export const DENSITY_MAX_ZOOM = POINTS_MIN_ZOOM + 0.5;
/** Share of the densest spot below which nothing is drawn, so sparse noise stays off the map. */
export const DENSITY_THRESHOLD = 0.08;
/**
 * Kernel radius in screen pixels by zoom: tighter at the county view, where thousands of points
 * share the screen (and every pixel of kernel is drawn in software on machines without a GPU),
 * wider towards the township view.
 */
export const DENSITY_RADIUS_STOPS: readonly (readonly [zoom: number, pixels: number])[] = [
  [8, 12],
  [10, 18],
  [12, 32],
];

/** Tiers' heatmap intensities by zoom (see density-intensity.ts); 1 where unknown. */
export type DensityIntensities = Partial<Record<Tier, ExpressionSpecification | number>>;

function byZoom(stops: readonly (readonly [number, number])[]): ExpressionSpecification {
  return ['interpolate', ['linear'], ['zoom'], ...stops.flat()] as unknown as ExpressionSpecification;
}

export const DENSITY_RADIUS_PX: ExpressionSpecification = byZoom(DENSITY_RADIUS_STOPS);

export function densityLayerId(tier: Tier): string {
  return `density-${tier}`;
}

export function rgbaCss([red, green, blue, alpha]: Rgba): string {
  return `rgba(${red}, ${green}, ${blue}, ${Math.round((alpha / 255) * 1000) / 1000})`;
}

/**
 * `heatmap-color` for a tier: transparent below the threshold, then the tier's ramp spread evenly
 * over the rest of the density range (the same stops the hexagon mode colours its cells with).
 */
export function heatmapColour(tier: Tier): ExpressionSpecification {
  const ramp = tierRamp(tier);
  const stops: (number | string)[] = [0, 'rgba(0, 0, 0, 0)', DENSITY_THRESHOLD, 'rgba(0, 0, 0, 0)'];
  ramp.forEach((colour, index) => {
    const at = DENSITY_THRESHOLD + ((1 - DENSITY_THRESHOLD) * (index + 1)) / ramp.length;
    stops.push(Math.round(at * 1e4) / 1e4, rgbaCss(colour));
  });
  return ['interpolate', ['linear'], ['heatmap-density'], ...stops] as unknown as ExpressionSpecification;
}

/** The density fades out as the individual points fade in. */
export function densityOpacity(): ExpressionSpecification {
  return ['interpolate', ['linear'], ['zoom'], POINTS_MIN_ZOOM, 1, DENSITY_MAX_ZOOM, 0];
}

/**
 * One heatmap layer per tier over the issue source (which holds only the selected points), least
 * severe first so red ends on top. Hidden in hexagon mode, where deck.gl draws the density.
 */
export function heatmapLayers(source: string, mode: DensityMode = 'heatmap', intensities: DensityIntensities = {}): HeatmapLayerSpecification[] {
  return [...TIER_ORDER].reverse().map((tier) => ({
    id: densityLayerId(tier),
    type: 'heatmap',
    source,
    maxzoom: DENSITY_MAX_ZOOM,
    filter: ['==', ['get', 'tier'], tier],
    layout: { visibility: mode === 'heatmap' ? 'visible' : 'none' },
    paint: {
      'heatmap-radius': DENSITY_RADIUS_PX,
      'heatmap-intensity': intensities[tier] ?? 1,
      'heatmap-weight': 1,
      'heatmap-color': heatmapColour(tier),
      'heatmap-opacity': densityOpacity(),
    },
  }));
}
