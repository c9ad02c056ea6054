// The application state lives in the URL: `/` (dashboard) and `/wall`, parameters in the query
// string. Parsing never throws: unknown or malformed values fall back to defaults, so any link opens.
import { TIER_ORDER, normaliseTiers, type Tier } from './tiers.ts';

export type Theme = 'dark' | 'light';
export type Lang = 'zh' | 'en';
export type StatusFilter = 'open' | 'overdue' | 'closed' | 'all';
export type TimeWindow = 'all' | '7d' | '30d' | '90d';
export type Metric = 'per1000' | 'perkm2';
/** How the point density is drawn: MapLibre's heatmap, or deck.gl hexagon cells. */
export type DensityMode = 'heatmap' | 'hexagon';

export const STATUS_FILTERS: readonly StatusFilter[] = ['open', 'overdue', 'closed', 'all'];
export const TIME_WINDOWS: readonly TimeWindow[] = ['all', '7d', '30d', '90d'];
export const METRICS: readonly Metric[] = ['per1000', 'perkm2'];
export const DENSITY_MODES: readonly DensityMode[] = ['heatmap', 'hexagon'];

export interface DashboardState {
  view: 'dashboard';
  /**
   * 6-digit county code in a database of several counties (null at the province level, and
   * always in a county database); implied by the township, whose code begins with it.
   */
  county: string | null;
  /** 9-digit township code; null at the county level. */
  township: string | null;
  /** 15-digit grid code; set only together with its township. */
  grid: string | null;
  tiers: Tier[];
  status: StatusFilter;
  window: TimeWindow;
  category: string | null;
  metric: Metric;
  density: DensityMode;
  theme: Theme;
  lang: Lang;
}

export type TourOrder = { kind: 'code' } | { kind: 'ranking' } | { kind: 'list'; codes: string[] };

export interface WallState {
  view: 'wall';
  /** Seconds per stop of the tour. */
  interval: number;
  order: TourOrder;
  lang: Lang;
}

/** The grid planner of one township: `/plan/:township`. */
export interface PlannerState {
  view: 'planner';
  township: string;
  theme: Theme;
  lang: Lang;
}

export type AppState = DashboardState | WallState | PlannerState;

export const DEFAULT_DASHBOARD: DashboardState = {
  view: 'dashboard',
  county: null,
  township: null,
  grid: null,
  tiers: [...TIER_ORDER],
  status: 'open',
  window: 'all',
  category: null,
  metric: 'per1000',
  density: 'heatmap',
  theme: 'dark',
  lang: 'zh',
};

export const DEFAULT_WALL: WallState = { view: 'wall', interval: 20, order: { kind: 'code' }, lang: 'zh' };

export const INTERVAL_MIN_S = 5;
export const INTERVAL_MAX_S = 3600;

const COUNTY_CODE = /^\d{6}$/;
const TOWNSHIP_CODE = /^\d{9}$/;
const GRID_CODE = /^\d{15}$/;

function oneOf<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

function parseLang(value: string | null): Lang {
  return oneOf(value, ['zh', 'en'] as const, 'zh');
}

function parseTiers(value: string | null): Tier[] {
  if (value === null) return [...TIER_ORDER];
  if (value === '' || value === 'none') return [];
  return normaliseTiers(value.split(','));
}

export function parseInterval(value: string | null): number {
  if (value === null || !/^\d+(\.\d+)?$/.test(value.trim())) return DEFAULT_WALL.interval;
  return Math.min(INTERVAL_MAX_S, Math.max(INTERVAL_MIN_S, Math.round(Number(value))));
}

export function parseTourOrder(value: string | null): TourOrder {
  if (value === null || value === '' || value === 'code') return { kind: 'code' };
  if (value === 'ranking') return { kind: 'ranking' };
  const codes = [...new Set(value.split(',').map((code) => code.trim()).filter((code) => TOWNSHIP_CODE.test(code)))];
  return codes.length > 0 ? { kind: 'list', codes } : { kind: 'code' };
}

export function parseLocation(pathname: string, search: string): AppState {
  const params = new URLSearchParams(search);
  const path = pathname.replace(/\/+$/, '');
  if (path === '/wall') {
    return {
      view: 'wall',
      interval: parseInterval(params.get('interval')),
      order: parseTourOrder(params.get('order')),
      lang: parseLang(params.get('lang')),
    };
  }
  const planMatch = /^\/plan\/(\d{9})$/.exec(path);
  if (planMatch) {
    return {
      view: 'planner',
      township: planMatch[1],
      theme: oneOf(params.get('theme'), ['dark', 'light'] as const, DEFAULT_DASHBOARD.theme),
      lang: parseLang(params.get('lang')),
    };
  }
  const gridParam = params.get('grid');
  const grid = gridParam !== null && GRID_CODE.test(gridParam) ? gridParam : null;
  const townshipParam = params.get('township');
  let township = townshipParam !== null && TOWNSHIP_CODE.test(townshipParam) ? townshipParam : null;
  // A grid code begins with its township's code: a grid link alone is enough, a contradictory pair keeps the grid.
  if (grid !== null) township = grid.slice(0, 9);
  const countyParam = params.get('county');
  // Likewise a township's code begins with its county's.
  const county = township !== null ? township.slice(0, 6) : countyParam !== null && COUNTY_CODE.test(countyParam) ? countyParam : null;
  const category = params.get('category');
  return {
    view: 'dashboard',
    county,
    township,
    grid,
    tiers: parseTiers(params.get('tiers')),
    status: oneOf(params.get('status'), STATUS_FILTERS, DEFAULT_DASHBOARD.status),
    window: oneOf(params.get('window'), TIME_WINDOWS, DEFAULT_DASHBOARD.window),
    category: category !== null && category.trim() !== '' ? category.trim().slice(0, 20) : null,
    metric: oneOf(params.get('metric'), METRICS, DEFAULT_DASHBOARD.metric),
    density: oneOf(params.get('density'), DENSITY_MODES, DEFAULT_DASHBOARD.density),
    theme: oneOf(params.get('theme'), ['dark', 'light'] as const, DEFAULT_DASHBOARD.theme),
    lang: parseLang(params.get('lang')),
  };
}

function serialiseOrder(order: TourOrder): string {
  return order.kind === 'list' ? order.codes.join(',') : order.kind;
}

/** Path and query string for a state; defaults are left out so links stay short. */
export function serialiseState(state: AppState): string {
  const params = new URLSearchParams();
  if (state.view === 'wall') {
    if (state.interval !== DEFAULT_WALL.interval) params.set('interval', String(state.interval));
    if (state.order.kind !== 'code') params.set('order', serialiseOrder(state.order));
    if (state.lang !== DEFAULT_WALL.lang) params.set('lang', state.lang);
    const query = params.toString();
    return query ? `/wall?${query}` : '/wall';
  }
  if (state.view === 'planner') {
    if (state.theme !== DEFAULT_DASHBOARD.theme) params.set('theme', state.theme);
    if (state.lang !== DEFAULT_DASHBOARD.lang) params.set('lang', state.lang);
    const query = params.toString();
    return `/plan/${state.township}${query ? `?${query}` : ''}`;
  }
  const defaults = DEFAULT_DASHBOARD;
  // The township names its county: the county is written only when it is the deepest level.
  if (state.county !== null && state.township === null) params.set('county', state.county);
  if (state.township !== null) params.set('township', state.township);
  if (state.grid !== null) params.set('grid', state.grid);
  const tiers = normaliseTiers(state.tiers);
  if (tiers.length !== TIER_ORDER.length) params.set('tiers', tiers.length === 0 ? 'none' : tiers.join(','));
  if (state.status !== defaults.status) params.set('status', state.status);
  if (state.window !== defaults.window) params.set('window', state.window);
  if (state.category !== null) params.set('category', state.category);
  if (state.metric !== defaults.metric) params.set('metric', state.metric);
  if (state.density !== defaults.density) params.set('density', state.density);
  if (state.theme !== defaults.theme) params.set('theme', state.theme);
  if (state.lang !== defaults.lang) params.set('lang', state.lang);
  // Commas in the tier list read better unescaped; they are legal in a query string.
  const query = params.toString().replace(/%2C/g, ',');
  return query ? `/?${query}` : '/';
}

export type DashboardLevel = 'province' | 'county' | 'township' | 'grid';

/**
 * The drill-down level the dashboard shows; `province` when the database holds several counties
 * (then the top level is the province, a county database starts at its county).
 */
export function levelOf(state: DashboardState, province = false): DashboardLevel {
  if (state.grid !== null) return 'grid';
  if (state.township !== null) return 'township';
  if (state.county !== null || !province) return 'county';
  return 'province';
}

/** The county the dashboard is in: the URL's, else the township's (null at the province level and in a county database's URL). */
export function countyOf(state: DashboardState): string | null {
  return state.county ?? (state.township !== null ? state.township.slice(0, 6) : null);
}
