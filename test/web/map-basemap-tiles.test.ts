// Streets and water as vector tiles: a province (or a county past the threshold) draws its basemap
// from /tiles with the same layers as the GeoJSON path, and a province page never asks for a layer whole.
import { describe, expect, it } from 'vitest';
import { featureFilter, validateStyleMin, type FilterSpecification, type LayerSpecification } from '@maplibre/maplibre-gl-style-spec';
import { ALL_TILES, chooseSources, databaseShape, DEFAULT_THRESHOLDS, pageScale, thresholdsFromSearch } from '../../web/src/map/source-choice.ts';
import { buildStyle, LAYERS, SOURCES, styleUrls } from '../../web/src/map/style.ts';
import type { TilePointFilter } from '../../web/src/map/tile-layers.ts';

const township = (code: string, gridCount: number, open = 0) => ({ code, gridCount, openIssues: { red: open, orange: 0, yellow: 0 } });
const ORIGIN = 'http://127.0.0.1:8787';
const ALL: TilePointFilter = { tiers: ['red', 'orange', 'yellow'], status: 'open', category: null };

function layer(layers: LayerSpecification[], id: string): LayerSpecification {
  const found = layers.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no layer ${id}`);
  return found;
}

/** Whether a layer draws a line with these tile properties at this zoom (filter and zoom range). */
function draws(target: LayerSpecification, properties: Record<string, unknown>, zoom: number): boolean {
  if (zoom < (target.minzoom ?? 0) || zoom >= (target.maxzoom ?? 24)) return false;
  if (!('filter' in target) || !target.filter) return true;
  return featureFilter(target.filter as FilterSpecification, 'layers[0].filter').filter({ zoom }, { type: 2, properties, geometry: [] } as never);
}

describe('choosing the basemap source', () => {
  it('draws every large layer of a province from tiles, whatever its size or the thresholds', () => {
    const province = databaseShape([township('990101001', 10, 1), township('990102001', 10, 1)]);
    expect(chooseSources(province, 20, DEFAULT_THRESHOLDS)).toEqual(ALL_TILES);
    const lax = { grids: 1e9, problems: 1e9, basemap: 1e9 };
    expect(chooseSources(province, 20, lax)).toEqual({ grids: 'tiles', problems: 'tiles', basemap: 'tiles' });
  });

  it('keeps a county on the GeoJSON basemap up to the threshold of grids, and lets the address lower it', () => {
    const county = databaseShape([township('360121100', 1069, 1200)]);
    expect(chooseSources(county, 7773, DEFAULT_THRESHOLDS).basemap).toBe('geojson');
    expect(chooseSources(databaseShape([township('990101001', DEFAULT_THRESHOLDS.basemap + 1)]), 0, DEFAULT_THRESHOLDS).basemap).toBe('tiles');
    const forced = thresholdsFromSearch('?largeLayers=basemap:0');
    expect(chooseSources(county, 7773, forced)).toEqual({ grids: 'geojson', problems: 'geojson', basemap: 'tiles' });
  });

  it('reads the scale the server wrote into the page, a county without one', () => {
    const page = (content: string | null) => ({
      querySelector: (selector: string) =>
        selector === 'meta[name="gridmap-scale"]' && content !== null ? ({ getAttribute: (name: string) => (name === 'content' ? content : null) } as unknown as Element) : null,
    });
    expect(pageScale(page('province'))).toBe('province');
    expect(pageScale(page('county'))).toBe('county');
    expect(pageScale(page(null))).toBe('county');
    expect(pageScale(page('PROVINCE'))).toBe('county');
    expect(pageScale(undefined)).toBe('county');
  });
});

describe('the style with a tiled basemap', () => {
  const basemapOnly = { grids: 'geojson', problems: 'geojson', basemap: 'tiles' } as const;
  const style = buildStyle('dark', 1, undefined, {}, { setting: { choice: basemapOnly, origin: ORIGIN }, filter: ALL });

  it('is a valid style whose streets and water come from the page origin tiles, with no minor-street source', () => {
    expect(validateStyleMin(style)).toEqual([]);
    expect(style.sources[SOURCES.streets]).toMatchObject({ type: 'vector', tiles: [`${ORIGIN}/tiles/streets/{z}/{x}/{y}.mvt`], minzoom: 6, maxzoom: 16 });
    expect(style.sources[SOURCES.water]).toMatchObject({ type: 'vector', tiles: [`${ORIGIN}/tiles/water/{z}/{x}/{y}.mvt`] });
    expect(style.sources).not.toHaveProperty(SOURCES.minorStreets);
    expect(style.sources[SOURCES.grids]).toMatchObject({ type: 'geojson' });
    expect(styleUrls(style).filter((url) => url.includes('/tiles/')).every((url) => url.startsWith(`${ORIGIN}/tiles/`))).toBe(true);
  });

  it('keeps every basemap layer of the GeoJSON style, on the tile layers, with its look', () => {
    const plain = buildStyle('dark');
    const ids = [LAYERS.water, LAYERS.streets, LAYERS.minorStreets, LAYERS.rail, LAYERS.streetLabels, LAYERS.minorStreetLabels];
    for (const id of ids) {
      const tiled = layer(style.layers, id);
      const original = layer(plain.layers, id);
      expect(tiled).toHaveProperty('source-layer', id === LAYERS.water ? 'water' : 'streets');
      expect(tiled.type).toBe(original.type);
      expect('paint' in tiled ? tiled.paint : null).toEqual('paint' in original ? original.paint : null);
      expect('layout' in tiled ? tiled.layout : null).toEqual('layout' in original ? original.layout : null);
    }
    // Same drawing order as the GeoJSON style.
    expect(style.layers.map((each) => each.id)).toEqual(plain.layers.map((each) => each.id));
  });

  it('tells major and minor streets, railways and names apart by the tile properties', () => {
    const layers = style.layers;
    const primary = { class: 'primary', detail: 'major', name: '迎宾大道' };
    const lane = { class: 'residential', detail: 'minor', name: '幸福路' };
    const rail = { class: 'rail', detail: 'major' };
    expect(draws(layer(layers, LAYERS.streets), primary, 9)).toBe(true);
    expect(draws(layer(layers, LAYERS.streets), lane, 15)).toBe(false);
    expect(draws(layer(layers, LAYERS.streets), rail, 12)).toBe(false);
    expect(draws(layer(layers, LAYERS.rail), rail, 12)).toBe(true);
    expect(draws(layer(layers, LAYERS.rail), lane, 15)).toBe(false);
    // Minor streets from the zoom their tiles carry them; never a main road twice.
    expect(draws(layer(layers, LAYERS.minorStreets), lane, 12.5)).toBe(false);
    expect(draws(layer(layers, LAYERS.minorStreets), lane, 13)).toBe(true);
    expect(draws(layer(layers, LAYERS.minorStreets), primary, 15)).toBe(false);
    // Names: each street labelled by one layer only, unnamed ones by none.
    expect(draws(layer(layers, LAYERS.streetLabels), primary, 15)).toBe(true);
    expect(draws(layer(layers, LAYERS.minorStreetLabels), primary, 15)).toBe(false);
    expect(draws(layer(layers, LAYERS.minorStreetLabels), lane, 15)).toBe(true);
    expect(draws(layer(layers, LAYERS.streetLabels), { class: 'primary', detail: 'major' }, 15)).toBe(false);
    expect(draws(layer(layers, LAYERS.water), { class: 'river', name: '抚河' }, 8)).toBe(true);
  });

  it('combines with tiled grids and problems in a province style', () => {
    const province = buildStyle('light', 1, undefined, {}, { setting: { choice: ALL_TILES, origin: ORIGIN }, filter: ALL }, true);
    expect(validateStyleMin(province)).toEqual([]);
    for (const source of [SOURCES.streets, SOURCES.water, SOURCES.grids, SOURCES.issues, SOURCES.issueCells]) expect(province.sources[source]).toMatchObject({ type: 'vector' });
    expect(province.sources[SOURCES.counties]).toMatchObject({ type: 'geojson' });
  });
});
