import { describe, expect, it } from 'vitest';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { orient2d } from 'robust-predicates';
import { buildLocator, type Locator, type LocatorGrid } from '../../server/geo/locate.ts';
import type { Position } from '../../server/geo/types.ts';
import { seededRandom, voronoiTessellation, type BBox } from '../fixtures/locate/tessellation.ts';

// Resolutions to exercise: the default, a single cell (every query walks edges), coarse and fine.
const CELL_OPTIONS: Array<number | undefined> = [undefined, 1, 5, 64];

const smallest = (codes: Iterable<string>): string | null => {
  let best: string | null = null;
  for (const code of codes) if (best === null || code < best) best = code;
  return best;
};

function shuffledCodes(count: number, prefix: string, random: () => number): string[] {
  const codes = Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [codes[i], codes[j]] = [codes[j], codes[i]];
  }
  return codes;
}

/** columns × rows squares; lattice lines computed once so neighbours share exact vertices. */
function squareLattice(columns: number, rows: number, xs: number[], ys: number[], seed: number) {
  const codes = shuffledCodes(columns * rows, 'L', seededRandom(seed));
  const codeAt = (i: number, j: number): string => codes[j * columns + i];
  const grids: LocatorGrid[] = [];
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < columns; i++) {
      const ring: Position[] = [[xs[i], ys[j]], [xs[i + 1], ys[j]], [xs[i + 1], ys[j + 1]], [xs[i], ys[j + 1]], [xs[i], ys[j]]];
      grids.push({ code: codeAt(i, j), polygon: [ring] });
    }
  }
  return { grids, codeAt };
}

/** Codes of the grids whose closed polygon contains the point, by turf (bbox prefilter for speed). */
function turfContaining(grids: LocatorGrid[], boxes: BBox[], x: number, y: number): string[] {
  const found: string[] = [];
  grids.forEach((grid, index) => {
    const [x0, y0, x1, y1] = boxes[index];
    if (x < x0 || x > x1 || y < y0 || y > y1) return;
    if (booleanPointInPolygon([x, y], { type: 'Polygon', coordinates: grid.polygon })) found.push(grid.code);
  });
  return found;
}

function bboxOf(points: Iterable<Position>): BBox {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const [x, y] of points) {
    minX = Math.min(minX, x); minY = Math.min(minY, y); maxX = Math.max(maxX, x); maxY = Math.max(maxY, y);
  }
  return [minX, minY, maxX, maxY];
}

/** locate, locateIndex and locateMany must agree on every point; returns locate's answers. */
function locateAll(locator: Locator, points: Position[]): Array<string | null> {
  const flat = new Float64Array(points.length * 2);
  points.forEach(([x, y], i) => { flat[2 * i] = x; flat[2 * i + 1] = y; });
  const many = locator.locateMany(flat);
  return points.map(([x, y], i) => {
    const code = locator.locate(x, y);
    const index = locator.locateIndex(x, y);
    expect(many[i]).toBe(index);
    expect(index < 0 ? null : locator.codes[index]).toBe(code);
    return code;
  });
}

describe('buildLocator on a square lattice', () => {
  const steps = 12;
  const xs = Array.from({ length: steps + 1 }, (_, i) => 116 + i * 0.0137);
  const ys = Array.from({ length: steps + 1 }, (_, j) => 28.5 + j * 0.0091);
  const { grids, codeAt } = squareLattice(steps, steps, xs, ys, 11);
  const boxes = grids.map((grid) => bboxOf(grid.polygon[0]));

  it.each(CELL_OPTIONS)('matches turf and the lattice arithmetic for random points (cells %s)', (cells) => {
    const locator = buildLocator(grids, { cells });
    const random = seededRandom(5);
    const points: Position[] = Array.from({ length: 3000 }, () => [
      115.99 + 0.185 * random(), 28.49 + 0.13 * random(),
    ]);
    const answers = locateAll(locator, points);
    let inside = 0;
    points.forEach(([x, y], i) => {
      const containing = turfContaining(grids, boxes, x, y);
      expect(answers[i]).toBe(smallest(containing));
      const column = xs.findIndex((line, k) => k < steps && x >= line && x < xs[k + 1]);
      const row = ys.findIndex((line, k) => k < steps && y >= line && y < ys[k + 1]);
      if (column >= 0 && row >= 0) {
        inside++;
        expect(answers[i]).toBe(codeAt(column, row));
      }
    });
    expect(inside).toBeGreaterThan(1500);
  });

  it.each(CELL_OPTIONS)('gives the smallest code on shared edges and vertices, closed outer border (cells %s)', (cells) => {
    const locator = buildLocator(grids, { cells });
    const random = seededRandom(9);
    const points: Position[] = [];
    const expected: Array<string | null> = [];
    const around = (i: number, j: number): string[] => {
      const codes: string[] = [];
      for (const [a, b] of [[i - 1, j - 1], [i, j - 1], [i - 1, j], [i, j]]) {
        if (a >= 0 && b >= 0 && a < steps && b < steps) codes.push(codeAt(a, b));
      }
      return codes;
    };
    for (let i = 0; i <= steps; i++) {
      for (let j = 0; j <= steps; j++) {
        points.push([xs[i], ys[j]]); // lattice vertex: up to four grids
        expected.push(smallest(around(i, j)));
        if (j < steps) {
          // On vertical line i, strictly inside row j: the grids left and right of it.
          const y = ys[j] + (ys[j + 1] - ys[j]) * (0.05 + 0.9 * random());
          points.push([xs[i], y]);
          expected.push(smallest([i - 1, i].filter((c) => c >= 0 && c < steps).map((c) => codeAt(c, j))));
        }
        if (i < steps) {
          const x = xs[i] + (xs[i + 1] - xs[i]) * (0.05 + 0.9 * random());
          points.push([x, ys[j]]);
          expected.push(smallest([j - 1, j].filter((r) => r >= 0 && r < steps).map((r) => codeAt(i, r))));
        }
      }
    }
    // Just outside the outer border.
    points.push([xs[0] - 1e-9, ys[3]], [xs[steps] + 1e-9, ys[3]], [xs[4], ys[0] - 1e-9], [xs[4], ys[steps] + 1e-9]);
    expected.push(null, null, null, null);
    expect(locateAll(locator, points)).toEqual(expected);
  });

  it('keeps the border rule whatever the input order', () => {
    const reversed = buildLocator(grids.slice().reverse(), { cells: 8 });
    const straight = buildLocator(grids, { cells: 8 });
    for (let i = 0; i <= steps; i++) {
      for (let j = 0; j <= steps; j++) expect(reversed.locate(xs[i], ys[j])).toBe(straight.locate(xs[i], ys[j]));
    }
  });
});

describe('buildLocator on an integer lattice with exactly representable borders', () => {
  // Unit squares [i, i+1] × [j, j+1]: every point with integer or half-integer coordinates is
  // either inside one square or exactly on borders, and the step to the cell reference point
  // often runs through lattice vertices, which must fall back to the exact test.
  const size = 8;
  const lines = Array.from({ length: size + 1 }, (_, i) => i);
  const { grids, codeAt } = squareLattice(size, size, lines, lines, 3);

  it.each([1, 2, 3, 8, undefined])('answers every quarter-integer point by the rule (cells %s)', (cells) => {
    const locator = buildLocator(grids, { cells });
    const points: Position[] = [];
    const expected: Array<string | null> = [];
    for (let x = -0.5; x <= size + 0.5; x += 0.25) {
      for (let y = -0.5; y <= size + 0.5; y += 0.25) {
        const codes: string[] = [];
        for (let i = 0; i < size; i++) {
          for (let j = 0; j < size; j++) if (x >= i && x <= i + 1 && y >= j && y <= j + 1) codes.push(codeAt(i, j));
        }
        points.push([x, y]);
        expected.push(smallest(codes));
      }
    }
    expect(locateAll(locator, points)).toEqual(expected);
  });
});

describe('buildLocator on a Voronoi tessellation with zig-zag edges, holes and a concave outline', () => {
  const box: BBox = [115.9, 28.5, 116.02, 28.66];
  const tessellation = voronoiTessellation({ seed: 42, cellCount: 160, box, subdivisions: 6, codePrefix: 'V' });
  const grids = tessellation.grids.map((grid) => ({ code: grid.code, polygon: grid.polygon.slice() }));
  const edges = tessellation.edges.map((edge) => ({ points: edge.points, codes: edge.codes.slice() }));

  // Two cells closed on every side by neighbours get a hole: a shrunken copy of their plain convex
  // Voronoi ring, which stays clear of the zig-zag. The first hole is filled by another grid.
  const interior = tessellation.cells.filter((cell) => {
    const vertices = new Set(cell.convexRing.map(([x, y]) => `${x},${y}`));
    return tessellation.edges.every((edge) => edge.codes.length === 2 || !edge.points.some(([x, y]) => vertices.has(`${x},${y}`)));
  });
  const shrink = (ring: Position[], [sx, sy]: Position, factor: number): Position[] =>
    ring.map(([x, y]) => [sx + factor * (x - sx), sy + factor * (y - sy)]);
  const filled = interior[0], empty = interior[1];
  const filledHole = shrink(filled.convexRing, filled.site, 0.4);
  const emptyHole = shrink(empty.convexRing, empty.site, 0.3);
  const innerCode = 'V-inner';
  for (const grid of grids) {
    if (grid.code === filled.code) grid.polygon.push(filledHole.slice().reverse());
    if (grid.code === empty.code) grid.polygon.push(emptyHole.slice().reverse());
  }
  grids.push({ code: innerCode, polygon: [filledHole] });
  edges.push({ points: filledHole, codes: [filled.code, innerCode].sort() }, { points: emptyHole, codes: [empty.code] });
  const boxes = grids.map((grid) => bboxOf(grid.polygon[0]));

  it('builds a sound fixture', () => {
    expect(grids.length).toBe(161);
    expect(interior.length).toBeGreaterThan(10);
    expect(edges.filter((edge) => edge.codes.length === 1).length).toBeGreaterThan(20);
  });

  it.each([undefined, 3, 40, 200])('matches turf for thousands of random points (cells %s)', (cells) => {
    const locator = buildLocator(grids, { cells });
    const random = seededRandom(17);
    const [x0, y0, x1, y1] = box;
    const points: Position[] = Array.from({ length: 4000 }, () => [
      x0 - 0.01 + (x1 - x0 + 0.02) * random(), y0 - 0.01 + (y1 - y0 + 0.02) * random(),
    ]);
    // Plus points well inside both holes: toward a ring vertex from the site, under the shrink factor.
    for (const cell of [filled, empty]) {
      for (let k = 0; k < 40; k++) {
        const [vx, vy] = cell.convexRing[k % (cell.convexRing.length - 1)];
        points.push(shrink([[vx, vy]], cell.site, 0.25 * random())[0]);
      }
    }
    const answers = locateAll(locator, points);
    const hits = new Map<string | null, number>();
    points.forEach(([x, y], i) => {
      const containing = turfContaining(grids, boxes, x, y);
      expect(containing.length).toBeLessThanOrEqual(1);
      expect(answers[i]).toBe(containing[0] ?? null);
      hits.set(answers[i], (hits.get(answers[i]) ?? 0) + 1);
    });
    // The sample reaches the concave outside, the inner grid, and points in the empty hole.
    expect(hits.get(null)).toBeGreaterThan(400);
    expect(hits.get(innerCode)).toBeGreaterThan(0);
    const inEmptyHole = points.filter(([x, y]) => booleanPointInPolygon([x, y], { type: 'Polygon', coordinates: [emptyHole] }));
    expect(inEmptyHole.length).toBeGreaterThanOrEqual(40);
    for (const [x, y] of inEmptyHole) expect(locator.locate(x, y)).toBeNull();
  });

  // Vertices shared by up to three grids, and points exactly on a segment (orient2d === 0).
  const vertexCodes = new Map<string, { point: Position; codes: Set<string> }>();
  const onSegments: Array<{ point: Position; code: string | null }> = [];
  for (const edge of edges) {
    for (const point of edge.points) {
      const key = `${point[0]},${point[1]}`;
      const entry = vertexCodes.get(key) ?? { point, codes: new Set<string>() };
      edge.codes.forEach((code) => entry.codes.add(code));
      vertexCodes.set(key, entry);
    }
    for (let i = 0; i < edge.points.length - 1; i++) {
      const [[ax, ay], [bx, by]] = [edge.points[i], edge.points[i + 1]];
      for (let k = 1; k < 16; k++) {
        const x = ax + ((bx - ax) * k) / 16, y = ay + ((by - ay) * k) / 16;
        const between = Math.min(ax, bx) <= x && x <= Math.max(ax, bx) && Math.min(ay, by) <= y && y <= Math.max(ay, by);
        if (orient2d(ax, ay, bx, by, x, y) === 0 && between) onSegments.push({ point: [x, y], code: smallest(edge.codes) });
      }
    }
  }

  it.each([undefined, 1, 3, 40, 200])('gives the smallest code on shared vertices and edges (cells %s)', (cells) => {
    const locator = buildLocator(grids, { cells });
    const vertices = [...vertexCodes.values()];
    expect(vertices.some((vertex) => vertex.codes.size === 3)).toBe(true);
    expect(locateAll(locator, vertices.map((vertex) => vertex.point))).toEqual(vertices.map((vertex) => smallest(vertex.codes)));
    expect(onSegments.length).toBeGreaterThan(100);
    expect(locateAll(locator, onSegments.map((entry) => entry.point))).toEqual(onSegments.map((entry) => entry.code));
  });
});

describe('buildLocator edge cases', () => {
  const square = (x0: number, y0: number, x1: number, y1: number): Position[][] => [
    [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]],
  ];

  it('answers null everywhere for empty input', () => {
    for (const grids of [[], [{ code: 'A', polygon: [] }], [{ code: 'B', polygon: [[[1, 1], [2, 2], [1, 1]]] }]]) {
      const locator = buildLocator(grids as LocatorGrid[]);
      expect(locator.locate(1, 1)).toBeNull();
      expect(locator.locateIndex(1.5, 1.5)).toBe(-1);
      expect([...locator.locateMany(new Float64Array([0, 0, 1, 1]))]).toEqual([-1, -1]);
    }
  });

  it('answers null far outside and for non-finite coordinates', () => {
    const locator = buildLocator([{ code: 'A', polygon: square(116, 28, 116.1, 28.1) }]);
    expect(locator.locate(116.05, 28.05)).toBe('A');
    for (const [x, y] of [[0, 0], [-180, -90], [180, 90], [116.05, 40], [Number.NaN, 28.05], [116.05, Infinity]]) {
      expect(locator.locate(x, y)).toBeNull();
    }
  });

  it.each([1, 4, 16, undefined])('applies the smallest-code rule to overlapping grids too (cells %s)', (cells) => {
    // "b" and "a" overlap; "c" covers a whole region without any edge nearby.
    const grids = [
      { code: 'b', polygon: square(0, 0, 2, 2) },
      { code: 'a', polygon: square(1, 1, 3, 3) },
      { code: 'c', polygon: square(-10, -10, 10, 10) },
    ];
    const locator = buildLocator(grids, { cells });
    expect(locator.locate(0.5, 0.5)).toBe('b');
    expect(locator.locate(1.5, 1.5)).toBe('a');
    expect(locator.locate(2.5, 2.5)).toBe('a');
    expect(locator.locate(1, 1.5)).toBe('a');
    expect(locator.locate(-7, 8)).toBe('c');
    expect(locator.locate(10, 10)).toBe('c');
    expect(locator.locate(10.001, 10)).toBeNull();
  });
});
