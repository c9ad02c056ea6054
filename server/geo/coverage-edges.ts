// Exact tiling test on shared edges: grids tile an area exactly when their boundaries, added up as
// directed edges, equal the area's boundary (interior edges cancel in opposite pairs).
import type { PolygonCoords, Position } from './types.ts';
import { signedArea } from './ring.ts';

/**
 * True when the grids cover the area exactly, with no gap, overlap or overhang. Each ring is taken in
 * RFC 7946 direction (exterior counter-clockwise, holes clockwise) and every edge is counted with a
 * sign; the grids' net count must equal the area's for every edge. Equal boundaries as chains mean
 * equal winding numbers everywhere, i.e. the grids' indicator functions sum to the area's — provided
 * every ring is valid (check that first). Linear in the number of edges. A false answer is not proof
 * of a problem: edges split differently on the two sides (a vertex on one side only) also fail here.
 */
export function tilesExactly(grids: PolygonCoords[], area: PolygonCoords[]): boolean {
  const net = new Map<string, number>();
  for (const polygon of grids) addPolygon(net, polygon, 1);
  for (const polygon of area) addPolygon(net, polygon, -1);
  for (const count of net.values()) if (count !== 0) return false;
  return true;
}

function addPolygon(net: Map<string, number>, polygon: PolygonCoords, sign: number): void {
  polygon.forEach((ring, index) => {
    const counterClockwise = signedArea(ring) > 0;
    const forward = (index === 0) === counterClockwise;
    for (let i = 0; i + 1 < ring.length; i++) {
      const from = ring[i], to = ring[i + 1];
      if (from[0] === to[0] && from[1] === to[1]) continue;
      addEdge(net, forward ? from : to, forward ? to : from, sign);
    }
  });
}

function addEdge(net: Map<string, number>, from: Position, to: Position, sign: number): void {
  // Number-to-string is exact for doubles (shortest round-trip form), so keys compare bit for bit.
  const a = `${from[0]},${from[1]}`, b = `${to[0]},${to[1]}`;
  const [key, direction] = a < b ? [`${a};${b}`, 1] : [`${b};${a}`, -1];
  const value = (net.get(key) ?? 0) + sign * direction;
  if (value === 0) net.delete(key);
  else net.set(key, value);
}
