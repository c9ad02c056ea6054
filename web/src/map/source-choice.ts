// Which map layers come as GeoJSON from /api and which as vector tiles from /tiles: a layer past
// its threshold would cost the browser more to download, parse and cut than the tiles it shows.
// Decided from counts the page loads anyway (the townships' grid and open-problem counts, the
// figures' problem total), so a small county pays no extra request for the choice.

export type LayerSource = 'geojson' | 'tiles';

export interface LargeLayerThresholds {
  /** Grids above this many come as tiles. */
  grids: number;
  /** Problem points above this many come as tiles (density from the `issue-cells` layer). */
  problems: number;
  /**
   * Streets and water come as tiles above this many grids: the page knows no line count before
   * loading the lines, and the street network grows with the area the grids cover.
   */
  basemap: number;
}

export const DEFAULT_THRESHOLDS: LargeLayerThresholds = { grids: 5000, problems: 50_000, basemap: 5000 };

/**
 * The URL parameter that overrides the thresholds for a page, e.g. `?largeLayers=grids:0,problems:0,basemap:0`.
 * A province database draws every large layer from tiles whatever it says (see `chooseSources`).
 */
export const THRESHOLDS_PARAMETER = 'largeLayers';

/** Thresholds from a query string; malformed or missing entries keep their defaults. */
export function thresholdsFromSearch(search: string, defaults: LargeLayerThresholds = DEFAULT_THRESHOLDS): LargeLayerThresholds {
  const value = new URLSearchParams(search).get(THRESHOLDS_PARAMETER);
  const thresholds = { ...defaults };
  if (!value) return thresholds;
  for (const entry of value.split(',')) {
    const [name, count] = entry.split(':').map((part) => part.trim());
    if ((name === 'grids' || name === 'problems' || name === 'basemap') && /^\d+$/.test(count ?? '')) thresholds[name] = Number(count);
  }
  return thresholds;
}

export interface DatabaseShape {
  /** Distinct counties: a code's first six digits name its county. */
  countyCodes: string[];
  gridCount: number;
  openProblems: number;
}

/** The database's size as the township list tells it. */
export function databaseShape(townships: readonly { code: string; gridCount: number; openIssues: { red: number; orange: number; yellow: number } }[]): DatabaseShape {
  const counties = new Set<string>();
  let gridCount = 0;
  let openProblems = 0;
  for (const township of townships) {
    counties.add(township.code.slice(0, 6));
    gridCount += township.gridCount;
    openProblems += township.openIssues.red + township.openIssues.orange + township.openIssues.yellow;
  }
  return { countyCodes: [...counties].sort(), gridCount, openProblems };
}

export interface SourceChoice {
  grids: LayerSource;
  problems: LayerSource;
  /** Streets and water. */
  basemap: LayerSource;
}

/** Every large layer from tiles: a province's page never asks for a province-wide layer. */
export const ALL_TILES: SourceChoice = { grids: 'tiles', problems: 'tiles', basemap: 'tiles' };

/**
 * A database of several counties draws every large layer from tiles. A county: grids by their
 * count, the basemap by the grid count too, problems by their total when the figures gave it,
 * else by the open ones (a lower bound: more open problems than the threshold is large for sure).
 */
export function chooseSources(shape: DatabaseShape, problemTotal: number | null, thresholds: LargeLayerThresholds): SourceChoice {
  if (shape.countyCodes.length > 1) return ALL_TILES;
  const problems = Math.max(shape.openProblems, problemTotal ?? 0);
  return {
    grids: shape.gridCount > thresholds.grids ? 'tiles' : 'geojson',
    problems: problems > thresholds.problems ? 'tiles' : 'geojson',
    basemap: shape.gridCount > thresholds.basemap ? 'tiles' : 'geojson',
  };
}

/** True when some layer comes as tiles. */
export function anyTiles(choice: SourceChoice): boolean {
  return choice.grids === 'tiles' || choice.problems === 'tiles' || choice.basemap === 'tiles';
}

/**
 * The database's scale as the server wrote it into the page (`<meta name="gridmap-scale">`), read
 * before any request: a province's page starts no request for a whole layer. 'county' without it.
 */
export function pageScale(doc: Pick<Document, 'querySelector'> | undefined = typeof document === 'undefined' ? undefined : document): 'county' | 'province' {
  const content = doc?.querySelector('meta[name="gridmap-scale"]')?.getAttribute('content');
  return content === 'province' ? 'province' : 'county';
}

/** The thresholds of this page, read once when it opens (the address bar is normalised after). */
export const PAGE_THRESHOLDS: LargeLayerThresholds =
  typeof window === 'undefined' ? DEFAULT_THRESHOLDS : thresholdsFromSearch(window.location.search);
