// The map as a React component: feeds API data to the map adapter, moves the camera with the
// drill-down focus and reports clicks. Holds no data of its own.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { FeatureCollection } from 'geojson';
import type { FilterSpecification } from 'maplibre-gl';
import type { BasemapCollection, CountyCollection, GridCollection, Tier, TownshipCollection, VillageCollection } from '../../api/types.ts';
import { createMapAdapter, type MapAdapter } from '../../map/adapter.ts';
import { densityLayerId } from '../../map/density-style.ts';
import type { HexagonDensityOverlay } from '../../map/hexagon-density.ts';
import { MINOR_STREETS_MIN_ZOOM, needsMinorStreets } from '../../map/street-detail.ts';
import { GRID_LABELS_MIN_ZOOM, LAYERS, SOURCES, type SourceId, type TileStyle } from '../../map/style.ts';
import { cellWeight, issuePointFilter, type TilePointFilter } from '../../map/tile-layers.ts';
import { anyTiles, type SourceChoice } from '../../map/source-choice.ts';
import { useMapSources } from './use-map-sources.ts';
import { fitMaxZoom, focusBBox, focusKey, viewLevel, type MapFocus } from './map-focus.ts';

export type { MapFocus, MapPoints };
import { ALL_POINTS, CELL_INTENSITIES, densityInput, densityIntensities, tileStyle, type MapPoints } from './map-points.ts';
import { markFirstPicture } from './first-picture.ts';
import { TIER_COLORS, TIER_ORDER } from '../../state/tiers.ts';
import { publishGridAt, publishIdle, publishView } from '../../state/test-hook.ts';
import type { DensityMode, Theme } from '../../state/url-state.ts';

export type MapSelection =
  | { kind: 'county'; county: string }
  | { kind: 'township'; township: string }
  | { kind: 'grid'; township: string; grid: string };

export interface MapViewProps {
  page: 'dashboard' | 'wall';
  theme: Theme;
  focus: MapFocus;
  /** Several counties: their outlines, and a province level above the county. */
  province?: boolean;
  counties?: CountyCollection;
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
  /** Which large layers are drawn from vector tiles (fixed per map: a change rebuilds it). */
  choice?: SourceChoice | null;
  /** The problem filters, applied on the map itself when the problems come as tiles. */
  pointFilter?: TilePointFilter;
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
    // Minor streets count once the view is zoomed in far enough to draw them (tiles load with the map).
    const tiledBasemap = latest.current.choice?.basemap === 'tiles';
    const streetsDrawn = !map || tiledBasemap || !onNeedMinorStreets || map.getZoom() < MINOR_STREETS_MIN_ZOOM || Boolean(minorStreetsSettled);
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
  const cellDensity = props.choice?.problems === 'tiles';
  const intensities = useMemo(() => (cellDensity ? CELL_INTENSITIES : densityIntensities(props.points)), [cellDensity, props.points]);
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
  // The tile choice and the county layers are part of the style: a change builds the map again.
  const tiledGrids = props.choice?.grids === 'tiles';
  const tiledProblems = props.choice?.problems === 'tiles';
  const tiledBasemap = props.choice?.basemap === 'tiles';
  const province = props.province ?? false;
  const styleKey = `${tiledGrids}/${tiledProblems}/${tiledBasemap}/${province}`;

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
      const { focus, townships, grids, counties, padding, theme, interactive, labelScale, densityMode, choice, pointFilter } = latest.current;
      const box = focusBBox(focus, townships, grids, counties);
      // The first camera is the focus's own fit, so the focus effect has nothing left to move.
      if (box) fittedKey.current = focusKey(focus);
      const adapter = createMapAdapter({
        container: element,
        theme,
        interactive: interactive ?? true,
        labelScale,
        densityMode: choice?.problems === 'tiles' ? 'heatmap' : (densityMode ?? 'heatmap'),
        densityIntensities: latestIntensities.current,
        bounds: box ?? undefined,
        fit: { padding: padding ?? 40, maxZoom: fitMaxZoom(focus) },
        initialData: latestSources.current,
        onChange: busy,
        tiles: choice && anyTiles(choice) ? tileStyle(choice, pointFilter) : undefined,
        withCounties: latest.current.province ?? false,
      });
      created = adapter;
      const { map } = adapter;
      publishGridAt((lon, lat) => {
        const hit = map.queryRenderedFeatures(map.project([lon, lat]), { layers: [LAYERS.gridsFill] })[0];
        return hit ? String(hit.properties.code) : null;
      });
      const report = () => {
        const { focus: current, page, points, choice: tiles } = latest.current;
        const centre = map.getCenter();
        publishView({
          page,
          level: viewLevel(current, latest.current.province ?? false),
          county: current.county ?? null,
          township: current.township,
          grid: current.grid,
          zoom: map.getZoom(),
          center: [centre.lng, centre.lat],
          points: points?.indices.length ?? 0,
          tiled: { grids: tiles?.grids === 'tiles', problems: tiles?.problems === 'tiles', basemap: tiles?.basemap === 'tiles' },
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
        // Streets as tiles bring their minor streets themselves.
        const ask = latest.current.choice?.basemap === 'tiles' ? undefined : latest.current.onNeedMinorStreets;
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
      fittedKey.current = null;
      applied.current = { adapter: false, dataReady: false };
      setAdapter(null);
      publishIdle(false);
    };
  }, [creating, styleKey]);

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

  // Problems as tiles: the filters become the point layers' filters and the density's weights.
  const pointFilter = props.pointFilter ?? ALL_POINTS;
  const pointFilterKey = JSON.stringify(pointFilter);
  useEffect(() => {
    if (!adapter || !tiledProblems) return;
    adapter.setFilter(LAYERS.issuesCircle, issuePointFilter(pointFilter));
    adapter.setFilter(LAYERS.issuesRing, issuePointFilter(pointFilter, true));
    for (const tier of TIER_ORDER) adapter.setPaint(densityLayerId(tier), 'heatmap-weight', cellWeight(tier, pointFilter));
  }, [adapter, tiledProblems, pointFilterKey]);

  // Density: the heatmap layers are part of the style; the hexagon mode brings in deck.gl when chosen.
  // Hexagons are binned from the points in the page: problems as tiles draw their cells as a heatmap.
  const densityMode = props.choice?.problems === 'tiles' ? 'heatmap' : (props.densityMode ?? 'heatmap');
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

  // Focus: dim the other counties and townships, outline the selection, move the camera.
  const { township, grid } = props.focus;
  const county = props.focus.county ?? null;
  useEffect(() => {
    if (!adapter) return;
    const focusedCounty = county ?? township?.slice(0, 6) ?? null;
    adapter.setFilter(LAYERS.countiesMask, province && focusedCounty ? ['!=', ['get', 'code'], focusedCounty] : NONE);
    adapter.setFilter(LAYERS.countySelection, province && county && !township ? codeIs(county) : NONE);
    adapter.setFilter(LAYERS.hoverCounty, NONE);
    // The province names its counties; a county its townships.
    const atProvince = province && !focusedCounty;
    adapter.setVisible(LAYERS.countyLabels, atProvince);
    if (province) adapter.setVisible(LAYERS.townshipLabels, !atProvince);
    adapter.setFilter(LAYERS.townshipsMask, township ? ['!=', ['get', 'code'], township] : NONE);
    adapter.setFilter(LAYERS.townshipSelection, township && !grid ? codeIs(township) : NONE);
    adapter.setFilter(LAYERS.gridSelection, grid ? codeIs(grid) : NONE);
    adapter.setFilter(LAYERS.hoverTownship, NONE);
    adapter.setFilter(LAYERS.hoverGrid, NONE);
    const box = focusBBox(props.focus, props.townships, props.grids, props.counties);
    const key = focusKey(props.focus);
    if (box && fittedKey.current !== key) {
      const first = fittedKey.current === null;
      fittedKey.current = key;
      // The first view jumps: an opening flight only delays the first useful picture.
      adapter.fitBounds(box, { padding: props.padding ?? 40, durationMs: first ? 0 : (props.flyDurationMs ?? 700), maxZoom: fitMaxZoom(props.focus) });
    }
  }, [adapter, county, township, grid, props.townships, props.grids, props.counties, province]);

  // Clicks and hovers: townships at the county level, grids below it.
  useEffect(() => {
    if (!adapter) return;
    const atProvince = () => (latest.current.province ?? false) && !latest.current.focus.county && !latest.current.focus.township;
    const offClick = adapter.onClick([LAYERS.gridsFill, LAYERS.townshipsHit, LAYERS.countiesHit], (hit) => {
      const { onSelect, focus } = latest.current;
      if (!hit || !onSelect) return;
      const code = String(hit.properties.code ?? '');
      // At the province level anything clicked opens its county (a code begins with its county's).
      if (atProvince()) {
        if (code.length >= 6) onSelect({ kind: 'county', county: code.slice(0, 6) });
      } else if (hit.layer === LAYERS.countiesHit) {
        // Outside the county in view: another county.
        if (code !== focus.county) onSelect({ kind: 'county', county: code });
      } else if (hit.layer === LAYERS.gridsFill && focus.township !== null) {
        onSelect({ kind: 'grid', township: code.slice(0, 9), grid: code });
      } else if (hit.layer === LAYERS.gridsFill) {
        onSelect({ kind: 'township', township: code.slice(0, 9) });
      } else if (hit.layer === LAYERS.townshipsHit) {
        onSelect({ kind: 'township', township: code });
      }
    });
    const offHover = adapter.onHover([LAYERS.gridsFill, LAYERS.townshipsHit, LAYERS.countiesHit], (hit) => {
      const { focus, onSelect } = latest.current;
      if (!onSelect) return;
      const code = hit ? String(hit.properties.code ?? '') : null;
      if (atProvince()) {
        adapter.setFilter(LAYERS.hoverCounty, code && code.length >= 6 ? codeIs(code.slice(0, 6)) : NONE);
        return;
      }
      const atCounty = focus.township === null;
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

  return <div ref={container} className="map" data-testid="map" data-level={viewLevel(props.focus, province)} />;
}
