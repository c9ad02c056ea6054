// The map style, built from the dataset alone: no tiles, no sprite and no `glyphs` key (labels are
// drawn locally in the system font, see font-faces.ts). Sources start empty and are filled by the adapter.
import type { FeatureCollection } from 'geojson';
import type { ExpressionSpecification, LayerSpecification, StyleSpecification } from 'maplibre-gl';
import { TIER_COLORS } from '../state/tiers.ts';
import { CHOROPLETH_EMPTY, CHOROPLETH_RAMPS } from '../state/choropleth-ramp.ts';
import type { DensityMode, Theme } from '../state/url-state.ts';
import { MAP_FONT } from './font-faces.ts';
import { PALETTES } from './palette.ts';
import { heatmapLayers, POINTS_MIN_ZOOM, type DensityIntensities } from './density-style.ts';
import { MINOR_STREETS_MIN_ZOOM } from './street-detail.ts';
import { TILE_LAYERS, tiledLayers, vectorSource, type TilePointFilter, type TileSetting } from './tile-layers.ts';
import { anyTiles } from './source-choice.ts';

export const SOURCES = {
  water: 'water',
  streets: 'streets',
  minorStreets: 'minor-streets',
  townships: 'townships',
  townshipLabels: 'township-labels',
  villages: 'villages',
  villageLabels: 'village-labels',
  grids: 'grids',
  gridLabels: 'grid-labels',
  issues: 'issues',
  /** Problem counts per tile cell: the density of a tiled problem layer (tile-layers.ts). */
  issueCells: 'issue-cells',
  counties: 'counties',
  countyLabels: 'county-labels',
} as const;
export type SourceId = (typeof SOURCES)[keyof typeof SOURCES];

export const LAYERS = {
  background: 'background',
  gridsFill: 'grids-fill',
  water: 'water-line',
  streets: 'streets-line',
  minorStreets: 'minor-streets-line',
  rail: 'rail-line',
  gridsLine: 'grids-line',
  villagesLine: 'villages-line',
  townshipsHit: 'townships-hit',
  townshipsMask: 'townships-mask',
  townshipsLine: 'townships-line',
  gridSelection: 'grid-selection',
  townshipSelection: 'township-selection',
  hoverTownship: 'hover-township',
  hoverGrid: 'hover-grid',
  issuesRing: 'issues-ring',
  issuesCircle: 'issues-circle',
  streetLabels: 'street-labels',
  minorStreetLabels: 'minor-street-labels',
  gridLabels: 'grid-labels',
  villageLabels: 'village-labels',
  townshipLabels: 'township-labels',
  countiesHit: 'counties-hit',
  countiesMask: 'counties-mask',
  countiesLine: 'counties-line',
  hoverCounty: 'hover-county',
  countySelection: 'county-selection',
  countyLabels: 'county-labels',
} as const;

export { POINTS_MIN_ZOOM };
/** Grid names show from this zoom; their source is filled only when the view comes near it. */
export const GRID_LABELS_MIN_ZOOM = 14;

/** Sources whose `name` property a symbol layer draws, with the font it draws it in. */
export const LABEL_FONTS: Readonly<Partial<Record<SourceId, string>>> = {
  [SOURCES.townshipLabels]: MAP_FONT,
  [SOURCES.countyLabels]: MAP_FONT,
  [SOURCES.villageLabels]: MAP_FONT,
  [SOURCES.gridLabels]: MAP_FONT,
  [SOURCES.streets]: MAP_FONT,
  [SOURCES.minorStreets]: MAP_FONT,
};
/** The density layers sit under the borders, labels and points. */
export const DENSITY_BEFORE_LAYER = LAYERS.gridsLine;

const NOTHING: ExpressionSpecification = ['==', ['get', 'code'], '\u0000'];

/**
 * Tile cutting options: the worker cuts every source into tiles, the biggest share of a first load.
 * Points need no buffer (MapLibre drops a point outside its tile, the next tile draws it); lines and
 * areas keep 16 pixels, twice the half-width of the widest line (8 px), and drop vertices closer
 * than 3/4 of a screen pixel. Every pixel of buffer is geometry cut twice: 64 would make each tile
 * cut half as much again as its own area, 16 only an eighth.
 */
const POINT_TILING = { buffer: 0 };
const SHAPE_TILING = { buffer: 16, tolerance: 0.75 };

function geojson(data: FeatureCollection | undefined, tiling: { buffer: number; tolerance?: number }, promoteId?: string) {
  return { type: 'geojson' as const, data: data ?? EMPTY, ...tiling, ...(promoteId ? { promoteId } : {}) };
}

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

/** Colour of a grid from its feature-state class (-1 or missing: no value). */
function choroplethColour(theme: Theme): ExpressionSpecification {
  const ramp = CHOROPLETH_RAMPS[theme];
  const cases: (string | number)[] = [];
  ramp.forEach((colour, index) => cases.push(index, colour));
  return ['match', ['coalesce', ['feature-state', 'cls'], -1], ...cases, CHOROPLETH_EMPTY[theme]] as unknown as ExpressionSpecification;
}

function tierColour(): ExpressionSpecification {
  return ['match', ['get', 'tier'], 'red', TIER_COLORS.red, 'orange', TIER_COLORS.orange, TIER_COLORS.yellow];
}

function streetColour(theme: Theme): ExpressionSpecification {
  const palette = PALETTES[theme];
  const cases: string[] = [];
  for (const [name, colour] of Object.entries(palette.streets)) cases.push(name, colour);
  return ['match', ['get', 'class'], ...cases, palette.streetDefault] as unknown as ExpressionSpecification;
}

/** Street width in pixels by class and zoom: main roads stay visible at the county view. */
function streetWidth(): ExpressionSpecification {
  const byClass = (scale: number): ExpressionSpecification => [
    'match',
    ['get', 'class'],
    ['motorway', 'trunk'], 2.2 * scale,
    'primary', 1.7 * scale,
    'secondary', 1.3 * scale,
    'tertiary', 1 * scale,
    ['residential', 'living_street', 'unclassified', 'lane'], 0.6 * scale,
    0.4 * scale,
  ];
  return ['interpolate', ['linear'], ['zoom'], 9, byClass(0.6), 12, byClass(1), 16, byClass(3)];
}

/** How the density layers start: mode and their tiers' intensities. */
export interface DensityStyle {
  mode: DensityMode;
  intensities: DensityIntensities;
}

const DEFAULT_DENSITY: DensityStyle = { mode: 'heatmap', intensities: {} };

export function buildLayers(theme: Theme, labelScale = 1, density: DensityStyle = DEFAULT_DENSITY): LayerSpecification[] {
  const palette = PALETTES[theme];
  const size = (px: number) => Math.round(px * labelScale * 10) / 10;
  const halo = { 'text-halo-color': palette.halo, 'text-halo-width': 1.4, 'text-halo-blur': 0.3 };
  return [
    { id: LAYERS.background, type: 'background', paint: { 'background-color': palette.background } },
    {
      id: LAYERS.gridsFill,
      type: 'fill',
      source: SOURCES.grids,
      paint: { 'fill-color': choroplethColour(theme), 'fill-opacity': palette.choroplethOpacity },
    },
    {
      id: LAYERS.water,
      type: 'line',
      source: SOURCES.water,
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: {
        'line-color': palette.water,
        'line-width': ['interpolate', ['linear'], ['zoom'], 9, ['match', ['get', 'class'], 'river', 2.2, 1], 14, ['match', ['get', 'class'], 'river', 8, 3]],
      },
    },
    // Residential streets, lanes and tracks come from their own source, loaded once the view is
    // zoomed in far enough to show them.
    {
      id: LAYERS.minorStreets,
      type: 'line',
      source: SOURCES.minorStreets,
      minzoom: MINOR_STREETS_MIN_ZOOM,
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: {
        'line-color': streetColour(theme),
        'line-width': streetWidth(),
        'line-opacity': ['interpolate', ['linear'], ['zoom'], MINOR_STREETS_MIN_ZOOM, 0, MINOR_STREETS_MIN_ZOOM + 1, 0.9],
      },
    },
    {
      id: LAYERS.streets,
      type: 'line',
      source: SOURCES.streets,
      filter: ['!=', ['get', 'class'], 'rail'],
      layout: { 'line-join': 'round', 'line-cap': 'round', 'line-sort-key': ['match', ['get', 'class'], ['motorway', 'trunk'], 5, 'primary', 4, 'secondary', 3, 2] },
      paint: { 'line-color': streetColour(theme), 'line-width': streetWidth(), 'line-opacity': ['interpolate', ['linear'], ['zoom'], 9, 0.75, 13, 0.95] },
    },
    {
      id: LAYERS.rail,
      type: 'line',
      source: SOURCES.streets,
      filter: ['==', ['get', 'class'], 'rail'],
      paint: { 'line-color': palette.streets.rail ?? palette.streetDefault, 'line-width': 1.2, 'line-dasharray': [3, 2] },
    },
    ...heatmapLayers(SOURCES.issues, density.mode, density.intensities),
    {
      id: LAYERS.gridsLine,
      type: 'line',
      source: SOURCES.grids,
      minzoom: 10.5,
      paint: { 'line-color': palette.gridLine, 'line-width': ['interpolate', ['linear'], ['zoom'], 10.5, 0.3, 15, 1.2] },
    },
    {
      id: LAYERS.villagesLine,
      type: 'line',
      source: SOURCES.villages,
      paint: { 'line-color': palette.villageLine, 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 0.6, 15, 1.6], 'line-dasharray': [4, 2] },
    },
    // Transparent fill that makes townships clickable and hoverable anywhere inside them.
    { id: LAYERS.townshipsHit, type: 'fill', source: SOURCES.townships, paint: { 'fill-color': palette.background, 'fill-opacity': 0 } },
    {
      id: LAYERS.townshipsLine,
      type: 'line',
      source: SOURCES.townships,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': palette.townshipLine, 'line-width': ['interpolate', ['linear'], ['zoom'], 9, 1.1, 14, 2.6], 'line-opacity': 0.9 },
    },
    { id: LAYERS.hoverTownship, type: 'line', source: SOURCES.townships, filter: NOTHING, paint: { 'line-color': palette.hover, 'line-width': 2.5 } },
    { id: LAYERS.hoverGrid, type: 'line', source: SOURCES.grids, filter: NOTHING, paint: { 'line-color': palette.hover, 'line-width': 2 } },
    { id: LAYERS.townshipSelection, type: 'line', source: SOURCES.townships, filter: NOTHING, paint: { 'line-color': palette.selection, 'line-width': 3 } },
    { id: LAYERS.gridSelection, type: 'line', source: SOURCES.grids, filter: NOTHING, paint: { 'line-color': palette.selection, 'line-width': 3.5 } },
    {
      id: LAYERS.issuesRing,
      type: 'circle',
      source: SOURCES.issues,
      minzoom: POINTS_MIN_ZOOM,
      filter: ['==', ['get', 'overdue'], true],
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], POINTS_MIN_ZOOM, 5.5, 17, 11],
        'circle-opacity': 0,
        'circle-stroke-width': 2,
        'circle-stroke-color': tierColour(),
      },
    },
    {
      id: LAYERS.issuesCircle,
      type: 'circle',
      source: SOURCES.issues,
      minzoom: POINTS_MIN_ZOOM,
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], POINTS_MIN_ZOOM, 3, 17, 7],
        'circle-color': tierColour(),
        'circle-stroke-color': palette.pointStroke,
        'circle-stroke-width': 1,
      },
    },
    // Dims everything outside the focused township, its points included.
    {
      id: LAYERS.townshipsMask,
      type: 'fill',
      source: SOURCES.townships,
      filter: NOTHING,
      paint: { 'fill-color': palette.mask, 'fill-opacity': palette.maskOpacity },
    },
    // A province's counties: outlines over everything, a mask that dims the counties around the focus.
    { id: LAYERS.countiesHit, type: 'fill', source: SOURCES.counties, paint: { 'fill-color': palette.background, 'fill-opacity': 0 } },
    { id: LAYERS.countiesMask, type: 'fill', source: SOURCES.counties, filter: NOTHING, paint: { 'fill-color': palette.mask, 'fill-opacity': palette.maskOpacity } },
    {
      id: LAYERS.countiesLine,
      type: 'line',
      source: SOURCES.counties,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': palette.townshipLine, 'line-width': ['interpolate', ['linear'], ['zoom'], 6, 1.6, 12, 3.6], 'line-opacity': 0.95 },
    },
    { id: LAYERS.hoverCounty, type: 'line', source: SOURCES.counties, filter: NOTHING, paint: { 'line-color': palette.hover, 'line-width': 3 } },
    { id: LAYERS.countySelection, type: 'line', source: SOURCES.counties, filter: NOTHING, paint: { 'line-color': palette.selection, 'line-width': 3.5 } },
    ...[
      { id: LAYERS.streetLabels, source: SOURCES.streets },
      { id: LAYERS.minorStreetLabels, source: SOURCES.minorStreets },
    ].map(
      ({ id, source }): LayerSpecification => ({
        id,
        type: 'symbol',
        source,
        minzoom: 14,
        filter: ['has', 'name'],
        layout: { 'symbol-placement': 'line', 'text-field': ['get', 'name'], 'text-font': [MAP_FONT], 'text-size': size(12) },
        paint: { 'text-color': palette.labelStreet, ...halo },
      }),
    ),
    {
      id: LAYERS.gridLabels,
      type: 'symbol',
      source: SOURCES.gridLabels,
      minzoom: GRID_LABELS_MIN_ZOOM,
      layout: { 'text-field': ['get', 'name'], 'text-font': [MAP_FONT], 'text-size': size(11), 'text-max-width': 8 },
      paint: { 'text-color': palette.labelGrid, ...halo },
    },
    {
      id: LAYERS.villageLabels,
      type: 'symbol',
      source: SOURCES.villageLabels,
      minzoom: 11,
      layout: { 'text-field': ['get', 'name'], 'text-font': [MAP_FONT], 'text-size': ['interpolate', ['linear'], ['zoom'], 11, size(11), 15, size(14)], 'text-max-width': 7 },
      paint: { 'text-color': palette.labelVillage, ...halo },
    },
    {
      id: LAYERS.townshipLabels,
      type: 'symbol',
      source: SOURCES.townshipLabels,
      maxzoom: 13,
      layout: {
        'text-field': ['get', 'name'],
        'text-font': [MAP_FONT],
        // Larger than the village and grid names, with a wider halo: the hierarchy reads without a bold face.
        'text-size': ['interpolate', ['linear'], ['zoom'], 8, size(13), 10, size(16), 12, size(19)],
        'text-max-width': 6,
        'text-allow-overlap': false,
      },
      paint: { 'text-color': palette.labelTownship, ...halo, 'text-halo-width': 2 },
    },
    {
      id: LAYERS.countyLabels,
      type: 'symbol',
      source: SOURCES.countyLabels,
      // Shown at the province level only (MapView), whatever its zoom.
      layout: { 'text-field': ['get', 'name'], 'text-font': [MAP_FONT], 'text-size': size(18), 'text-max-width': 6 },
      paint: { 'text-color': palette.labelTownship, ...halo, 'text-halo-width': 2 },
    },
  ];
}

/** The whole style; sources start with `data` where given, else empty; large layers as vector tiles when `tiles` says so. */
export function buildStyle(
  theme: Theme,
  labelScale = 1,
  density: DensityStyle = DEFAULT_DENSITY,
  data: Partial<Record<SourceId, FeatureCollection>> = {},
  tiles?: TileStyle,
  withCounties = false,
): StyleSpecification {
  const style = withCounties ? geojsonStyle(theme, labelScale, density, data) : withoutCounties(geojsonStyle(theme, labelScale, density, data));
  if (!tiles || !anyTiles(tiles.setting.choice)) return style;
  const { choice, origin } = tiles.setting;
  const sources = { ...style.sources };
  if (choice.basemap === 'tiles') {
    // One street source: the minor streets are in the same tiles from their zoom on.
    Object.assign(sources, { [SOURCES.streets]: vectorSource(origin, TILE_LAYERS.streets), [SOURCES.water]: vectorSource(origin, TILE_LAYERS.water) });
    delete sources[SOURCES.minorStreets];
  }
  if (choice.grids === 'tiles') sources[SOURCES.grids] = vectorSource(origin, TILE_LAYERS.grids, 'code');
  if (choice.problems === 'tiles') {
    sources[SOURCES.issues] = vectorSource(origin, TILE_LAYERS.issues);
    sources[SOURCES.issueCells] = vectorSource(origin, TILE_LAYERS.issueCells);
  }
  const layers = tiledLayers(style.layers, choice, SOURCES, tiles.filter);
  return { ...style, sources, layers };
}

const COUNTY_SOURCES: ReadonlySet<string> = new Set([SOURCES.counties, SOURCES.countyLabels]);

/** A county database draws no county layer: its style is the one it always had. */
function withoutCounties(style: StyleSpecification): StyleSpecification {
  const sources = Object.fromEntries(Object.entries(style.sources).filter(([id]) => !COUNTY_SOURCES.has(id)));
  const layers = style.layers.filter((layer) => !('source' in layer) || !COUNTY_SOURCES.has(String(layer.source)));
  return { ...style, sources, layers };
}

/** Which layers come as tiles, and the problem filter their layers start with. */
export interface TileStyle {
  setting: TileSetting;
  filter: TilePointFilter;
}

function geojsonStyle(
  theme: Theme,
  labelScale: number,
  density: DensityStyle,
  data: Partial<Record<SourceId, FeatureCollection>>,
): StyleSpecification {
  return {
    version: 8,
    name: `gridmap-${theme}`,
    // MapLibre hands each source to the next of its workers in turn, in this order, and cuts all of
    // a source's tiles there. The township names come first: their tiles are cut at once and the
    // main thread draws their glyphs while the workers cut the rest. The grids and the problem
    // points, the two largest, then go to different workers, and the others alternate.
    sources: {
      [SOURCES.townshipLabels]: geojson(data[SOURCES.townshipLabels], POINT_TILING),
      [SOURCES.grids]: geojson(data[SOURCES.grids], SHAPE_TILING, 'code'),
      [SOURCES.issues]: geojson(data[SOURCES.issues], POINT_TILING),
      [SOURCES.townships]: geojson(data[SOURCES.townships], SHAPE_TILING, 'code'),
      [SOURCES.streets]: geojson(data[SOURCES.streets], SHAPE_TILING),
      [SOURCES.water]: geojson(data[SOURCES.water], SHAPE_TILING),
      [SOURCES.villages]: geojson(data[SOURCES.villages], SHAPE_TILING, 'code'),
      [SOURCES.villageLabels]: geojson(data[SOURCES.villageLabels], POINT_TILING),
      [SOURCES.gridLabels]: geojson(data[SOURCES.gridLabels], POINT_TILING),
      [SOURCES.minorStreets]: geojson(data[SOURCES.minorStreets], SHAPE_TILING),
      [SOURCES.counties]: geojson(data[SOURCES.counties], SHAPE_TILING, 'code'),
      [SOURCES.countyLabels]: geojson(data[SOURCES.countyLabels], POINT_TILING),
    },
    layers: buildLayers(theme, labelScale, density),
  };
}

/** Every URL a style refers to; the app's offline promise means none may leave the page's origin. */
export function styleUrls(style: StyleSpecification): string[] {
  const urls: string[] = [];
  const visit = (value: unknown, key: string) => {
    if (typeof value === 'string' && (key === 'url' || key === 'glyphs' || key === 'sprite' || key === 'data' || key === 'tiles')) urls.push(value);
    else if (Array.isArray(value)) value.forEach((item) => visit(item, key));
    else if (value && typeof value === 'object') for (const [name, child] of Object.entries(value)) visit(child, name);
  };
  visit(style, '');
  return urls;
}
