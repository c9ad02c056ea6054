// The only module that talks to MapLibre directly: create the map, switch themes, fit bounds, set
// sources' data and feature states, report clicks, hovers and idleness.
import * as maplibregl from 'maplibre-gl';
import type { FilterSpecification, GeoJSONSource, MapGeoJSONFeature } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { FeatureCollection } from 'geojson';
import type { DensityMode, Theme } from '../state/url-state.ts';
import { buildLayers, buildStyle, LABEL_FONTS, LAYERS, SOURCES, type SourceId, type TileStyle } from './style.ts';
import { TILE_LAYERS } from './tile-layers.ts';
import { densityLayerId, type DensityIntensities } from './density-style.ts';
import { TIER_ORDER } from '../state/tiers.ts';
import { labelCharacters, loadMapFont, mapFontReady } from './font-faces.ts';
import type { BBox } from './geometry.ts';

maplibregl.setWorkerUrl(workerUrl);
// MapLibre's own worker count (one per two cores) is kept: a second worker on a two-core machine
// competes with the main thread and the rasteriser, and the first picture comes later, not sooner.
// The workers start loading with this module rather than when React mounts the map: their script
// and start-up are on the path to the first picture.
maplibregl.prewarm();

export type FitPadding = number | { top: number; bottom: number; left: number; right: number };

export interface FeatureHit {
  layer: string;
  properties: Record<string, unknown>;
}

export interface MapAdapterOptions {
  container: HTMLElement;
  theme: Theme;
  /** Initial extent (Nanchang County when unknown), fitted with `fit`. */
  bounds?: BBox;
  fit?: { padding?: FitPadding; maxZoom?: number };
  /** Data the sources start with: drawn in the map's first pass, no second round of tiles. */
  initialData?: Partial<Record<SourceId, FeatureCollection>>;
  interactive?: boolean;
  /** Multiplies label sizes (the wall is read from afar). */
  labelScale?: number;
  /** Which density layers the style starts with visible. */
  densityMode?: DensityMode;
  /** The heatmap layers' starting intensities (density-intensity.ts). */
  densityIntensities?: DensityIntensities;
  /** Called whenever the adapter changes what the map shows; the map's next 'idle' follows it. */
  onChange?: () => void;
  /** Large layers drawn from vector tiles instead of GeoJSON (source-choice.ts). */
  tiles?: TileStyle;
  /** A province: county outlines, labels and mask. */
  withCounties?: boolean;
}

const NANCHANG: BBox = [115.75, 28.3, 116.4, 28.8];

export interface MapAdapter {
  readonly map: maplibregl.Map;
  /** Resolves once the style is loaded and sources can take data. */
  readonly ready: Promise<void>;
  /** False while label data waits for its font files before going to the map. */
  settled(): boolean;
  setTheme(theme: Theme): void;
  /** Label sources (style.ts LABEL_FONTS) reach the map once the font files their names need are loaded. */
  setData(source: SourceId, data: FeatureCollection): void;
  /** Sets one feature-state key on many features, clearing it from the rest (the same `values` object again is a no-op). */
  setFeatureStates(source: SourceId, key: string, values: ReadonlyMap<string, number>): void;
  setFilter(layer: string, filter: FilterSpecification | null): void;
  setVisible(layer: string, visible: boolean): void;
  /** One paint property of a layer (a repeat of the current value is a no-op). */
  setPaint(layer: string, property: string, value: unknown): void;
  setDensityIntensities(intensities: DensityIntensities): void;
  fitBounds(box: BBox, options?: { padding?: FitPadding; durationMs?: number; maxZoom?: number }): void;
  /** Clicks on the listed layers, the first listed layer that has a feature under the pointer. */
  onClick(layers: readonly string[], handler: (hit: FeatureHit | null) => void): () => void;
  onHover(layers: readonly string[], handler: (hit: FeatureHit | null) => void): () => void;
  setAttribution(text: string): void;
  /** A brief pulsing ring at a point (a new issue), removed after `durationMs`. */
  flash(lon: number, lat: number, colour: string, durationMs: number): void;
  destroy(): void;
}

function firstHit(map: maplibregl.Map, point: maplibregl.PointLike, layers: readonly string[]): FeatureHit | null {
  const present = layers.filter((layer) => map.getLayer(layer));
  if (present.length === 0) return null;
  const features: MapGeoJSONFeature[] = map.queryRenderedFeatures(point, { layers: present });
  for (const layer of present) {
    const feature = features.find((candidate) => candidate.layer.id === layer);
    if (feature) return { layer, properties: feature.properties as Record<string, unknown> };
  }
  return null;
}

function labelTexts(data: FeatureCollection): string[] {
  const texts: string[] = [];
  for (const feature of data.features) {
    const name = feature.properties?.name;
    if (typeof name === 'string') texts.push(name);
  }
  return texts;
}

/** Label texts of a source whose font files are not all loaded yet ('' when none is missing). */
function missingLabelText(source: SourceId, data: FeatureCollection): string {
  const font = LABEL_FONTS[source];
  if (!font) return '';
  const text = labelCharacters(labelTexts(data));
  return mapFontReady(font, text) ? '' : text;
}

export function createMapAdapter(options: MapAdapterOptions): MapAdapter {
  // Initial data goes into the style, except labels still waiting for their font files: those
  // follow through setData, so the map never waits for fonts to start cutting the other tiles.
  const inline: Partial<Record<SourceId, FeatureCollection>> = {};
  const deferred: [SourceId, FeatureCollection][] = [];
  for (const [source, data] of Object.entries(options.initialData ?? {}) as [SourceId, FeatureCollection][]) {
    if (missingLabelText(source, data) === '') inline[source] = data;
    else deferred.push([source, data]);
  }
  const map = new maplibregl.Map({
    container: options.container,
    style: buildStyle(
      options.theme,
      options.labelScale ?? 1,
      { mode: options.densityMode ?? 'heatmap', intensities: options.densityIntensities ?? {} },
      inline,
      options.tiles,
      options.withCounties ?? false,
    ),
    bounds: options.bounds ?? NANCHANG,
    fitBoundsOptions: { padding: options.fit?.padding ?? 20, maxZoom: options.fit?.maxZoom },
    attributionControl: false,
    interactive: options.interactive ?? true,
    dragRotate: false,
    pitchWithRotate: false,
    maxPitch: 0,
    // Software-rendered walls and laptops pay a whole frame per fade step: labels appear at once.
    fadeDuration: 0,
  });
  map.touchZoomRotate.disableRotation();
  // Sources take data as soon as the style is parsed: waiting for 'load' would only add a round of
  // empty tiles before the real ones.
  const ready = new Promise<void>((resolve) => {
    if (map.isStyleLoaded()) resolve();
    else map.once('style.load', () => resolve());
  });
  /** What each source was last given: handing over the same object again is a no-op. */
  const given = new Map<SourceId, FeatureCollection>(Object.entries(inline) as [SourceId, FeatureCollection][]);
  /** Latest request per label source, so an older font load never overwrites newer data. */
  const labelRequests = new Map<string, number>();
  let labelsWaiting = 0;
  let destroyed = false;
  // Feature states applied before the source loaded its data are kept and re-applied afterwards.
  const states = new Map<string, { key: string; values: ReadonlyMap<string, number> }>();
  let attribution: maplibregl.AttributionControl | null = null;
  let attributionText = '';
  let currentTheme = options.theme;

  const setPaint = (layer: string, property: string, value: unknown) =>
    map.setPaintProperty(layer, property as Parameters<maplibregl.Map['setPaintProperty']>[1], value as Parameters<maplibregl.Map['setPaintProperty']>[2]);

  const changed = () => {
    options.onChange?.();
    map.triggerRepaint();
  };

  // Feature state on a tiled source names the tile layer its features are in.
  const tiledGrids = options.tiles?.setting.choice.grids === 'tiles';
  const sourceLayerOf = (source: string): string | undefined => (tiledGrids && source === SOURCES.grids ? TILE_LAYERS.grids.id : undefined);

  const applyStates = (source: string) => {
    const entry = states.get(source);
    if (!entry || !map.getSource(source)) return;
    const sourceLayer = sourceLayerOf(source);
    map.removeFeatureState({ source, sourceLayer });
    for (const [id, value] of entry.values) map.setFeatureState({ source, sourceLayer, id }, { [entry.key]: value });
  };

  const putData = (source: SourceId, data: FeatureCollection) => {
    const target = map.getSource(source);
    // A layer drawn from tiles takes no GeoJSON.
    if (!target || target.type !== 'geojson') return;
    changed();
    (target as GeoJSONSource).setData(data);
    if (states.has(source)) map.once('sourcedata', () => applyStates(source));
  };

  const setData = (source: SourceId, data: FeatureCollection) => {
    if (given.get(source) === data) return;
    given.set(source, data);
    const request = (labelRequests.get(source) ?? 0) + 1;
    labelRequests.set(source, request);
    const text = missingLabelText(source, data);
    const font = LABEL_FONTS[source];
    if (text === '' || !font) {
      if (map.isStyleLoaded()) putData(source, data);
      else void ready.then(() => !destroyed && labelRequests.get(source) === request && putData(source, data));
      return;
    }
    labelsWaiting += 1;
    changed();
    void Promise.all([loadMapFont(font, text), ready]).then(() => {
      labelsWaiting -= 1;
      if (destroyed) return;
      if (labelRequests.get(source) === request) putData(source, data);
      else changed();
    });
  };
  for (const [source, data] of deferred) setData(source, data);

  return {
    map,
    ready,
    settled: () => labelsWaiting === 0,
    setTheme(theme) {
      // The style was built in its starting theme: only a switch changes anything (and costs a frame).
      if (theme === currentTheme) return;
      currentTheme = theme;
      changed();
      for (const layer of buildLayers(theme, options.labelScale ?? 1)) {
        // The density layers look the same in both themes, and their opacity is managed above.
        if (layer.type === 'heatmap' || !map.getLayer(layer.id) || !('paint' in layer) || !layer.paint) continue;
        for (const [property, value] of Object.entries(layer.paint)) setPaint(layer.id, property, value);
      }
    },
    setData,
    setFeatureStates(source, key, values) {
      const current = states.get(source);
      if (current && current.key === key && current.values === values) return;
      states.set(source, { key, values });
      changed();
      applyStates(source);
    },
    setFilter(layer, filter) {
      if (!map.getLayer(layer)) return;
      // Setting the filter a layer already has would only mark the map busy for a repeat frame.
      if (JSON.stringify(map.getFilter(layer) ?? null) === JSON.stringify(filter)) return;
      changed();
      map.setFilter(layer, filter);
    },
    setVisible(layer, visible) {
      if (!map.getLayer(layer)) return;
      const visibility = visible ? 'visible' : 'none';
      if (map.getLayoutProperty(layer, 'visibility') === visibility) return;
      changed();
      map.setLayoutProperty(layer, 'visibility', visibility);
    },
    setPaint(layer, property, value) {
      if (!map.getLayer(layer)) return;
      if (JSON.stringify(map.getPaintProperty(layer, property as Parameters<maplibregl.Map['getPaintProperty']>[1])) === JSON.stringify(value)) return;
      changed();
      setPaint(layer, property, value);
    },
    setDensityIntensities(intensities) {
      for (const tier of TIER_ORDER) {
        const layer = densityLayerId(tier);
        const value = intensities[tier] ?? 1;
        if (JSON.stringify(map.getPaintProperty(layer, 'heatmap-intensity')) === JSON.stringify(value)) continue;
        changed();
        map.setPaintProperty(layer, 'heatmap-intensity', value);
      }
    },
    fitBounds(box, fit = {}) {
      const reduced = typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
      map.fitBounds(
        [
          [box[0], box[1]],
          [box[2], box[3]],
        ],
        { padding: fit.padding ?? 40, duration: reduced ? 0 : (fit.durationMs ?? 700), maxZoom: fit.maxZoom ?? 17 },
      );
    },
    onClick(layers, handler) {
      const listener = (event: maplibregl.MapMouseEvent) => handler(firstHit(map, event.point, layers));
      map.on('click', listener);
      return () => map.off('click', listener);
    },
    onHover(layers, handler) {
      let last: string | null = null;
      const listener = (event: maplibregl.MapMouseEvent) => {
        const hit = firstHit(map, event.point, layers);
        const identity = hit ? `${hit.layer}:${String(hit.properties.code ?? hit.properties.id)}` : null;
        map.getCanvas().style.cursor = hit ? 'pointer' : '';
        if (identity === last) return;
        last = identity;
        handler(hit);
      };
      const leave = () => {
        last = null;
        map.getCanvas().style.cursor = '';
        handler(null);
      };
      map.on('mousemove', listener);
      map.getCanvas().addEventListener('mouseleave', leave);
      return () => {
        map.off('mousemove', listener);
        map.getCanvas().removeEventListener('mouseleave', leave);
      };
    },
    setAttribution(text) {
      if (text === attributionText) return;
      attributionText = text;
      if (attribution) map.removeControl(attribution);
      attribution = new maplibregl.AttributionControl({ compact: false, customAttribution: text });
      map.addControl(attribution, 'bottom-right');
    },
    flash(lon, lat, colour, durationMs) {
      const element = document.createElement('div');
      element.className = 'map-flash';
      element.style.setProperty('--flash-colour', colour);
      element.dataset.testid = 'new-issue-flash';
      const marker = new maplibregl.Marker({ element }).setLngLat([lon, lat]).addTo(map);
      window.setTimeout(() => marker.remove(), durationMs);
    },
    destroy() {
      destroyed = true;
      map.remove();
    },
  };
}

export { LAYERS };
