// The planner's own MapLibre adapter: blocks coloured by grid through feature state (a move
// recolours a handful of features, nothing is re-tiled), grid borders replaced per grid with
// `updateData`, village borders, and overlays for diffs. The only planner module that talks to MapLibre.
import * as maplibregl from 'maplibre-gl';
import type { GeoJSONSource, StyleSpecification, ExpressionSpecification } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { Feature, FeatureCollection, MultiLineString } from 'geojson';
import { GRID_COLOUR_COUNT } from '../../planner/colouring.ts';
import type { Theme } from '../../state/url-state.ts';

maplibregl.setWorkerUrl(workerUrl);

/** Eight fills distinct enough side by side, readable on both themes. */
export const GRID_FILLS: readonly string[] = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#edc948', '#76b7b2', '#ff9da7', '#9c755f'];

const COLOURS = {
  dark: { background: '#070c16', gridBorder: '#f4f7ff', villageBorder: '#ffb300', blockLine: '#0b1220', selected: '#00e5ff', moved: '#ffffff', split: '#ff3b30', diff: '#ff00c8' },
  light: { background: '#dfe3ea', gridBorder: '#111827', villageBorder: '#d35400', blockLine: '#ffffff', selected: '#0066cc', moved: '#111827', split: '#d0021b', diff: '#c2008f' },
} as const;

export const PLANNER_LAYERS = {
  blocksFill: 'planner-blocks-fill',
  blocksLine: 'planner-blocks-line',
  moved: 'planner-blocks-moved',
  diffFill: 'planner-diff-fill',
  diffLine: 'planner-diff-line',
  villageBorder: 'planner-village-border',
  gridBorder: 'planner-grid-border',
  selected: 'planner-blocks-selected',
} as const;

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

function fillColour(): ExpressionSpecification {
  const cases: (number | string)[] = [];
  for (let colour = 0; colour < GRID_COLOUR_COUNT; colour++) cases.push(colour, GRID_FILLS[colour]);
  return ['match', ['coalesce', ['feature-state', 'colour'], -1], ...cases, '#888888'] as unknown as ExpressionSpecification;
}

const flag = (name: string): ExpressionSpecification => ['boolean', ['feature-state', name], false];

function buildStyle(theme: Theme): StyleSpecification {
  const colours = COLOURS[theme];
  const source = (promote = false) => ({ type: 'geojson' as const, data: EMPTY, buffer: 16, tolerance: 0.2, ...(promote ? {} : {}) });
  return {
    version: 8,
    sources: { blocks: source(), grids: source(), villages: source(), diff: source() },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': colours.background } },
      {
        id: PLANNER_LAYERS.blocksFill,
        type: 'fill',
        source: 'blocks',
        paint: { 'fill-color': fillColour(), 'fill-opacity': ['case', flag('selected'), 0.95, 0.6] },
      },
      { id: PLANNER_LAYERS.blocksLine, type: 'line', source: 'blocks', paint: { 'line-color': colours.blockLine, 'line-width': 0.5, 'line-opacity': 0.6 } },
      {
        id: PLANNER_LAYERS.moved,
        type: 'line',
        source: 'blocks',
        paint: { 'line-color': colours.moved, 'line-width': 1.5, 'line-dasharray': [2, 2], 'line-opacity': ['case', flag('moved'), 1, 0] },
      },
      { id: PLANNER_LAYERS.diffFill, type: 'fill', source: 'diff', paint: { 'fill-color': colours.diff, 'fill-opacity': 0.45 } },
      { id: PLANNER_LAYERS.diffLine, type: 'line', source: 'diff', paint: { 'line-color': colours.diff, 'line-width': 2 } },
      {
        id: PLANNER_LAYERS.gridBorder,
        type: 'line',
        source: 'grids',
        paint: {
          'line-color': ['case', ['boolean', ['get', 'split'], false], colours.split, colours.gridBorder],
          'line-width': ['interpolate', ['linear'], ['zoom'], 11, 1.5, 15, 3],
        },
      },
      // Village borders on top of the grid borders they coincide with: dashed, so both stay readable.
      {
        id: PLANNER_LAYERS.villageBorder,
        type: 'line',
        source: 'villages',
        paint: { 'line-color': colours.villageBorder, 'line-width': ['interpolate', ['linear'], ['zoom'], 11, 2, 15, 4], 'line-dasharray': [3, 2] },
      },
      {
        id: PLANNER_LAYERS.selected,
        type: 'line',
        source: 'blocks',
        paint: { 'line-color': colours.selected, 'line-width': 2.5, 'line-opacity': ['case', flag('selected'), 1, 0] },
      },
    ],
  };
}

export interface BlockStyle {
  colour: number;
  selected: boolean;
  moved: boolean;
}

export interface PlannerMap {
  readonly map: maplibregl.Map;
  readonly ready: Promise<void>;
  setBlocks(data: FeatureCollection, styles: readonly BlockStyle[]): void;
  /** Sets the feature states that differ from what the map has. */
  setBlockStyles(styles: readonly BlockStyle[]): void;
  setGridBorders(data: FeatureCollection<MultiLineString>): void;
  /** Replaces the border features of the given grid slots (null: the grid is gone). */
  updateGridBorders(changes: ReadonlyMap<number, Feature<MultiLineString> | null>): void;
  setVillageBorders(data: FeatureCollection): void;
  setDiff(data: FeatureCollection): void;
  setPanEnabled(enabled: boolean): void;
  fitBounds(box: [number, number, number, number]): void;
  destroy(): void;
}

export function createPlannerMap(container: HTMLElement, theme: Theme, bounds: [number, number, number, number]): PlannerMap {
  const map = new maplibregl.Map({
    container,
    style: buildStyle(theme),
    bounds,
    fitBoundsOptions: { padding: 30 },
    attributionControl: false,
    dragRotate: false,
    pitchWithRotate: false,
    maxPitch: 0,
    boxZoom: false,
    doubleClickZoom: false,
    fadeDuration: 0,
  });
  map.touchZoomRotate.disableRotation();
  const ready = new Promise<void>((resolve) => {
    if (map.isStyleLoaded()) resolve();
    else map.once('style.load', () => resolve());
  });
  let shown: BlockStyle[] = [];
  let destroyed = false;
  /** Runs once the style is loaded, unless the map was removed meanwhile. */
  const whenReady = (work: () => void) => void ready.then(() => !destroyed && work());
  const source = (id: string) => map.getSource(id) as GeoJSONSource | undefined;

  const applyStyles = (styles: readonly BlockStyle[], all: boolean) => {
    for (let id = 0; id < styles.length; id++) {
      const next = styles[id], last = shown[id];
      if (!all && last && last.colour === next.colour && last.selected === next.selected && last.moved === next.moved) continue;
      map.setFeatureState({ source: 'blocks', id }, { colour: next.colour, selected: next.selected, moved: next.moved });
    }
    shown = styles.map((style) => ({ ...style }));
    map.triggerRepaint();
  };

  return {
    map,
    ready,
    setBlocks(data, styles) {
      whenReady(() => {
        map.removeFeatureState({ source: 'blocks' });
        void source('blocks')?.setData(data);
        applyStyles(styles, true);
      });
    },
    setBlockStyles(styles) {
      whenReady(() => applyStyles(styles, false));
    },
    setGridBorders(data) {
      whenReady(() => source('grids')?.setData(data));
    },
    updateGridBorders(changes) {
      if (changes.size === 0) return;
      const remove = [...changes.keys()];
      const add = [...changes.values()].filter((feature): feature is Feature<MultiLineString> => feature !== null);
      whenReady(() => source('grids')?.updateData({ remove, add }));
    },
    setVillageBorders(data) {
      whenReady(() => source('villages')?.setData(data));
    },
    setDiff(data) {
      whenReady(() => source('diff')?.setData(data));
    },
    setPanEnabled(enabled) {
      if (destroyed) return;
      if (enabled) map.dragPan.enable();
      else map.dragPan.disable();
    },
    fitBounds(box) {
      map.fitBounds([[box[0], box[1]], [box[2], box[3]]], { padding: 30, duration: 0 });
    },
    destroy() {
      destroyed = true;
      map.remove();
    },
  };
}
