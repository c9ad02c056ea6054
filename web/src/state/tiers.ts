// Tier colours are the product's colours everywhere: legend, points, density ramps, KPI cards.
import type { Tier } from '../../../server/model.ts';

export type { Tier };

/** Most severe first: red (grid/village), orange (township), yellow (county). */
export const TIER_ORDER: readonly Tier[] = ['red', 'orange', 'yellow'];

export const TIER_COLORS: Readonly<Record<Tier, string>> = {
  red: '#e53935',
  orange: '#fb8c00',
  yellow: '#fdd835',
};

export type Rgb = [number, number, number];
export type Rgba = [number, number, number, number];

export function hexToRgb(hex: string): Rgb {
  const match = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  if (!match) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [parseInt(match[1], 16), parseInt(match[2], 16), parseInt(match[3], 16)];
}

function mix(from: Rgb, to: Rgb, share: number): Rgb {
  return [0, 1, 2].map((i) => Math.round(from[i] + (to[i] - from[i]) * share)) as Rgb;
}

/**
 * A density ramp in one tier's colour: rising opacity, the densest step lightened towards white
 * so hot spots read as hotter rather than merely more opaque.
 */
export function tierRamp(tier: Tier, steps = 6): Rgba[] {
  if (steps < 2) throw new Error('a ramp needs at least two steps');
  const base = hexToRgb(TIER_COLORS[tier]);
  const ramp: Rgba[] = [];
  for (let i = 0; i < steps; i++) {
    const share = i / (steps - 1);
    const colour = i === steps - 1 ? mix(base, [255, 255, 255], 0.45) : base;
    ramp.push([...colour, Math.round(50 + share * 180)] as Rgba);
  }
  return ramp;
}

export function isTier(value: string): value is Tier {
  return (TIER_ORDER as readonly string[]).includes(value);
}

/** Tiers in canonical order, duplicates and unknown names dropped. */
export function normaliseTiers(values: readonly string[]): Tier[] {
  return TIER_ORDER.filter((tier) => values.includes(tier));
}
