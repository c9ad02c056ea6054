// Sequential ramps for the per-grid choropleth. Deliberately blue/violet so the red/orange/yellow
// tier colours drawn over them stay unambiguous.
import type { Theme } from './url-state.ts';

export const CHOROPLETH_CLASSES = 5;

export const CHOROPLETH_RAMPS: Readonly<Record<Theme, readonly string[]>> = {
  dark: ['#152039', '#1c2f57', '#263f75', '#354f93', '#4a5cad'],
  light: ['#eef1f8', '#d6ddef', '#b5c2e3', '#91a2d2', '#6f80c0'],
};

/** The colour for zero or no data (no households, no area). */
export const CHOROPLETH_EMPTY: Readonly<Record<Theme, string>> = {
  dark: '#121a2b',
  light: '#f7f7f4',
};
