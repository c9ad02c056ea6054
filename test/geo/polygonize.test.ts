import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeLines } from '../../server/geo/noding.ts';
import { polygonize, type PolygonizeResult } from '../../server/geo/polygonize.ts';
import { distanceM } from '../../server/geo/ring.ts';
import type { PolygonCoords, Position, Ring } from '../../server/geo/types.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/polygonize');

interface PolygonizeExpected {
  faces: number;
  holesPerFace: number[];
  areasInUnits: number[];
  adjacentPairs: number;
}

function readLines(name: string): Position[][] {
  const collection = JSON.parse(fs.readFileSync(path.join(FIXTURES, name, 'in.geojson'), 'utf8'));
  return collection.features.map((feature: { geometry: { coordinates: Position[] } }) => feature.geometry.coordinates);
}

/** Planar signed area relative to the first vertex (no cancellation at real longitudes). */
function planarArea(ring: Ring): number {
  const [ox, oy] = ring[0];
  let sum = 0;
  for (let i = 1; i < ring.length - 2; i++) {
    sum += (ring[i][0] - ox) * (ring[i + 1][1] - oy) - (ring[i + 1][0] - ox) * (ring[i][1] - oy);
  }
  return sum / 2;
}

function polygonPlanarArea(polygon: PolygonCoords): number {
  return polygon.reduce((sum, ring) => sum + planarArea(ring), 0);
}

function edgeKey(a: Position, b: Position): string {
  return `${a[0]},${a[1]}>${b[0]},${b[1]}`;
}

/** Ring closure, RFC 7946 winding, and every adjacency backed by bit-identical opposite edges. */
function checkFaces(result: PolygonizeResult): void {
  const owner = new Map<string, number>();
  for (const [f, polygon] of result.faces.entries()) {
    for (const [r, ring] of polygon.entries()) {
      expect(ring.length).toBeGreaterThanOrEqual(4);
      expect(ring[ring.length - 1]).toEqual(ring[0]);
      if (r === 0) expect(planarArea(ring)).toBeGreaterThan(0);
      else expect(planarArea(ring)).toBeLessThan(0);
      for (let i = 0; i < ring.length - 1; i++) {
        const key = edgeKey(ring[i], ring[i + 1]);
        expect(owner.has(key)).toBe(false);
        owner.set(key, f);
      }
    }
  }
  const shared = new Map<string, number>();
  for (const [f, polygon] of result.faces.entries()) {
    for (const ring of polygon) {
      for (let i = 0; i < ring.length - 1; i++) {
        const other = owner.get(edgeKey(ring[i + 1], ring[i]));
        if (other === undefined || other <= f) continue;
        const key = `${f}-${other}`;
        shared.set(key, (shared.get(key) ?? 0) + distanceM(ring[i], ring[i + 1]));
      }
    }
  }
  expect(result.adjacency.length).toBe(shared.size);
  for (const { a, b, sharedLengthM } of result.adjacency) {
    expect(a).toBeLessThan(b);
    expect(sharedLengthM).toBeCloseTo(shared.get(`${a}-${b}`) ?? -1, 6);
  }
}

function componentCount(vertexCount: number, edges: Uint32Array): number {
  const parent = Array.from({ length: vertexCount }, (_, i) => i);
  const find = (v: number): number => (parent[v] === v ? v : (parent[v] = find(parent[v])));
  let components = vertexCount;
  for (let e = 0; e < edges.length; e += 2) {
    const a = find(edges[e]), b = find(edges[e + 1]);
    if (a !== b) {
      parent[a] = b;
      components--;
    }
  }
  return components;
}

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

describe('polygonize fixtures', () => {
  for (const name of fs.readdirSync(FIXTURES).filter((entry) => fs.existsSync(path.join(FIXTURES, entry, 'in.geojson'))).sort()) {
    it(name, () => {
      const expected: PolygonizeExpected = JSON.parse(fs.readFileSync(path.join(FIXTURES, name, 'expected.json'), 'utf8'));
      const result = polygonize(readLines(name));
      expect(result.faces.length).toBe(expected.faces);
      expect(result.faces.map((polygon) => polygon.length - 1).sort((a, b) => a - b)).toEqual(expected.holesPerFace);
      const areas = result.faces.map((polygon) => polygonPlanarArea(polygon) / 1e-6).sort((a, b) => a - b);
      expect(areas.length).toBe(expected.areasInUnits.length);
      for (const [i, area] of areas.entries()) expect(area).toBeCloseTo(expected.areasInUnits[i], 6);
      expect(result.adjacency.length).toBe(expected.adjacentPairs);
      checkFaces(result);
    });
  }
});

describe('polygonize', () => {
  const X = 115.9, Y = 28.5;

  it('shares bit-identical coordinates between neighbouring faces and reports the shared length', () => {
    const result = polygonize([
      [[X, Y], [X + 0.002, Y], [X + 0.002, Y + 0.001], [X, Y + 0.001], [X, Y]],
      [[X + 0.001, Y - 0.0005], [X + 0.001, Y + 0.0015]],
    ]);
    expect(result.faces.length).toBe(2);
    expect(result.adjacency).toHaveLength(1);
    expect(result.adjacency[0].sharedLengthM).toBeCloseTo(distanceM([X + 0.001, Y], [X + 0.001, Y + 0.001]), 9);
    checkFaces(result);
  });

  it('removes a bridge between two cycles instead of making a degenerate face', () => {
    const result = polygonize([
      [[X, Y], [X + 0.001, Y], [X + 0.001, Y + 0.001], [X, Y + 0.001], [X, Y]],
      [[X + 0.001, Y + 0.0005], [X + 0.002, Y + 0.0005]],
      [[X + 0.002, Y], [X + 0.003, Y], [X + 0.003, Y + 0.001], [X + 0.002, Y + 0.001], [X + 0.002, Y]],
    ]);
    expect(result.faces.length).toBe(2);
    expect(result.stats.cutEdgesRemoved).toBeGreaterThan(0);
    for (const polygon of result.faces) expect(polygon[0]).toHaveLength(6); // square with the bridge foot as a vertex
    checkFaces(result);
  });

  it('makes a component in a face a hole of the smallest face containing it', () => {
    const square = (x0: number, y0: number, size: number): Position[] => [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]];
    const result = polygonize([
      square(X, Y, 0.01),
      [[X + 0.005, Y], [X + 0.005, Y + 0.01]], // splits the big square into two faces
      square(X + 0.001, Y + 0.001, 0.003), // pond in the west half
      square(X + 0.002, Y + 0.002, 0.001), // island in the pond
    ]);
    expect(result.faces.length).toBe(4);
    const holeCounts = result.faces.map((polygon) => polygon.length - 1);
    expect(holeCounts.sort()).toEqual([0, 0, 1, 1]);
    const west = result.faces.find((polygon) => polygon.length === 2 && polygon[0].some(([x]) => x === X))!;
    expect(west[1].map(([x]) => x)).toContain(115.901); // snapped grid value of X + 0.001
    checkFaces(result);
  });

  it('node and polygonize ~20k random segments: Euler V − E + F = components', () => {
    const random = lcg(2024);
    const lines: Position[][] = [];
    for (let i = 0; i < 20_000; i++) {
      const a: Position = [X + random() * 0.2, Y + random() * 0.2];
      const angle = random() * Math.PI * 2, length = random() * 0.003;
      lines.push([a, [a[0] + length * Math.cos(angle), a[1] + length * Math.sin(angle)]]);
    }
    const graph = nodeLines(lines);
    const result = polygonize(graph);
    const vertexCount = graph.vertices.length / 2, edgeCount = graph.edges.length / 2;
    expect(result.faces.length).toBeGreaterThan(100);
    // F counts bounded faces only, so the unbounded face is the "1" of V − E + F = 1 + C, moved to the left.
    expect(vertexCount - edgeCount + result.faces.length).toBe(componentCount(vertexCount, graph.edges));
    let facesArea = 0;
    for (const polygon of result.faces) {
      expect(polygonPlanarArea(polygon)).toBeGreaterThan(0);
      facesArea += polygonPlanarArea(polygon);
    }
    expect(facesArea).toBeLessThan(0.21 * 0.21);
  });
});
