import { describe, expect, it } from 'vitest';
import { buildLayers, buildStyle, LABEL_FONTS, LAYERS, SOURCES, styleUrls, type SourceId } from '../../web/src/map/style.ts';
import { fontQuery, labelCharacters, loadMapFont, MAP_FONT, mapFontReady } from '../../web/src/map/font-faces.ts';
import { TIER_COLORS } from '../../web/src/state/tiers.ts';

describe('offline style', () => {
  const style = buildStyle('dark');

  it('has no glyph server, sprite or tile URL, and nothing off the page origin', () => {
    expect(style).not.toHaveProperty('glyphs');
    expect(style).not.toHaveProperty('sprite');
    // Every source is inline GeoJSON and the fonts come from the page's own CSS: not one URL.
    expect(styleUrls(style)).toEqual([]);
    expect(styleUrls({ ...style, glyphs: 'https://fonts.example/{fontstack}/{range}.pbf' })).toEqual(['https://fonts.example/{fontstack}/{range}.pbf']);
  });

  it('lists the grids and the problem points so that they land on different map workers', () => {
    // MapLibre hands the sources to its workers in turn, in the style's order.
    const order = Object.keys(style.sources);
    // A county database has no county layers and no tiled problem cells.
    const provinceOrTiles: readonly string[] = [SOURCES.counties, SOURCES.countyLabels, SOURCES.issueCells];
    expect(order).toHaveLength(Object.values(SOURCES).filter((source) => !provinceOrTiles.includes(source)).length);
    expect(order.indexOf(SOURCES.grids) % 2).not.toBe(order.indexOf(SOURCES.issues) % 2);
    expect(order[0]).toBe(SOURCES.townshipLabels);
  });

  it('labels in one system font family, each label source declaring the font it is drawn in', () => {
    const fonts = new Set<string>();
    for (const layer of buildLayers('light')) {
      if (layer.type !== 'symbol') continue;
      const layerFonts = (layer.layout?.['text-font'] as string[]) ?? [];
      for (const font of layerFonts) fonts.add(font);
      // The adapter loads a label source's font files before handing its data to the map.
      expect(layerFonts).toEqual([LABEL_FONTS[layer.source as SourceId]]);
    }
    // The generic family: the system's CJK face, no font file on the path to the first picture.
    expect([...fonts]).toEqual([MAP_FONT]);
    expect(MAP_FONT).toBe('sans-serif');
    // No font-faces either: MapLibre would load every file itself, glyph by glyph, after the tiles.
    expect(style).not.toHaveProperty('font-faces');
  });

  it('colours points by the product tier colours in both themes', () => {
    for (const theme of ['dark', 'light'] as const) {
      const circles = buildLayers(theme).find((layer) => layer.id === LAYERS.issuesCircle)!;
      const text = JSON.stringify(circles);
      for (const colour of Object.values(TIER_COLORS)) expect(text).toContain(colour);
    }
  });

  it('keeps the same layers in both themes so a theme switch only changes paint', () => {
    expect(buildLayers('dark').map((layer) => layer.id)).toEqual(buildLayers('light').map((layer) => layer.id));
  });
});

describe('map font', () => {
  it('asks for each label character once, in the weight MapLibre reads from the font name', () => {
    expect(labelCharacters(['莲塘镇', '向塘镇', '第12网格', ''])).toBe('莲塘镇向第12网格');
    expect(labelCharacters([])).toBe('');
    expect(fontQuery(MAP_FONT)).toBe('400 16px sans-serif');
    // A named family is quoted, a generic one is a keyword.
    expect(fontQuery('Noto Sans SC')).toBe('400 16px "Noto Sans SC"');
  });

  it('loads the files a text needs and reports them loaded, and survives a failed load', async () => {
    const asked: string[] = [];
    let loaded = false;
    const fonts = {
      load: async (font: string, text: string) => {
        asked.push(`${font}|${text}`);
        loaded = true;
        return [];
      },
      check: () => loaded,
    } as unknown as FontFaceSet;
    const webFont = 'Noto Sans SC';
    expect(mapFontReady(webFont, '莲塘', fonts)).toBe(false);
    expect(mapFontReady(webFont, '', fonts)).toBe(true);
    await loadMapFont(webFont, '莲塘', fonts);
    await loadMapFont(webFont, '', fonts);
    expect(asked).toEqual(['400 16px "Noto Sans SC"|莲塘']);
    expect(mapFontReady(webFont, '莲塘', fonts)).toBe(true);
    const failing = { load: () => Promise.reject(new Error('offline')) } as unknown as FontFaceSet;
    await expect(loadMapFont(webFont, '莲塘', failing)).resolves.toBeUndefined();
  });
});
