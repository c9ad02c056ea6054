// Partition a region into cells of given target areas: a power diagram whose weights are raised or
// lowered until each cell (clipped to the region) has about its target area, with sites drawn
// part-way from their anchors towards their cells' centroids so shapes stay compact.
import type { Position, PolygonCoords } from '../geo/types.ts';
import { ringBBox, signedArea } from '../geo/ring.ts';
import { clipPolygonByHalfPlanes } from './half-plane-clip.ts';
import { powerCell, type PowerSite } from './power-cells.ts';
import { areaAndCentroid, contiguousMoments, makeContiguous } from './contiguity.ts';

export interface PartitionSite {
  anchor: Position;
  targetArea: number;
  /** 1 keeps the site at its anchor; 0 lets it follow its cell's centroid. */
  anchorPull: number;
}

export interface PartitionOptions {
  maxIterations?: number;
  /** Stop once every cell is within this relative error of its target. */
  tolerance?: number;
}

export interface PartitionResult {
  /** One polygon per site, in site order; together they tile the region. */
  polygons: PolygonCoords[];
  /** Final site positions (inside or near their cells). */
  sites: Position[];
  /** Largest relative area error of the final, contiguous polygons. */
  worstAreaError: number;
  iterations: number;
}

type Box = [number, number, number, number];

/** Weight (and site) updates until the clipped cells match `targets`; returns the worst error. */
function balanceWeights(region: PolygonCoords, sites: readonly PartitionSite[], targets: readonly number[], power: PowerSite[], box: Box, maxIterations: number, tolerance: number): number {
  let iteration = 0;
  for (; iteration < maxIterations; iteration++) {
    const pieces = power.map((_, i) => {
      const cell = powerCell(power, i, box);
      return cell.polygon.length ? clipPolygonByHalfPlanes(region, cell.planes) : [];
    });
    // When a cell falls apart in a concave region, count what it will really hold: its main piece,
    // plus any stray pieces of its neighbours that it will be given.
    const moments = pieces.every((parts) => parts.length <= 1)
      ? pieces.map((parts) => (parts.length ? areaAndCentroid(parts[0]) : { area: 0, centroid: null }))
      : contiguousMoments(pieces);
    let worst = 0;
    for (let i = 0; i < sites.length; i++) worst = Math.max(worst, Math.abs(moments[i].area - targets[i]) / targets[i]);
    if (worst < tolerance) break;
    // Gradient step on the weights: the derivative of a cell's area by its weight is of order one.
    const step = 0.45;
    for (let i = 0; i < sites.length; i++) {
      power[i].weight += step * (targets[i] - moments[i].area) * (moments[i].area === 0 ? 2 : 1);
      const centroid = moments[i].centroid;
      if (!centroid) continue;
      const { anchor, anchorPull } = sites[i];
      const goal: Position = [anchor[0] + (1 - anchorPull) * (centroid[0] - anchor[0]), anchor[1] + (1 - anchorPull) * (centroid[1] - anchor[1])];
      // Sites move gradually so the weights can keep up.
      power[i].position = [power[i].position[0] * 0.7 + goal[0] * 0.3, power[i].position[1] * 0.7 + goal[1] * 0.3];
    }
    // Weights matter only relative to each other; re-centring keeps them small.
    const meanWeight = power.reduce((sum, site) => sum + site.weight, 0) / power.length;
    for (const site of power) site.weight -= meanWeight;
  }
  return iteration;
}

const polygonArea = (polygon: PolygonCoords): number => polygon.reduce((sum, ring) => sum + signedArea(ring), 0);

export function partitionRegion(region: PolygonCoords, sites: readonly PartitionSite[], options: PartitionOptions = {}): PartitionResult {
  const maxIterations = options.maxIterations ?? 300;
  const tolerance = options.tolerance ?? 0.01;
  if (sites.length === 1) return { polygons: [region], sites: [sites[0].anchor], worstAreaError: 0, iterations: 0 };

  const [minX, minY, maxX, maxY] = ringBBox(region[0]);
  const margin = Math.max(maxX - minX, maxY - minY);
  const box: Box = [minX - margin, minY - margin, maxX + margin, maxY + margin];
  const power: PowerSite[] = sites.map((site) => ({ position: [...site.anchor] as Position, weight: 0 }));
  const wanted = sites.map((site) => site.targetArea);

  // Handing stray pieces to neighbours shifts areas; when it shifts them much, the targets are
  // corrected by the shift and the weights balanced again from where they were.
  let targets = wanted.slice();
  let best: PartitionResult | null = null;
  let iterations = 0;
  for (let round = 0; round < 4; round++) {
    iterations += balanceWeights(region, sites, targets, power, box, maxIterations, tolerance);
    const pieces = power.map((_, i) => {
      const cell = powerCell(power, i, box);
      return cell.polygon.length ? clipPolygonByHalfPlanes(region, cell.planes) : [];
    });
    const polygons = makeContiguous(pieces);
    const areas = polygons.map(polygonArea);
    const worst = Math.max(...areas.map((area, i) => Math.abs(area - wanted[i]) / wanted[i]));
    const complete = polygons.every((polygon) => polygon.length > 0);
    if (complete && (!best || worst < best.worstAreaError)) {
      best = { polygons, sites: power.map((site) => [...site.position] as Position), worstAreaError: worst, iterations };
    }
    if (complete && worst < Math.max(3 * tolerance, 0.03)) break;
    targets = targets.map((target, i) => (areas[i] > 0 ? target * Math.min(2, Math.max(0.5, wanted[i] / areas[i])) : target * 1.5));
    const scale = wanted.reduce((a, b) => a + b, 0) / targets.reduce((a, b) => a + b, 0);
    targets = targets.map((target) => target * scale);
  }
  if (!best) throw new Error('partitionRegion: some cells received no area');
  return best;
}
