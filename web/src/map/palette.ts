// Map colours per theme. The tier colours come from state/tiers.ts and are the same in both.
import type { Theme } from '../state/url-state.ts';

export interface MapPalette {
  background: string;
  water: string;
  streets: Readonly<Record<string, string>>;
  streetDefault: string;
  gridLine: string;
  villageLine: string;
  townshipLine: string;
  mask: string;
  maskOpacity: number;
  selection: string;
  hover: string;
  choroplethOpacity: number;
  pointStroke: string;
  labelTownship: string;
  labelVillage: string;
  labelGrid: string;
  labelStreet: string;
  halo: string;
}

export const PALETTES: Readonly<Record<Theme, MapPalette>> = {
  dark: {
    background: '#070c16',
    water: '#2b6cb0',
    streets: {
      motorway: '#a9bfdf',
      trunk: '#98afd2',
      primary: '#8099bf',
      secondary: '#6c84aa',
      tertiary: '#5a7096',
      residential: '#465a7c',
      lane: '#3f5172',
      track: '#3a4a64',
      rail: '#6f7a90',
    },
    streetDefault: '#40526f',
    gridLine: '#33476b',
    villageLine: '#5f7fb0',
    townshipLine: '#9cc3ff',
    mask: '#070c16',
    maskOpacity: 0.7,
    selection: '#00e5ff',
    hover: '#ffffff',
    choroplethOpacity: 0.9,
    pointStroke: '#0b1220',
    labelTownship: '#f1f5ff',
    labelVillage: '#c3d1ea',
    labelGrid: '#9fb2d3',
    labelStreet: '#a9b8d0',
    halo: '#070c16',
  },
  light: {
    background: '#dfe3ea',
    water: '#6fa8dc',
    streets: {
      motorway: '#d98f2b',
      trunk: '#e0a24f',
      primary: '#9aa3b2',
      secondary: '#a9b1be',
      tertiary: '#b8bfca',
      residential: '#c9ced7',
      lane: '#cdd2da',
      track: '#cbbfa6',
      rail: '#8a8f99',
    },
    streetDefault: '#c4c9d2',
    gridLine: '#c2c9d6',
    villageLine: '#8795b0',
    townshipLine: '#3d4f72',
    mask: '#dfe3ea',
    maskOpacity: 0.65,
    selection: '#0066cc',
    hover: '#111827',
    choroplethOpacity: 0.85,
    pointStroke: '#ffffff',
    labelTownship: '#111a2c',
    labelVillage: '#2f3d58',
    labelGrid: '#4a5873',
    labelStreet: '#5a6578',
    halo: '#ffffff',
  },
};
