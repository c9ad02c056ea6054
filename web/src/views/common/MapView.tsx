// The map as a React component: feeds API data to the map adapter, moves the camera with the
// drill-down focus and reports clicks. Holds no data of its own.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { FeatureCollection } from 'geojson';
import type { FilterSpecification } from 'maplibre-gl';
import type { BasemapCollection, GridCollection, IssuePointColumns, Tier, TownshipCollection, VillageCollection } from '../../api/types.ts';
import { createMapAdapter, type MapAdapter } from '../../map/adapter.ts';
import { densityLayerId, type DensityIntensities } from '../../map/density-style.ts';
import { densityIntensity } from '../../map/density-intensity.ts';
import type { DensityInput, HexagonDensityOverlay } from '../../map/hexagon-density.ts';
import { MINOR_STREETS_MIN_ZOOM, needsMinorStreets } from '../../map/street-detail.ts';
import { shapesBBox, type BBox } from '../../map/geometry.ts';
import { GRID_LABELS_MIN_ZOOM, LAYERS, SOURCES, type SourceId } from '../../map/style.ts';
import { useMapSources } from './use-map-sources.ts';
import { markFirstPicture } from './first-picture.ts';
import { TIER_COLORS, TIER_ORDER } from '../../state/tiers.ts';
import { publishGridAt, publishIdle, publishView } from '../../state/test-hook.ts';
import type { DensityMode, Theme } from '../../state/url-state.ts';

export interface MapPoints {
  columns: IssuePointColumns;
  indices: readonly number[];
  byTier: Partial<Record<Tier, readonly number[]>>;
  revision: number;
}

export interface MapFocus {
  township: string | null;
  grid: string | null;
}

export type MapSelection = { kind: 'township'; township: string } | { kind: 'grid'; township: string; grid: string };

export interface MapViewProps {
  page: 'dashboard' | 'wall';
  theme: Theme;
  focus: MapFocus;
  townships?: TownshipCollection;
  grids?: GridCollection;
  villages?: VillageCollection;
  /** Main roads and railways. */
  streets?: BasemapCollection;
  /** Residential streets, lanes, tracks: asked for with `onNeedMinorStreets` when the view zooms in. */
  minorStreets?: BasemapCollection;
  /** True once the minor streets arrived (or failed for good) after being asked for. */
  minorStreetsSettled?: boolean;
  onNeedMinorStreets?: () => void;
  water?: BasemapCollection;
  /** Density drawing: MapLibre heatmap (default) or deck.gl hexagons, loaded on demand. */
  densityMode?: DensityMode;
  points?: MapPoints | null;
  choropleth?: ReadonlyMap<string, number>;
  /** New issues to highlight briefly; each id is flashed once. */
  flashes?: readonly { id: number; lon: number; lat: number; tier: Tier }[];
  attribution: string;
  /** True once every dataset the view needs has arrived (or failed for good). */
  dataReady: boolean;
  /** Room kept clear of overlapping panels when fitting, in pixels. */
  padding?: { top: number; bottom: number; left: number; right: number };
  flyDurationMs?: number;
  /** Label size factor, fixed when the map is created. */
  labelScale?: number;
  /** False for the wall, which nobody touches. */
  interactive?: boolean;
  onSelect?: (selection: MapSelection) => void;
}

const NONE: FilterSpecification = ['==', ['get', 'code'], '\u0000'];
/** How long the map waits for its data before it is created empty (and filled when data comes). */
const CREATE_WITHOUT_DATA_AFTER_MS = 3000;
const codeIs = (code: string): FilterSpecification => ['==', ['get', 'code'], code];

export function MapView(props: MapViewProps) {
  const container = useRef<HTMLDivElement>(null);
  const [adapter, setAdapter] = useState<MapAdapter | null>(null);
  const hexagons = useRef<HexagonDensityOverlay | null>(null);
  /** True while the hexagon mode's code is loading: the density is not drawn yet. */
  const hexagonsLoading = useRef(false);
  const latest = useRef(props);
  latest.current = props;
  // Idleness is tracked outside React state: a test waiting on it must never see `true` between a
  // data or camera change and the map's reaction to it.
  const mapIdle = useRef(false);
  const flashed = useRef(new Set<number>());
  const fittedKey = useRef<string | null>(null);

  // What the map has been given so far: set by the last effect of each render, after the data
  // effects, so a render whose effects are still pending never counts.
  const applied = useRef({ adapter: false, dataReady: false });

  const publishReadiness = (current: MapAdapter | null) => {
    const map = current?.map;
    const { onNeedMinorStreets, minorStreetsSettled } = latest.current;
    // Minor streets count once the view is zoomed in far enough to draw them.
    const streetsDrawn = !map || !onNeedMinorStreets || map.getZoom() < MINOR_STREETS_MIN_ZOOM || Boolean(minorStreetsSettled);
    const densityDrawn = !hexagonsLoading.current && (hexagons.current === null || hexagons.current.drawn);
    const ready = Boolean(
      map &&
        current.settled() &&
        applied.current.adapter &&
        applied.current.dataReady &&
        streetsDrawn &&
        densityDrawn &&
        mapIdle.current &&
        map.loaded() &&
        !map.isMoving(),
    );
    publishIdle(ready);
    if (ready) markFirstPicture();
    container.current?.toggleAttribute('data-map-ready', ready);
  };

  const [gridLabelsWanted, setGridLabelsWanted] = useState(false);
  const sources = useMapSources({ ...props, gridLabels: gridLabelsWanted });
  const latestSources = useRef(sources);
  latestSources.current = sources;
  // Each tier's heatmap scaled to its own densest spot, recomputed when the selection changes.
  const intensities = useMemo(() => densityIntensities(props.points), [props.points]);
  const latestIntensities = useRef(intensities);
  latestIntensities.current = intensities;

  // The map is created once its data is in (or after a wait, so a server that is away still gets
  // a map to fill later): tiles are then cut once, for the first camera, with everything on them.
  const [waitedLongEnough, setWaitedLongEnough] = useState(false);
  useEffect(() => {
    const timer = window.setTimeout(() => setWaitedLongEnough(true), CREATE_WITHOUT_DATA_AFTER_MS);
    return () => window.clearTimeout(timer);
  }, []);
  // Once true, stays true: later loading (a township's villages) never recreates the map.
  const creationStarted = useRef(false);
  const creating = creationStarted.current || props.dataReady || waitedLongEnough;

  useEffect(() => {
    if (!creating || !container.current) return;
    creationStarted.current = true;
    const element = container.current;
    let disposed = false;
    let created: MapAdapter | null = null;
    const busy = () => {
      mapIdle.current = false;
      publishIdle(false);
      element.toggleAttribute('data-map-ready', false);
    };
    const create = () => {
      const { focus, townships, grids, padding, theme, interactive, labelScale, densityMode } = latest.current;
      const box = focusBBox(focus, townships, grids);
      // The first camera is the focus's own fit, so the focus effect has nothing left to move.
      if (box) fittedKey.current = focusKey(focus);
      const adapter = createMapAdapter({
        container: element,
        theme,
        interactive: interactive ?? true,
        labelScale,
        densityMode: densityMode ?? 'heatmap',
        densityIntensities: latestIntensities.current,
        bounds: box ?? undefined,
        fit: { padding: padding ?? 40, maxZoom: fitMaxZoom(focus) },
        initialData: latestSources.current,
        onChange: busy,
      });
      created = adapter;
      const { map } = adapter;
      publishGridAt((lon, lat) => {
        const hit = map.queryRenderedFeatures(map.project([lon, lat]), { layers: [LAYERS.gridsFill] })[0];
        return hit ? String(hit.properties.code) : null;
      });
      const report = () => {
        const { focus: current, page, points } = latest.current;
        const centre = map.getCenter();
        publishView({
          page,
          level: current.grid ? 'grid' : current.township ? 'township' : 'county',
          township: current.township,
          grid: current.grid,
          zoom: map.getZoom(),
          center: [centre.lng, centre.lat],
          points: points?.indices.length ?? 0,
        });
      };
      const idle = () => {
        mapIdle.current = true;
        report();
        publishReadiness(disposed ? null : adapter);
      };
      let minorStreetsAsked = false;
      const zoomed = () => {
        const zoom = map.getZoom();
        // Grid names are wanted a zoom level early, so they are ready when the view gets there.
        if (zoom >= GRID_LABELS_MIN_ZOOM - 1) setGridLabelsWanted(true);
        const ask = latest.current.onNeedMinorStreets;
        if (minorStreetsAsked || !ask || !needsMinorStreets(zoom)) return;
        minorStreetsAsked = true;
        ask();
      };
      map.on('idle', idle);
      map.on('movestart', busy);
      map.on('dataloading', busy);
      map.on('zoom', zoomed);
      zoomed();
      void adapter.ready.then(() => {
        if (!disposed) setAdapter(adapter);
      });
    };
    create();
    return () => {
      disposed = true;
      created?.destroy();
      applied.current = { adapter: false, dataReady: false };
      setAdapter(null);
      publishIdle(false);
    };
  }, [creating]);

  useEffect(() => adapter?.setTheme(props.theme), [adapter, props.theme]);
  useEffect(() => adapter?.setAttribution(props.attribution), [adapter, props.attribution]);

  // Later data: each source is handed over when its own data changes (the adapter ignores repeats).
  useEffect(() => {
    if (!adapter) return;
    for (const [source, data] of Object.entries(sources) as [SourceId, FeatureCollection][]) adapter.setData(source, data);
  }, [adapter, sources]);

  useEffect(() => {
    adapter?.setDensityIntensities(intensities);
  }, [adapter, intensities]);

  useEffect(() => {
    hexagons.current?.setInput(densityInput(props.points));
  }, [adapter, props.points]);

  // Density: the heatmap layers are part of the style; the hexagon mode brings in deck.gl when chosen.
  const densityMode = props.densityMode ?? 'heatmap';
  useEffect(() => {
    if (!adapter) return;
    const hexagonMode = densityMode === 'hexagon';
    for (const tier of TIER_ORDER) adapter.setVisible(densityLayerId(tier), !hexagonMode);
    if (!hexagonMode) return;
    let cancelled = false;
    hexagonsLoading.current = true;
    mapIdle.current = false;
    publishReadiness(adapter);
    import('../../map/hexagon-density.ts')
      .then(({ HexagonDensityOverlay }) => {
        if (cancelled) return;
        const overlay = new HexagonDensityOverlay(adapter.map, () => publishReadiness(adapter));
        hexagons.current = overlay;
        overlay.setInput(densityInput(latest.current.points));
      })
      .catch((error: unknown) => {
        // Without its code the hexagon mode cannot draw: keep the heatmap on screen instead.
        if (cancelled) return;
        console.warn('hexagon density unavailable', error);
        for (const tier of TIER_ORDER) adapter.setVisible(densityLayerId(tier), true);
      })
      .finally(() => {
        if (cancelled) return;
        hexagonsLoading.current = false;
        publishReadiness(adapter);
      });
    return () => {
      cancelled = true;
      hexagonsLoading.current = false;
      hexagons.current?.destroy();
      hexagons.current = null;
    };
  }, [adapter, densityMode]);

  useEffect(() => {
    if (adapter && props.choropleth) adapter.setFeatureStates(SOURCES.grids, 'cls', props.choropleth);
  }, [adapter, props.choropleth]);

  // Focus: dim the other townships, outline the selection, move the camera.
  const { township, grid } = props.focus;
  useEffect(() => {
    if (!adapter) return;
    adapter.setFilter(LAYERS.townshipsMask, township ? ['!=', ['get', 'code'], township] : NONE);
    adapter.setFilter(LAYERS.townshipSelection, township && !grid ? codeIs(township) : NONE);
    adapter.setFilter(LAYERS.gridSelection, grid ? codeIs(grid) : NONE);
    adapter.setFilter(LAYERS.hoverTownship, NONE);
    adapter.setFilter(LAYERS.hoverGrid, NONE);
    const box = focusBBox(props.focus, props.townships, props.grids);
    const key = focusKey(props.focus);
    if (box && fittedKey.current !== key) {
      const first = fittedKey.current === null;
      fittedKey.current = key;
      // The first view jumps: an opening flight only delays the first useful picture.
      adapter.fitBounds(box, { padding: props.padding ?? 40, durationMs: first ? 0 : (props.flyDurationMs ?? 700), maxZoom: fitMaxZoom(props.focus) });
    }
  }, [adapter, township, grid, props.townships, props.grids]);

  // Clicks and hovers: townships at the county level, grids below it.
  useEffect(() => {
    if (!adapter) return;
    const offClick = adapter.onClick([LAYERS.gridsFill, LAYERS.townshipsHit], (hit) => {
      const { onSelect, focus } = latest.current;
      if (!hit || !onSelect) return;
      const code = String(hit.properties.code ?? '');
      if (hit.layer === LAYERS.gridsFill && focus.township !== null) {
        onSelect({ kind: 'grid', township: code.slice(0, 9), grid: code });
      } else if (hit.layer === LAYERS.gridsFill) {
        onSelect({ kind: 'township', township: code.slice(0, 9) });
      } else if (hit.layer === LAYERS.townshipsHit) {
        onSelect({ kind: 'township', township: code });
      }
    });
    const offHover = adapter.onHover([LAYERS.gridsFill, LAYERS.townshipsHit], (hit) => {
      const { focus, onSelect } = latest.current;
      if (!onSelect) return;
      const atCounty = focus.township === null;
      const code = hit ? String(hit.properties.code ?? '') : null;
      // A grid code begins with its township's code.
      const township = code ? code.slice(0, 9) : null;
      adapter.setFilter(LAYERS.hoverTownship, atCounty && township ? codeIs(township) : NONE);
      adapter.setFilter(LAYERS.hoverGrid, !atCounty && hit?.layer === LAYERS.gridsFill && code ? codeIs(code) : NONE);
    });
    return () => {
      offClick();
      offHover();
    };
  }, [adapter]);

  useEffect(() => {
    if (!adapter || !props.flashes) return;
    for (const flash of props.flashes) {
      if (flashed.current.has(flash.id)) continue;
      flashed.current.add(flash.id);
      adapter.flash(flash.lon, flash.lat, TIER_COLORS[flash.tier], 8000);
    }
  }, [adapter, props.flashes]);

  // Last effect of the render: data and camera changes above have already marked the map busy.
  useEffect(() => {
    applied.current = { adapter: adapter !== null, dataReady: props.dataReady };
    publishReadiness(adapter);
  });

  return <div ref={container} className="map" data-testid="map" data-level={grid ? 'grid' : township ? 'township' : 'county'} />;
}

function focusKey(focus: MapFocus): string {
  return `${focus.township ?? ''}/${focus.grid ?? ''}`;
}

function fitMaxZoom(focus: MapFocus): number {
  return focus.grid ? 16.5 : 15;
}

function densityIntensities(points: MapPoints | null | undefined): DensityIntensities {
  const intensities: DensityIntensities = {};
  if (!points) return intensities;
  for (const tier of TIER_ORDER) intensities[tier] = densityIntensity(points.columns.lon, points.columns.lat, points.byTier[tier] ?? []);
  return intensities;
}

function densityInput(points: MapPoints | null | undefined): DensityInput | null {
  return points ? { columns: points.columns, byTier: points.byTier, revision: points.revision } : null;
}

function focusBBox(focus: MapFocus, townships?: TownshipCollection, grids?: GridCollection): BBox | null {
  if (focus.grid) {
    const feature = grids?.features.find((candidate) => candidate.properties.code === focus.grid);
    if (feature) return shapesBBox([feature.geometry]);
    if (!grids) return null;
  }
  if (focus.township) {
    const feature = townships?.features.find((candidate) => candidate.properties.code === focus.township);
    return feature ? shapesBBox([feature.geometry]) : null;
  }
  return townships ? shapesBBox(townships.features.map((feature) => feature.geometry)) : null;
}
