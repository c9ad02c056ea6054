import { describe, expect, it } from 'vitest';
import { nodeLines, validatePlanarGraph, type NodedGraph } from '../../server/geo/noding.ts';
import { distanceM } from '../../server/geo/ring.ts';
import type { Position } from '../../server/geo/types.ts';

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

function vertexList(graph: NodedGraph): Position[] {
  const list: Position[] = [];
  for (let i = 0; i < graph.vertices.length; i += 2) list.push([graph.vertices[i], graph.vertices[i + 1]]);
  return list;
}

function edgeList(graph: NodedGraph): Array<[Position, Position]> {
  const vertices = vertexList(graph);
  const list: Array<[Position, Position]> = [];
  for (let i = 0; i < graph.edges.length; i += 2) list.push([vertices[graph.edges[i]], vertices[graph.edges[i + 1]]]);
  return list;
}

function totalLengthM(graph: NodedGraph): number {
  return edgeList(graph).reduce((sum, [a, b]) => sum + distanceM(a, b), 0);
}

function degreeOf(graph: NodedGraph, vertex: number): number {
  let degree = 0;
  for (const v of graph.edges) if (v === vertex) degree++;
  return degree;
}

function findVertex(graph: NodedGraph, x: number, y: number): number {
  return vertexList(graph).findIndex(([vx, vy]) => vx === x && vy === y);
}

const X = 115.9, Y = 28.5;

describe('nodeLines', () => {
  it('splits two crossing segments at their crossing', () => {
    const graph = nodeLines([[[X, Y], [X + 0.002, Y + 0.002]], [[X, Y + 0.002], [X + 0.002, Y]]]);
    expect(graph.vertices.length / 2).toBe(5);
    expect(graph.edges.length / 2).toBe(4);
    const centre = findVertex(graph, 115.901, 28.501);
    expect(centre).toBeGreaterThanOrEqual(0);
    expect(degreeOf(graph, centre)).toBe(4);
    expect(validatePlanarGraph(graph)).toEqual({ valid: true });
  });

  it('keeps one edge for identical and reversed duplicate segments', () => {
    const segment: Position[] = [[X, Y], [X + 0.001, Y + 0.0005]];
    const graph = nodeLines([segment, segment.slice().reverse(), segment]);
    expect(graph.edges.length / 2).toBe(1);
    expect(graph.vertices.length / 2).toBe(2);
  });

  it('nodes collinear overlapping segments into shared pieces', () => {
    const graph = nodeLines([[[X, Y], [X + 0.003, Y]], [[X + 0.001, Y], [X + 0.005, Y]]]);
    expect(graph.vertices.length / 2).toBe(4);
    expect(graph.edges.length / 2).toBe(3);
    expect(totalLengthM(graph)).toBeCloseTo(distanceM([X, Y], [X + 0.005, Y]), 6);
    expect(validatePlanarGraph(graph)).toEqual({ valid: true });
  });

  it('splits an edge where another line ends on it (T junction)', () => {
    const graph = nodeLines([[[X, Y], [X + 0.004, Y + 0.002]], [[X + 0.002, Y + 0.001], [X + 0.002, Y + 0.003]]]);
    expect(graph.edges.length / 2).toBe(3);
    expect(degreeOf(graph, findVertex(graph, X + 0.002, Y + 0.001))).toBe(3);
  });

  it('merges vertices closer than the grid and puts every coordinate on the grid', () => {
    const graph = nodeLines([[[X, Y], [X + 0.001, Y]], [[X + 0.001 + 3e-9, Y - 2e-9], [X + 0.001, Y + 0.001]]]);
    expect(graph.vertices.length / 2).toBe(3);
    for (const [x, y] of vertexList(graph)) {
      expect(Math.round(x * 1e7) / 1e7).toBe(x);
      expect(Math.round(y * 1e7) / 1e7).toBe(y);
    }
  });

  it('honours a coarser grid size', () => {
    const graph = nodeLines([[[X + 0.0000012, Y + 0.0000049], [X + 0.0010004, Y]]], { gridSize: 1e-6 });
    expect(vertexList(graph)).toEqual([[115.900001, 28.500005], [115.901, 28.5]]);
  });

  it('routes a segment through a vertex lying within half a grid cell of it', () => {
    // In grid units: the segment (0,0)→(1000,3) passes 0.001 below the end (333,1) of a line going north,
    // without touching it. Snap rounding makes that vertex a node of the segment.
    const unit = 1e-7;
    const graph = nodeLines([[[X, Y], [X + 1000 * unit, Y + 3 * unit]], [[X + 333 * unit, Y + unit], [X + 333 * unit, Y + 1000 * unit]]]);
    expect(graph.edges.length / 2).toBe(3);
    expect(degreeOf(graph, findVertex(graph, 115.9000333, 28.5000001))).toBe(3);
    expect(validatePlanarGraph(graph)).toEqual({ valid: true });
  });

  it('meets many lines through one computed point at a single vertex', () => {
    const lines: Position[][] = [];
    for (let k = 0; k < 12; k++) {
      const angle = (k * Math.PI) / 12 + 0.01;
      const dx = 0.003 * Math.cos(angle), dy = 0.003 * Math.sin(angle);
      lines.push([[X + 0.005 - dx, Y + 0.005 - dy], [X + 0.005 + dx, Y + 0.005 + dy]]);
    }
    const graph = nodeLines(lines);
    expect(graph.vertices.length / 2).toBe(25);
    expect(degreeOf(graph, findVertex(graph, X + 0.005, Y + 0.005))).toBe(24);
    expect(validatePlanarGraph(graph)).toEqual({ valid: true });
  });

  it('produces a valid planar graph from dense random segments, losing no length', () => {
    const random = lcg(7);
    const lines: Position[][] = [];
    let inputLength = 0;
    for (let i = 0; i < 1500; i++) {
      const a: Position = [X + random() * 0.01, Y + random() * 0.01];
      const b: Position = [a[0] + (random() - 0.5) * 0.003, a[1] + (random() - 0.5) * 0.003];
      lines.push([a, b]);
      inputLength += distanceM(a, b);
    }
    const graph = nodeLines(lines);
    expect(graph.converged).toBe(true);
    expect(validatePlanarGraph(graph)).toEqual({ valid: true });
    expect(graph.edges.length / 2).toBeGreaterThan(lines.length * 2);
    // Snapping moves points by at most half a cell, so the length changes by far less than 1e-4.
    expect(Math.abs(totalLengthM(graph) - inputLength) / inputLength).toBeLessThan(1e-4);
  });

  it('converges on nearly parallel, nearly touching lines where snapping creates new contacts', () => {
    const random = lcg(11);
    const lines: Position[][] = [];
    for (let i = 0; i < 300; i++) {
      const offset = random() * 3e-7;
      const tilt = (random() - 0.5) * 4e-7;
      lines.push([[X, Y + offset], [X + 0.0005 + random() * 1e-6, Y + offset + tilt]]);
    }
    for (let i = 0; i < 30; i++) lines.push([[X + random() * 0.0005, Y - 1e-6], [X + random() * 0.0005, Y + 1e-6]]);
    const graph = nodeLines(lines);
    expect(graph.converged).toBe(true);
    expect(validatePlanarGraph(graph)).toEqual({ valid: true });
  });

  it('reports crossings in a graph that was not noded', () => {
    const crossing: NodedGraph = {
      vertices: new Float64Array([0, 0, 2, 2, 0, 2, 2, 0]),
      gridVertices: new Float64Array([0, 0, 20, 20, 0, 20, 20, 0]),
      edges: new Uint32Array([0, 1, 2, 3]),
      gridSize: 0.1,
      iterations: 0,
      converged: true,
    };
    expect(validatePlanarGraph(crossing)).toEqual({ valid: false, reason: '1 edge crossings' });
    const touching = { ...crossing, gridVertices: new Float64Array([0, 0, 20, 0, 10, 0, 10, 10]) };
    expect(validatePlanarGraph(touching).valid).toBe(false);
  });
});
