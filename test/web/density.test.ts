import { describe, expect, it } from 'vitest';
import {
  DENSITY_MAX_ZOOM,
  DENSITY_RADIUS_STOPS,
  DENSITY_THRESHOLD,
  densityLayerId,
  densityOpacity,
  heatmapColour,
  heatmapLayers,
  rgbaCss,
} from '../../web/src/map/density-style.ts';
import { cellCounts, densityIntensity, mercatorPixel, percentile } from '../../web/src/map/density-intensity.ts';
import { hexagonRadiusM, metresPerPixel } from '../../web/src/map/hexagon-radius.ts';
import { MINOR_STREETS_MIN_ZOOM, needsMinorStreets } from '../../web/src/map/street-detail.ts';
import { tierRamp } from '../../web/src/state/tiers.ts';

describe('heatmap density layers', () => {
  it('colour each tier with its own ramp, transparent below the threshold', () => {
    for (const tier of ['red', 'orange', 'yellow'] as const) {
      const expression = heatmapColour(tier) as unknown[];
      expect(expression.slice(0, 3)).toEqual(['interpolate', ['linear'], ['heatmap-density']]);
      const stops = expression.slice(3);
      expect(stops.slice(0, 4)).toEqual([0, 'rgba(0, 0, 0, 0)', DENSITY_THRESHOLD, 'rgba(0, 0, 0, 0)']);
      // The same stops the hexagon mode colours its cells with, in order, ending at full density.
      const colours = stops.slice(4).filter((_, index) => index % 2 === 1);
      expect(colours).toEqual(tierRamp(tier).map(rgbaCss));
      expect(stops[stops.length - 2]).toBe(1);
    }
    expect(rgbaCss([229, 57, 53, 255])).toBe('rgba(229, 57, 53, 1)');
  });

  it('draw one layer per tier, red on top, each filtered to its tier and fading out at the points zoom', () => {
    const layers = heatmapLayers('issues');
    expect(layers.map((layer) => layer.id)).toEqual(['yellow', 'orange', 'red'].map((tier) => densityLayerId(tier as 'red')));
    for (const layer of layers) {
      expect(layer.source).toBe('issues');
      expect(layer.maxzoom).toBe(DENSITY_MAX_ZOOM);
      expect(layer.filter).toEqual(['==', ['get', 'tier'], layer.id.replace('density-', '')]);
      expect(layer.layout?.visibility).toBe('visible');
      expect(layer.paint?.['heatmap-opacity']).toEqual(densityOpacity());
    }
  });

  it('hide in hexagon mode and take per-tier intensities', () => {
    expect(heatmapLayers('issues', 'hexagon').every((layer) => layer.layout?.visibility === 'none')).toBe(true);
    const layers = heatmapLayers('issues', 'heatmap', { red: 0.5 });
    expect(layers.find((layer) => layer.id === 'density-red')?.paint?.['heatmap-intensity']).toBe(0.5);
    expect(layers.find((layer) => layer.id === 'density-yellow')?.paint?.['heatmap-intensity']).toBe(1);
  });
});

describe('heatmap intensity from the data', () => {
  it('projects to Web Mercator pixels of 512-pixel tiles', () => {
    expect(mercatorPixel(0, 0, 0)).toEqual([256, 256]);
    const [x, y] = mercatorPixel(180, 0, 1);
    expect([x, y]).toEqual([1024, 512]);
    expect(mercatorPixel(0, 60, 0)[1]).toBeLessThan(256);
  });

  it('counts points per screen cell and picks a high percentile', () => {
    const lon = [116, 116, 116, 116.5];
    const lat = [28.5, 28.5, 28.5, 28.6];
    expect(cellCounts(lon, lat, [0, 1, 2, 3], 10, 20).sort()).toEqual([1, 3]);
    expect(cellCounts(lon, lat, [3], 10, 20)).toEqual([1]);
    expect(percentile([5, 1, 3, 9, 7], 0.5)).toBe(5);
    expect(percentile([5, 1, 3, 9, 7], 1)).toBe(9);
    expect(percentile([], 0.9)).toBe(0);
  });

  it('scales a tier so a busy cell reaches the top of the ramp, at every radius stop', () => {
    expect(densityIntensity([], [], [])).toBe(1);
    // Ten points on one spot: every zoom's busiest cell holds ten.
    const lon = Array.from({ length: 10 }, () => 116);
    const lat = Array.from({ length: 10 }, () => 28.5);
    const expression = densityIntensity(lon, lat, lon.map((_, index) => index)) as unknown[];
    expect(expression.slice(0, 3)).toEqual(['interpolate', ['linear'], ['zoom']]);
    const stops = expression.slice(3);
    expect(stops.filter((_, index) => index % 2 === 0)).toEqual(DENSITY_RADIUS_STOPS.map(([zoom]) => zoom));
    const values = stops.filter((_, index) => index % 2 === 1) as number[];
    expect(new Set(values).size).toBe(1);
    // Twice the points, half the intensity.
    const twice = densityIntensity([...lon, ...lon], [...lat, ...lat], Array.from({ length: 20 }, (_, index) => index)) as unknown[];
    expect((twice[4] as number) * 2).toBeCloseTo(values[0], 5);
  });
});

describe('hexagon cells', () => {
  it('keep about the same size on screen at every zoom', () => {
    expect(metresPerPixel(0, 0)).toBeCloseTo(40_075_016.686 / 512, 3);
    expect(hexagonRadiusM(10) / hexagonRadiusM(11)).toBeCloseTo(2, 1);
    // Fractional zooms share their rounded level's cells, so panning never re-aggregates.
    expect(hexagonRadiusM(9.6)).toBe(hexagonRadiusM(10));
    expect(hexagonRadiusM(-3)).toBe(hexagonRadiusM(0));
  });
});

describe('minor streets', () => {
  it('are wanted a zoom level before they are drawn', () => {
    expect(needsMinorStreets(MINOR_STREETS_MIN_ZOOM)).toBe(true);
    expect(needsMinorStreets(MINOR_STREETS_MIN_ZOOM - 1)).toBe(true);
    expect(needsMinorStreets(MINOR_STREETS_MIN_ZOOM - 1.01)).toBe(false);
  });
});
