// Roads between townships: arterials along a minimum spanning tree of the seats plus a few more
// Delaunay edges, and the long routes (expressways, national road, railways) of the layout hints.
import { Delaunay } from 'd3-delaunay';
import type { Position } from '../geo/types.ts';
import { bowedPath, meanderingPath } from './curves.ts';
import type { LocalLine } from './street-grids.ts';
import type { Random } from './random.ts';

interface Edge {
  from: number;
  to: number;
  length: number;
}

function delaunayEdges(points: readonly Position[]): Edge[] {
  const delaunay = Delaunay.from(points as Position[]);
  const seen = new Set<string>();
  const edges: Edge[] = [];
  const { triangles } = delaunay;
  for (let t = 0; t < triangles.length; t += 3) {
    for (const [a, b] of [[triangles[t], triangles[t + 1]], [triangles[t + 1], triangles[t + 2]], [triangles[t + 2], triangles[t]]]) {
      const key = a < b ? `${a}-${b}` : `${b}-${a}`;
      if (seen.has(key)) continue;
      seen.add(key);
      edges.push({ from: Math.min(a, b), to: Math.max(a, b), length: Math.hypot(points[a][0] - points[b][0], points[a][1] - points[b][1]) });
    }
  }
  return edges.sort((x, y) => x.length - y.length || x.from - y.from || x.to - y.to);
}

/** Kruskal's minimum spanning tree over the given edges. */
function spanningTree(count: number, edges: readonly Edge[]): Set<Edge> {
  const parent = Array.from({ length: count }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const tree = new Set<Edge>();
  for (const edge of edges) {
    const a = find(edge.from), b = find(edge.to);
    if (a === b) continue;
    parent[a] = b;
    tree.add(edge);
  }
  return tree;
}

/** Arterial roads joining township seats. `maxExtraLength` bounds the non-tree links added. */
export function arterialRoads(seats: readonly Position[], random: Random, seed: number, maxExtraLength = 15000): LocalLine[] {
  if (seats.length < 2) return [];
  const edges = seats.length >= 3 ? delaunayEdges(seats) : [{ from: 0, to: 1, length: Math.hypot(seats[0][0] - seats[1][0], seats[0][1] - seats[1][1]) }];
  const tree = spanningTree(seats.length, edges);
  const output: LocalLine[] = [];
  for (const edge of edges) {
    const inTree = tree.has(edge);
    if (!inTree && (edge.length > maxExtraLength || random.next() < 0.45)) continue;
    const bow = edge.length * random.range(-0.08, 0.08);
    const coordinates = bowedPath(seats[edge.from], seats[edge.to], bow, { spacing: 200, amplitude: 60, wavelength: 1800, seed: seed + edge.from * 131 + edge.to });
    output.push({ coordinates, class: inTree ? 'primary' : 'secondary' });
  }
  return output;
}

export interface ResolvedRoute {
  class: string;
  name?: string;
  waypoints: Position[];
  meanderM: number;
  wavelengthM: number;
}

export function routeLines(routes: readonly ResolvedRoute[], seed: number): LocalLine[] {
  return routes.map((route, i) => ({
    coordinates: meanderingPath(route.waypoints, { spacing: 120, amplitude: route.meanderM, wavelength: route.wavelengthM, seed: seed + i * 7919 }),
    class: route.class,
    name: route.name,
  }));
}
