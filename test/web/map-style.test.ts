import { describe, expect, it } from 'vitest';
import { buildLayers, buildStyle, LAYERS, styleUrls } from '../../web/src/map/style.ts';
import { fontFacesFromRules, MAP_FONT_BOLD, MAP_FONT_REGULAR, preferredFontUrl, unicodeRanges } from '../../web/src/map/font-faces.ts';
import { TIER_COLORS } from '../../web/src/state/tiers.ts';

const rules = [
  { family: '"Noto Sans SC"', weight: '400', style: 'normal', src: 'url("/assets/sc-4-400.woff2") format("woff2"), url("/assets/sc-4-400.woff") format("woff")', unicodeRange: 'U+1F1E9-1F1F5, U+4E00' },
  { family: "'Noto Sans SC'", weight: '700', style: 'normal', src: "url(/assets/sc-4-700.woff) format('woff'), url(/assets/sc-4-700.woff2) format('woff2')", unicodeRange: '' },
  { family: 'Other', weight: '400', style: 'normal', src: 'url(/assets/other.woff2)', unicodeRange: '' },
  { family: 'Noto Sans SC', weight: '400', style: 'italic', src: 'url(/assets/italic.woff2)', unicodeRange: '' },
];

describe('offline style', () => {
  const faces = fontFacesFromRules(rules, 'Noto Sans SC');
  const style = buildStyle('dark', faces);

  it('has no glyph server, sprite or tile URL, and nothing off the page origin', () => {
    expect(style).not.toHaveProperty('glyphs');
    expect(style).not.toHaveProperty('sprite');
    const urls = styleUrls(style);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(url.startsWith('/') && !url.startsWith('//')).toBe(true);
  });

  it('labels only with the bundled font names declared in font-faces', () => {
    const fonts = new Set<string>();
    for (const layer of buildLayers('light')) {
      if (layer.type === 'symbol') for (const font of (layer.layout?.['text-font'] as string[]) ?? []) fonts.add(font);
    }
    expect([...fonts].sort()).toEqual([MAP_FONT_BOLD, MAP_FONT_REGULAR].sort());
    for (const font of fonts) expect(style['font-faces']).toHaveProperty(font);
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

describe('font faces from the page CSS', () => {
  it('prefers woff2 and splits unicode ranges', () => {
    expect(preferredFontUrl(rules[1].src)).toBe('/assets/sc-4-700.woff2');
    expect(preferredFontUrl('local(Foo)')).toBeNull();
    expect(unicodeRanges('U+1F1E9-1F1F5, U+4E00, junk')).toEqual(['U+1F1E9-1F1F5', 'U+4E00']);
  });

  it('maps weights to the regular and bold names, skipping other families and italics', () => {
    const faces = fontFacesFromRules(rules, 'Noto Sans SC');
    expect(faces[MAP_FONT_REGULAR]).toEqual([{ url: '/assets/sc-4-400.woff2', 'unicode-range': ['U+1F1E9-1F1F5', 'U+4E00'] }]);
    expect(faces[MAP_FONT_BOLD]).toEqual([{ url: '/assets/sc-4-700.woff2' }]);
    // Without bold files the bold name falls back to the regular ones.
    expect(fontFacesFromRules([rules[0]], 'Noto Sans SC')[MAP_FONT_BOLD]).toEqual(faces[MAP_FONT_REGULAR]);
    expect(fontFacesFromRules([], 'Noto Sans SC')).toEqual({});
  });
});
