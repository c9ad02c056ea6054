// Large layers as vector tiles: which layers switch, and the problem filters as map expressions.
import { describe, expect, it } from 'vitest';
import { expression, featureFilter } from '@maplibre/maplibre-gl-style-spec';
import {
  chooseSources,
  databaseShape,
  DEFAULT_THRESHOLDS,
  thresholdsFromSearch,
} from '../../web/src/map/source-choice.ts';
import { buildStyle, LAYERS, SOURCES, styleUrls } from '../../web/src/map/style.ts';
import { CELL_FULL_WEIGHT, CELL_INTENSITY, CELL_LEAST_WEIGHT, cellWeight, issuePointFilter, type TilePointFilter } from '../../web/src/map/tile-layers.ts';
import { DENSITY_THRESHOLD, densityLayerId } from '../../web/src/map/density-style.ts';

const township = (code: string, gridCount: number, open = 0) => ({ code, gridCount, openIssues: { red: open, orange: 0, yellow: 0 } });

describe('choosing GeoJSON or tiles per layer', () => {
  it('counts counties by code prefix, grids and open problems from the township list', () => {
    const shape = databaseShape([township('990101001', 300, 10), township('990101002', 200, 5), township('990102001', 400, 1)]);
    expect(shape).toEqual({ countyCodes: ['990101', '990102'], gridCount: 900, openProblems: 16 });
    expect(databaseShape([township('360121100', 50)]).countyCodes).toEqual(['360121']);
  });

  it('keeps a county the size of the built-in one on GeoJSON and switches each large layer on its own', () => {
    const county = databaseShape([township('360121100', 1069, 1200)]);
    expect(chooseSources(county, 7773, DEFAULT_THRESHOLDS)).toEqual({ grids: 'geojson', problems: 'geojson', basemap: 'geojson' });
    const manyGrids = databaseShape([township('990101001', 5001)]);
    expect(chooseSources(manyGrids, 10, DEFAULT_THRESHOLDS)).toEqual({ grids: 'tiles', problems: 'geojson', basemap: 'tiles' });
    // Exactly at the threshold is still small.
    expect(chooseSources(databaseShape([township('990101001', 5000)]), 50_000, DEFAULT_THRESHOLDS)).toEqual({ grids: 'geojson', problems: 'geojson', basemap: 'geojson' });
    expect(chooseSources(county, 50_001, DEFAULT_THRESHOLDS).problems).toBe('tiles');
  });

  it('takes the open problems as a lower bound until the total is known', () => {
    const busy = databaseShape([township('990101001', 10, 60_000)]);
    expect(chooseSources(busy, null, DEFAULT_THRESHOLDS).problems).toBe('tiles');
    const quiet = databaseShape([township('990101001', 10, 100)]);
    expect(chooseSources(quiet, null, DEFAULT_THRESHOLDS).problems).toBe('geojson');
    expect(chooseSources(quiet, 2_000_000, DEFAULT_THRESHOLDS).problems).toBe('tiles');
  });

  it('reads thresholds from the page address, keeping defaults for anything malformed', () => {
    expect(thresholdsFromSearch('')).toEqual(DEFAULT_THRESHOLDS);
    expect(thresholdsFromSearch('?largeLayers=grids:0,problems:10')).toEqual({ ...DEFAULT_THRESHOLDS, grids: 0, problems: 10 });
    expect(thresholdsFromSearch('?largeLayers=basemap:0').basemap).toBe(0);
    expect(thresholdsFromSearch('?largeLayers=grids:-3,problems:lots,blocks:1')).toEqual(DEFAULT_THRESHOLDS);
    expect(thresholdsFromSearch('?tiers=red&largeLayers=problems:7')).toEqual({ ...DEFAULT_THRESHOLDS, problems: 7 });
  });
});

const ORIGIN = 'http://127.0.0.1:8787';
const ALL: TilePointFilter = { tiers: ['red', 'orange', 'yellow'], status: 'open', category: null };

describe('the tiled style', () => {
  it('draws grids from the grid tiles with the code as feature id, on the page origin only', () => {
    const style = buildStyle('dark', 1, undefined, {}, { setting: { choice: { grids: 'tiles', problems: 'geojson', basemap: 'geojson' }, origin: ORIGIN }, filter: ALL });
    expect(style.sources[SOURCES.grids]).toMatchObject({ type: 'vector', tiles: [`${ORIGIN}/tiles/grids/{z}/{x}/{y}.mvt`], promoteId: 'code' });
    expect(style.sources[SOURCES.issues]).toMatchObject({ type: 'geojson' });
    const gridLayers = style.layers.filter((layer) => 'source' in layer && layer.source === SOURCES.grids);
    expect(gridLayers.map((layer) => layer.id)).toEqual(expect.arrayContaining([LAYERS.gridsFill, LAYERS.gridsLine, LAYERS.gridSelection, LAYERS.hoverGrid]));
    for (const layer of gridLayers) expect(layer).toHaveProperty('source-layer', 'grids');
    expect(styleUrls(style).every((url) => url.startsWith(`${ORIGIN}/tiles/`))).toBe(true);
  });

  it('draws the density from the problem cells and the points from the problem tiles', () => {
    const style = buildStyle('dark', 1, undefined, {}, { setting: { choice: { grids: 'geojson', problems: 'tiles', basemap: 'geojson' }, origin: ORIGIN }, filter: ALL });
    expect(style.sources[SOURCES.issueCells]).toMatchObject({ type: 'vector', tiles: [`${ORIGIN}/tiles/issue-cells/{z}/{x}/{y}.mvt`], maxzoom: 11 });
    expect(style.sources[SOURCES.issues]).toMatchObject({ type: 'vector', minzoom: 12 });
    const heatmap = style.layers.find((layer) => layer.id === densityLayerId('red'))!;
    expect(heatmap).toMatchObject({ source: SOURCES.issueCells, 'source-layer': 'issue-cells' });
    const circles = style.layers.find((layer) => layer.id === LAYERS.issuesCircle)!;
    expect(circles).toMatchObject({ source: SOURCES.issues, 'source-layer': 'issues' });
  });

  it('leaves a county database without any county layer, and gives a province its outlines', () => {
    const county = buildStyle('dark');
    expect(county.sources).not.toHaveProperty(SOURCES.counties);
    expect(county.layers.some((layer) => layer.id === LAYERS.countiesLine)).toBe(false);
    const province = buildStyle('dark', 1, undefined, {}, undefined, true);
    expect(province.sources[SOURCES.counties]).toMatchObject({ type: 'geojson', promoteId: 'code' });
    expect(province.layers.map((layer) => layer.id)).toEqual(expect.arrayContaining([LAYERS.countiesHit, LAYERS.countiesLine, LAYERS.countiesMask, LAYERS.countyLabels]));
  });
});

/** Evaluates a filter expression on tile properties the way MapLibre does. */
function passes(filter: ReturnType<typeof issuePointFilter>, properties: Record<string, unknown>): boolean {
  const compiled = featureFilter(filter, 'layers[0].filter');
  return compiled.filter({ zoom: 14 }, { type: 1, properties, geometry: [] } as never);
}

function weight(value: ReturnType<typeof cellWeight>, properties: Record<string, number>): number {
  if (typeof value === 'number') return value;
  const compiled = expression.createExpression(value, 'layers[0].paint.heatmap-weight');
  if (compiled.result !== 'success') throw new Error(JSON.stringify(compiled.value));
  return compiled.value.evaluate({ zoom: 10 }, { type: 1, properties, geometry: [] } as never) as number;
}

describe('problem filters on the tiles', () => {
  const point = { id: 1, tier: 'orange', status: 'open', overdue: true, category: '环境卫生', gridCode: '990101001001001', townshipCode: '990101001' };

  it('keeps the points of the selected tiers, status and category', () => {
    expect(passes(issuePointFilter(ALL), point)).toBe(true);
    expect(passes(issuePointFilter({ ...ALL, tiers: ['red', 'yellow'] }), point)).toBe(false);
    expect(passes(issuePointFilter({ ...ALL, status: 'closed' }), point)).toBe(false);
    expect(passes(issuePointFilter({ ...ALL, status: 'closed' }), { ...point, status: 'closed' })).toBe(true);
    expect(passes(issuePointFilter({ ...ALL, status: 'overdue' }), { ...point, overdue: false })).toBe(false);
    expect(passes(issuePointFilter({ ...ALL, status: 'all' }), { ...point, status: 'closed', overdue: false })).toBe(true);
    expect(passes(issuePointFilter({ ...ALL, category: '道路交通' }), point)).toBe(false);
    expect(passes(issuePointFilter({ ...ALL, category: '环境卫生' }), point)).toBe(true);
    // The ring layer marks overdue points only.
    expect(passes(issuePointFilter(ALL, true), { ...point, overdue: false })).toBe(false);
  });

  it('weighs a cell by its open problems of the tier, growing with the count from a visible floor', () => {
    const cell = { count: 40, open: 10, openRed: 6, openOrange: 4, openYellow: 0, overdue: 5 };
    expect(weight(cellWeight('yellow', ALL), cell)).toBe(0);
    const red = weight(cellWeight('red', ALL), cell);
    const orange = weight(cellWeight('orange', ALL), cell);
    expect(red).toBeGreaterThan(orange);
    expect(orange).toBeGreaterThan(CELL_LEAST_WEIGHT);
    // One problem alone shows (MapLibre's kernel peaks at 0.4 × weight × intensity, over the 0.08 threshold).
    const lone = weight(cellWeight('red', ALL), { ...cell, openRed: 1 });
    expect(lone).toBeCloseTo(CELL_LEAST_WEIGHT + (1 - CELL_LEAST_WEIGHT) * (Math.log(2) / Math.log(1 + CELL_FULL_WEIGHT)), 6);
    expect(0.4 * lone * CELL_INTENSITY).toBeGreaterThan(DENSITY_THRESHOLD);
    expect(weight(cellWeight('red', ALL), { ...cell, openRed: CELL_FULL_WEIGHT })).toBeCloseTo(1, 6);
    expect(weight(cellWeight('red', ALL), { ...cell, openRed: 10 * CELL_FULL_WEIGHT })).toBeCloseTo(1, 6);
    // A tier switched off weighs nothing.
    expect(cellWeight('red', { ...ALL, tiers: ['orange'] })).toBe(0);
    // Closed problems have no tier on a cell: shared out like the open ones, evenly when none is open.
    const closedRed = weight(cellWeight('red', { ...ALL, status: 'closed' }), cell);
    expect(closedRed).toBeCloseTo(CELL_LEAST_WEIGHT + (1 - CELL_LEAST_WEIGHT) * (Math.log(1 + 30 * 0.6) / Math.log(201)), 6);
    const quiet = { count: 9, open: 0, openRed: 0, openOrange: 0, openYellow: 0, overdue: 0 };
    expect(weight(cellWeight('yellow', { ...ALL, status: 'all' }), quiet)).toBeCloseTo(CELL_LEAST_WEIGHT + (1 - CELL_LEAST_WEIGHT) * (Math.log(1 + 3) / Math.log(201)), 6);
    // A third of a closed problem fades in below the floor.
    expect(weight(cellWeight('yellow', { ...ALL, status: 'closed' }), { ...quiet, count: 1 })).toBeCloseTo(CELL_LEAST_WEIGHT / 3, 6);
  });
});
