// The "hexagon aggregation" density mode: deck.gl hexagon cells per visible tier, in that tier's
// colour ramp, interleaved into the MapLibre layer stack under the borders and labels. Loaded with
// a dynamic import only when the mode is chosen, so the default view compiles no deck.gl shaders.
import { MapLibreOverlay } from '@deck.gl/maplibre';
import { HexagonLayer } from '@deck.gl/aggregation-layers';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { IssuePointColumns, Tier } from '../api/types.ts';
import { TIER_ORDER, tierRamp } from '../state/tiers.ts';
import { DENSITY_MAX_ZOOM } from './density-style.ts';
import { hexagonRadiusM } from './hexagon-radius.ts';
import { DENSITY_BEFORE_LAYER } from './style.ts';

export interface DensityInput {
  columns: IssuePointColumns;
  /** Selected point indices per tier (only the toggled-on tiers). */
  byTier: Partial<Record<Tier, readonly number[]>>;
  /** Changes whenever the selection does, so deck.gl knows to recompute. */
  revision: number;
}

const INTERLEAVE: { beforeId: string } = { beforeId: DENSITY_BEFORE_LAYER };

export class HexagonDensityOverlay {
  private readonly overlay: MapLibreOverlay;
  private readonly map: MapLibreMap;
  private input: DensityInput | null = null;
  private visible = true;
  private radius = 0;
  private waitingForMap = false;
  private destroyed = false;
  private loaded = false;
  /** Whether deck.gl has drawn since the layers last changed. */
  private drawnCurrent = false;
  private readonly onDrawn: () => void;
  private readonly onZoom = () => this.updateVisibility();

  /** `onDrawn` runs after the first frame that shows the current layers. */
  constructor(map: MapLibreMap, onDrawn: () => void) {
    this.map = map;
    this.onDrawn = onDrawn;
    this.overlay = new MapLibreOverlay({
      interleaved: true,
      layers: [],
      onLoad: () => {
        this.loaded = true;
        map.triggerRepaint();
      },
      onAfterRender: () => {
        if (!this.loaded || this.drawnCurrent) return;
        this.drawnCurrent = true;
        this.onDrawn();
      },
    });
    map.addControl(this.overlay);
    map.on('zoomend', this.onZoom);
    this.visible = map.getZoom() < DENSITY_MAX_ZOOM;
  }

  /** True once deck.gl is running and has drawn the current layers. */
  get drawn(): boolean {
    return this.loaded && this.drawnCurrent;
  }

  setInput(input: DensityInput | null): void {
    this.input = input;
    this.render();
  }

  private updateVisibility(): void {
    const zoom = this.map.getZoom();
    const visible = zoom < DENSITY_MAX_ZOOM;
    if (visible === this.visible && hexagonRadiusM(zoom) === this.radius) return;
    this.visible = visible;
    this.render();
  }

  private render(): void {
    this.drawnCurrent = false;
    // @deck.gl/maplibre slots its layers into the style only once the map has loaded all it is
    // loading; before that it would draw them over everything, labels included.
    if (!this.map.isStyleLoaded()) {
      if (!this.waitingForMap) {
        this.waitingForMap = true;
        this.map.once('idle', () => {
          this.waitingForMap = false;
          if (!this.destroyed) this.render();
        });
      }
      return;
    }
    const input = this.input;
    if (!input) {
      this.overlay.setProps({ layers: [] });
      this.map.triggerRepaint();
      return;
    }
    const { columns } = input;
    const radius = hexagonRadiusM(this.map.getZoom());
    this.radius = radius;
    // Least severe drawn first so red ends on top.
    const layers = [...TIER_ORDER].reverse().flatMap((tier) => {
      const data = input.byTier[tier];
      if (!data || data.length === 0) return [];
      return [
        new HexagonLayer<number>({
          id: `density-hexagon-${tier}`,
          data: data as number[],
          getPosition: (index) => [columns.lon[index], columns.lat[index]],
          // Counting on the CPU keeps to the drawing shaders: fewer programs to compile in software GL.
          gpuAggregation: false,
          radius,
          coverage: 0.88,
          extruded: false,
          opacity: 0.85,
          // Flat cells under the borders and labels: writing depth would hide the labels drawn after them.
          parameters: { depthWriteEnabled: false, depthCompare: 'always' },
          colorRange: tierRamp(tier),
          visible: this.visible,
          // Data is always in memory; never let a loader reach for its worker on a CDN.
          loadOptions: { worker: false },
          // Read by @deck.gl/maplibre's interleaving, not declared on the layer's own props.
          ...INTERLEAVE,
          updateTriggers: { getPosition: input.revision },
        }),
      ];
    });
    this.overlay.setProps({ layers });
    this.map.triggerRepaint();
  }

  destroy(): void {
    this.destroyed = true;
    this.map.off('zoomend', this.onZoom);
    try {
      this.map.removeControl(this.overlay);
    } catch {
      // The map may already be gone.
    }
    this.overlay.finalize();
  }
}
