// The only module that talks to MapLibre directly: create the map, switch themes, fit bounds, set
// sources' data and feature states, report clicks, hovers and idleness.
import * as maplibregl from 'maplibre-gl';
import type { FilterSpecification, GeoJSONSource, MapGeoJSONFeature } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { FeatureCollection } from 'geojson';
import type { DensityMode, Theme } from '../state/url-state.ts';
import { buildLayers, buildStyle, LAYERS, type SourceId } from './style.ts';
import { fontFacesFromRules, readFontFaceRules } from './font-faces.ts';
import type { BBox } from './geometry.ts';

maplibregl.setWorkerUrl(workerUrl);

export const PAGE_FONT_FAMILY = 'Noto Sans SC';

export interface FeatureHit {
  layer: string;
  properties: Record<string, unknown>;
}

export interface MapAdapterOptions {
  container: HTMLElement;
  theme: Theme;
  /** Initial extent (Nanchang County when unknown). */
  bounds?: BBox;
  interactive?: boolean;
  /** Multiplies label sizes (the wall is read from afar). */
  labelScale?: number;
  /** Which density layers the style starts with visible. */
  densityMode?: DensityMode;
  /** Called whenever the adapter changes what the map shows; the map's next 'idle' follows it. */
  onChange?: () => void;
}

const NANCHANG: BBox = [115.75, 28.3, 116.4, 28.8];

export interface MapAdapter {
  readonly map: maplibregl.Map;
  /** Resolves once the style is loaded and sources can take data. */
  readonly ready: Promise<void>;
  setTheme(theme: Theme): void;
  setData(source: SourceId, data: FeatureCollection): void;
  /** Sets one feature-state key on many features, clearing it from the rest. */
  setFeatureStates(source: SourceId, key: string, values: ReadonlyMap<string, number>): void;
  setFilter(layer: string, filter: FilterSpecification | null): void;
  setVisible(layer: string, visible: boolean): void;
  fitBounds(box: BBox, options?: { padding?: number | { top: number; bottom: number; left: number; right: number }; durationMs?: number; maxZoom?: number }): void;
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

export function createMapAdapter(options: MapAdapterOptions): MapAdapter {
  const fontFaces = fontFacesFromRules(readFontFaceRules(document), PAGE_FONT_FAMILY);
  const map = new maplibregl.Map({
    container: options.container,
    style: buildStyle(options.theme, fontFaces, options.labelScale ?? 1, options.densityMode ?? 'heatmap'),
    bounds: options.bounds ?? NANCHANG,
    fitBoundsOptions: { padding: 20 },
    attributionControl: false,
    interactive: options.interactive ?? true,
    dragRotate: false,
    pitchWithRotate: false,
    maxPitch: 0,
  });
  map.touchZoomRotate.disableRotation();
  (window as unknown as { __debugMap: unknown }).__debugMap = map; // DEBUG-REMOVE
  const ready = new Promise<void>((resolve) => {
    if (map.isStyleLoaded()) resolve();
    else map.once('load', () => resolve());
  });
  // Feature states applied before the source loaded its data are kept and re-applied afterwards.
  const states = new Map<string, { key: string; values: ReadonlyMap<string, number> }>();
  let attribution: maplibregl.AttributionControl | null = null;
  let attributionText = '';

  const changed = () => {
    options.onChange?.();
    map.triggerRepaint();
  };

  const applyStates = (source: string) => {
    const entry = states.get(source);
    if (!entry || !map.getSource(source)) return;
    map.removeFeatureState({ source });
    for (const [id, value] of entry.values) map.setFeatureState({ source, id }, { [entry.key]: value });
  };

  return {
    map,
    ready,
    setTheme(theme) {
      changed();
      for (const layer of buildLayers(theme, options.labelScale ?? 1)) {
        if (!map.getLayer(layer.id) || !('paint' in layer) || !layer.paint) continue;
        for (const [property, value] of Object.entries(layer.paint)) map.setPaintProperty(layer.id, property as Parameters<maplibregl.Map["setPaintProperty"]>[1], value);
      }
    },
    setData(source, data) {
      changed();
      (map.getSource(source) as GeoJSONSource | undefined)?.setData(data);
      if (states.has(source)) map.once('sourcedata', () => applyStates(source));
    },
    setFeatureStates(source, key, values) {
      states.set(source, { key, values });
      changed();
      applyStates(source);
    },
    setFilter(layer, filter) {
      if (!map.getLayer(layer)) return;
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
      map.remove();
    },
  };
}

export { LAYERS };
