// Seeded randomness for the synthetic layers: a small PRNG (sfc32) and smooth value noise.
// Every layer derives its own stream from (seed, label) so that changing one layer never shifts another.

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  range(min: number, max: number): number;
  /** Integer in [min, maxExclusive). */
  integer(min: number, maxExclusive: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  pick<T>(items: readonly T[]): T;
}

/** FNV-1a hash of a label mixed with a seed: a stable 32-bit sub-seed. */
export function deriveSeed(seed: number, label: string): number {
  let hash = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < label.length; i++) {
    hash ^= label.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return mix32(hash ^ Math.imul(seed >>> 0, 0x9e3779b1));
}

/** Final avalanche of murmur3: spreads every input bit over the output. */
function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function createRandom(seed: number): Random {
  // sfc32 state seeded through splitmix-style mixing so nearby seeds give unrelated streams.
  let a = mix32(seed ^ 0x9e3779b9), b = mix32(seed ^ 0x243f6a88), c = mix32(seed ^ 0xb7e15162), d = 1;
  const next = (): number => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return {
    next,
    range: (min, max) => min + (max - min) * next(),
    integer: (min, maxExclusive) => min + Math.floor((maxExclusive - min) * next()),
    normal: () => {
      const u = Math.max(next(), 1e-12), v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    pick: (items) => items[Math.floor(items.length * next())],
  };
}

/** Deterministic lattice value in [-1, 1] for integer coordinates. */
function latticeValue(seed: number, i: number, j: number): number {
  const h = mix32(Math.imul(i | 0, 0x27d4eb2d) ^ Math.imul(j | 0, 0x165667b1) ^ seed);
  return (h / 4294967296) * 2 - 1;
}

const smooth = (t: number): number => t * t * (3 - 2 * t);

/** Smooth 2-D value noise in [-1, 1]; `scale` is the feature size in the caller's units. */
export function valueNoise2D(seed: number, x: number, y: number, scale: number): number {
  const u = x / scale, v = y / scale;
  const i = Math.floor(u), j = Math.floor(v);
  const fu = smooth(u - i), fv = smooth(v - j);
  const top = latticeValue(seed, i, j) * (1 - fu) + latticeValue(seed, i + 1, j) * fu;
  const bottom = latticeValue(seed, i, j + 1) * (1 - fu) + latticeValue(seed, i + 1, j + 1) * fu;
  return top * (1 - fv) + bottom * fv;
}

/** Smooth 1-D noise in roughly [-1, 1] made of two octaves, for meanders along a path. */
export function meanderNoise(seed: number, t: number, scale: number): number {
  return 0.7 * valueNoise2D(seed, t, 0.5, scale) + 0.3 * valueNoise2D(seed ^ 0x5bd1e995, t, 0.5, scale / 2.7);
}

/** mulberry32: a one-integer-state stream in [0, 1), for seeds that must stay reproducible as plain numbers. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
