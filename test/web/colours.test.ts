import { describe, expect, it } from 'vitest';
import { hexToRgb, normaliseTiers, TIER_COLORS, TIER_ORDER, tierRamp } from '../../web/src/state/tiers.ts';
import { CHOROPLETH_CLASSES, CHOROPLETH_RAMPS } from '../../web/src/state/choropleth-ramp.ts';

function luminance([r, g, b]: [number, number, number]): number {
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

describe('tier colours and ramps', () => {
  it('uses the product colours: red, orange, yellow', () => {
    expect(TIER_ORDER).toEqual(['red', 'orange', 'yellow']);
    const [r, g, b] = hexToRgb(TIER_COLORS.red);
    expect(r).toBeGreaterThan(200);
    expect(g).toBeLessThan(90);
    expect(b).toBeLessThan(90);
    expect(hexToRgb(TIER_COLORS.orange)[0]).toBeGreaterThan(hexToRgb(TIER_COLORS.orange)[1]);
    expect(hexToRgb(TIER_COLORS.yellow)[1]).toBeGreaterThan(200);
  });

  it('builds each density ramp from its own tier colour with rising opacity', () => {
    for (const tier of TIER_ORDER) {
      const ramp = tierRamp(tier);
      expect(ramp).toHaveLength(6);
      const base = hexToRgb(TIER_COLORS[tier]);
      expect(ramp[0].slice(0, 3)).toEqual(base);
      for (let i = 1; i < ramp.length; i++) expect(ramp[i][3]).toBeGreaterThan(ramp[i - 1][3]);
      // The hottest step is lighter than the tier colour, never a different hue family.
      expect(luminance(ramp[5].slice(0, 3) as [number, number, number])).toBeGreaterThan(luminance(base));
    }
    expect(() => tierRamp('red', 1)).toThrow();
  });

  it('rejects malformed colours and normalises tier lists', () => {
    expect(() => hexToRgb('red')).toThrow();
    expect(normaliseTiers(['yellow', 'red', 'red', 'blue'])).toEqual(['red', 'yellow']);
  });

  it('keeps choropleth ramps sequential and away from the tier hues', () => {
    for (const ramp of Object.values(CHOROPLETH_RAMPS)) {
      expect(ramp).toHaveLength(CHOROPLETH_CLASSES);
      for (const colour of ramp) {
        const [r, , b] = hexToRgb(colour);
        // Blue dominates red in every class: no class can be mistaken for a tier.
        expect(b).toBeGreaterThan(r);
      }
    }
    const dark = CHOROPLETH_RAMPS.dark.map((colour) => luminance(hexToRgb(colour)));
    const light = CHOROPLETH_RAMPS.light.map((colour) => luminance(hexToRgb(colour)));
    for (let i = 1; i < dark.length; i++) {
      expect(dark[i]).toBeGreaterThan(dark[i - 1]);
      expect(light[i]).toBeLessThan(light[i - 1]);
    }
  });
});
