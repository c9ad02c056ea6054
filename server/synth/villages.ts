// Synthetic village polygons: each township's real villages and communities partition the township.
// Communities are small and clustered around the seat; villages spread over the farmland around them.
import type { Position, PolygonCoords } from '../geo/types.ts';
import { pointInPolygon, ringBBox } from '../geo/ring.ts';
import { partitionRegion } from './balanced-partition.ts';
import { interiorPoint } from './interior-point.ts';
import { polygonAreaLocal, type GeneratedTownship } from './townships.ts';
import type { Random } from './random.ts';
import type { SourceVillage } from './nanchang-source.ts';
import { nominalVillageArea, villageKind, type VillageKind } from './unit-kinds.ts';

export interface GeneratedVillage {
  code: string;
  name: string;
  townshipCode: string;
  kind: VillageKind;
  /** Local metric coordinates. */
  polygon: PolygonCoords;
  /** Main settlement (village centre or community core), inside the polygon. */
  settlement: Position;
}

/** Uniform sample points inside a polygon (rejection sampling in its bounding box). */
function samplePoints(polygon: PolygonCoords, count: number, random: Random): Position[] {
  const [minX, minY, maxX, maxY] = ringBBox(polygon[0]);
  const points: Position[] = [];
  for (let attempt = 0; attempt < count * 50 && points.length < count; attempt++) {
    const candidate: Position = [random.range(minX, maxX), random.range(minY, maxY)];
    if (pointInPolygon(candidate[0], candidate[1], polygon)) points.push(candidate);
  }
  return points;
}

/** Community anchors: the sample points nearest the seat, kept about one community apart,
 * so the communities form a compact core around the seat whatever the township's shape. */
function communityAnchors(seat: Position, samples: Position[], count: number, spacing: number): Position[] {
  const byDistance = samples.slice().sort((p, q) => Math.hypot(p[0] - seat[0], p[1] - seat[1]) - Math.hypot(q[0] - seat[0], q[1] - seat[1]));
  const anchors: Position[] = [];
  for (let relax = 1; anchors.length < count && relax > 0.05; relax *= 0.7) {
    for (const point of byDistance) {
      if (anchors.length >= count) break;
      if (anchors.every((anchor) => Math.hypot(anchor[0] - point[0], anchor[1] - point[1]) >= spacing * relax)) anchors.push(point);
    }
  }
  return anchors;
}

/** Best-candidate sampling: each new anchor is the candidate farthest from all earlier ones. */
function spreadAnchors(samples: Position[], taken: Position[], count: number, random: Random): Position[] {
  const anchors: Position[] = [];
  const all = [...taken];
  for (let k = 0; k < count; k++) {
    let best: Position = samples[0], bestDistance = -1;
    for (let attempt = 0; attempt < 24; attempt++) {
      const candidate = samples[random.integer(0, samples.length)];
      let nearest = Infinity;
      for (const point of all) nearest = Math.min(nearest, Math.hypot(point[0] - candidate[0], point[1] - candidate[1]));
      if (nearest > bestDistance) { best = candidate; bestDistance = nearest; }
    }
    anchors.push(best);
    all.push(best);
  }
  return anchors;
}

export function generateVillages(township: GeneratedTownship, villages: readonly SourceVillage[], random: Random): GeneratedVillage[] {
  const kinds = villages.map((village) => villageKind(village.name));
  const townshipArea = polygonAreaLocal(township.polygon);
  const nominal = kinds.map((kind) => nominalVillageArea(kind, township.kind));
  const nominalTotal = nominal.reduce((a, b) => a + b, 0);
  const targets = nominal.map((value) => (townshipArea * value) / nominalTotal);

  const communityIndices = kinds.map((kind, i) => (kind === 'community' ? i : -1)).filter((i) => i >= 0);
  const otherIndices = kinds.map((kind, i) => (kind === 'community' ? -1 : i)).filter((i) => i >= 0);
  const communityArea = communityIndices.length ? communityIndices.reduce((sum, i) => sum + targets[i], 0) / communityIndices.length : 0;
  const anchors: Position[] = new Array(villages.length);
  const samples = samplePoints(township.polygon, Math.max(200, 60 * villages.length), random);
  const core = communityAnchors(township.seat, samples, communityIndices.length, Math.sqrt(communityArea));
  communityIndices.forEach((index, k) => { anchors[index] = core[k]; });
  const spread = spreadAnchors(samples, core.length ? core : [township.seat], otherIndices.length, random);
  otherIndices.forEach((index, k) => { anchors[index] = spread[k]; });

  const partition = partitionRegion(
    township.polygon,
    villages.map((_, i) => ({ anchor: anchors[i], targetArea: targets[i], anchorPull: kinds[i] === 'community' ? 0.6 : 0.25 })),
    { maxIterations: 300, tolerance: 0.03 },
  );

  return villages.map((village, i) => {
    const polygon = partition.polygons[i];
    if (polygon.length === 0) throw new Error(`village ${village.code} received no area in township ${township.code}`);
    const site = partition.sites[i];
    const settlement = pointInPolygon(site[0], site[1], polygon) ? site : interiorPoint(polygon)!;
    return { code: village.code, name: village.name, townshipCode: township.code, kind: kinds[i], polygon, settlement };
  });
}
