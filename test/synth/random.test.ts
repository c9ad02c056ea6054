// The seeded generator and noise: reproducible, in range, and smooth.
import { describe, expect, it } from 'vitest';
import { createRandom, deriveSeed, valueNoise2D } from '../../server/synth/random.ts';

describe('createRandom', () => {
  it('repeats its sequence for a seed and changes it for another', () => {
    const draw = (seed: number): number[] => { const random = createRandom(seed); return Array.from({ length: 20 }, () => random.next()); };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('stays within its ranges and spreads evenly', () => {
    const random = createRandom(1);
    let sum = 0;
    for (let i = 0; i < 20000; i++) {
      const value = random.next();
      expect(value >= 0 && value < 1).toBe(true);
      sum += value;
      const integer = random.integer(3, 7);
      expect(Number.isInteger(integer) && integer >= 3 && integer < 7).toBe(true);
    }
    expect(sum / 20000).toBeGreaterThan(0.48);
    expect(sum / 20000).toBeLessThan(0.52);
  });

  it('derives distinct sub-seeds for distinct labels', () => {
    expect(deriveSeed(1, 'townships')).toBe(deriveSeed(1, 'townships'));
    expect(deriveSeed(1, 'townships')).not.toBe(deriveSeed(1, 'villages'));
    expect(deriveSeed(1, 'townships')).not.toBe(deriveSeed(2, 'townships'));
  });
});

describe('valueNoise2D', () => {
  it('is bounded and changes little over a short distance', () => {
    for (let i = 0; i < 500; i++) {
      const x = i * 37.1, y = i * 11.3;
      const value = valueNoise2D(5, x, y, 1000);
      expect(Math.abs(value)).toBeLessThanOrEqual(1);
      expect(Math.abs(valueNoise2D(5, x + 1, y, 1000) - value)).toBeLessThan(0.01);
    }
  });
});
