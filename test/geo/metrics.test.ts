import { describe, expect, it } from 'vitest';
import { balance, polsbyPopper, summarizeByTownship, summaryRow } from '../../server/geo/metrics.ts';
import type { PolygonCoords, Position, Ring } from '../../server/geo/types.ts';

// Degrees per metre on the sphere used by ring.ts (R = 6 378 137 m).
const DEGREES_PER_METRE = 180 / (Math.PI * 6_378_137);
const LATITUDE = 28.5;

/** A rectangle of the given size in metres at Nanchang's latitude, counter-clockwise. */
function rectangle(widthM: number, heightM: number, west = 115.9, south = LATITUDE): Ring {
  const dLat = heightM * DEGREES_PER_METRE;
  const dLon = (widthM * DEGREES_PER_METRE) / Math.cos(((south + dLat / 2) * Math.PI) / 180);
  return [[west, south], [west + dLon, south], [west + dLon, south + dLat], [west, south + dLat], [west, south]];
}

describe('polsbyPopper', () => {
  it('is π/4 for a square', () => {
    expect(polsbyPopper([rectangle(100, 100)])).toBeCloseTo(Math.PI / 4, 4);
  });

  it('is 16π/100 for a 1:4 rectangle (4π·4 / 10²)', () => {
    expect(polsbyPopper([rectangle(50, 200)])).toBeCloseTo((16 * Math.PI) / 100, 4);
  });

  it('is close to 1 for a circle', () => {
    const centre: Position = [115.9, LATITUDE];
    const radiusDegrees = 200 * DEGREES_PER_METRE;
    const ring: Ring = [];
    for (let i = 0; i <= 720; i++) {
      const angle = ((i % 720) / 720) * 2 * Math.PI;
      ring.push([centre[0] + (radiusDegrees * Math.cos(angle)) / Math.cos((LATITUDE * Math.PI) / 180), centre[1] + radiusDegrees * Math.sin(angle)]);
    }
    expect(polsbyPopper([ring])).toBeCloseTo(1, 3);
  });

  it('counts holes in area and perimeter: a square with a centred half-size hole gives π/12', () => {
    // Area 1 − 1/4 = 3/4 and perimeter 4 + 2 = 6 (in units of the side): 4π·(3/4) / 36.
    const outer = rectangle(100, 100);
    const hole = rectangle(50, 50, outer[0][0] + (outer[1][0] - outer[0][0]) / 4, outer[0][1] + (outer[2][1] - outer[0][1]) / 4).reverse();
    expect(polsbyPopper([outer, hole])).toBeCloseTo(Math.PI / 12, 3);
  });

  it('takes total area and perimeter of a multi-part shape: two squares give π/8', () => {
    const parts: PolygonCoords[] = [[rectangle(100, 100)], [rectangle(100, 100, 115.95)]];
    expect(polsbyPopper(parts)).toBeCloseTo(Math.PI / 8, 4);
  });

  it('is 0 for a degenerate ring', () => {
    expect(polsbyPopper([[[115.9, 28.5], [115.9, 28.5], [115.9, 28.5], [115.9, 28.5]]])).toBe(0);
  });
});

describe('balance', () => {
  it('computes mean, min, max and the population coefficient of variation', () => {
    const figures = balance([10, 20, 30]);
    expect(figures).toMatchObject({ count: 3, total: 60, mean: 20, min: 10, max: 30 });
    // Standard deviation √(200/3) ≈ 8.165 over the mean 20.
    expect(figures.coefficientOfVariation).toBeCloseTo(Math.sqrt(200 / 3) / 20, 12);
  });

  it('is all zero for no values and has no variation for equal values', () => {
    expect(balance([])).toEqual({ count: 0, total: 0, mean: 0, min: 0, max: 0, coefficientOfVariation: 0 });
    expect(balance([7, 7, 7]).coefficientOfVariation).toBe(0);
    expect(balance([0, 0]).coefficientOfVariation).toBe(0);
  });
});

describe('summarizeByTownship', () => {
  it('gives one row per township in code order', () => {
    const square = [rectangle(100, 100)];
    const long = [rectangle(50, 200)];
    const rows = summarizeByTownship([
      { townshipCode: '360121200000', households: 300, polygon: square },
      { townshipCode: '360121100000', households: 100, polygon: square },
      { townshipCode: '360121100000', households: 300, polygon: long },
    ]);
    expect(rows.map((row) => row.townshipCode)).toEqual(['360121100000', '360121200000']);
    expect(rows[0]).toMatchObject({ count: 2, total: 400, mean: 200, min: 100, max: 300 });
    expect(rows[0].coefficientOfVariation).toBeCloseTo(0.5, 12);
    expect(rows[0].meanCompactness).toBeCloseTo((Math.PI / 4 + (16 * Math.PI) / 100) / 2, 4);
    expect(rows[0].minCompactness).toBeCloseTo((16 * Math.PI) / 100, 4);
    expect(rows[1]).toMatchObject({ count: 1, mean: 300, coefficientOfVariation: 0 });
    expect(summaryRow('county', [])).toMatchObject({ count: 0, meanCompactness: 0, minCompactness: 0 });
  });
});
