// A read-only window onto the map's state for end-to-end tests and monitoring:
// `window.__gridmap = { idle, view, gridAt }`, plus `window.__mapIdle` for simple waits.
export interface MapViewState {
  page: 'dashboard' | 'wall';
  level: 'province' | 'county' | 'township' | 'grid';
  /** The county in view in a province database (null at its province level and in a county database). */
  county: string | null;
  township: string | null;
  grid: string | null;
  zoom: number;
  center: [number, number];
  /** Points currently drawn (after filters); 0 when the problems come as tiles. */
  points: number;
  /** The large layers drawn from vector tiles. */
  tiled: { grids: boolean; problems: boolean; basemap: boolean };
}

export interface GridmapHook {
  idle: boolean;
  view: MapViewState | null;
  /** Code of the grid the map draws at a WGS84 position (null when none): follows border moves. */
  gridAt?: (lon: number, lat: number) => string | null;
}

declare global {
  interface Window {
    __gridmap?: GridmapHook;
    __mapIdle?: boolean;
  }
}

export function publishIdle(idle: boolean): void {
  if (typeof window === 'undefined') return;
  window.__gridmap = { ...window.__gridmap, idle, view: window.__gridmap?.view ?? null };
  window.__mapIdle = idle;
}

export function publishView(view: MapViewState): void {
  if (typeof window === 'undefined') return;
  window.__gridmap = { ...window.__gridmap, idle: window.__gridmap?.idle ?? false, view };
}

export function publishGridAt(gridAt: (lon: number, lat: number) => string | null): void {
  if (typeof window === 'undefined') return;
  window.__gridmap = { idle: window.__gridmap?.idle ?? false, view: window.__gridmap?.view ?? null, gridAt };
}
