// Roads inside a village: short lanes through its settlements and a coarse, slightly irregular grid of
// field roads across its farmland, so every village is cut into a useful number of blocks.
import type { Position } from '../geo/types.ts';
import { ringBBox } from '../geo/ring.ts';
import { clipLine } from './line-clip.ts';
import { meander } from './curves.ts';
import { polygonAreaLocal } from './townships.ts';
import { zoneDistance, type UrbanZone } from './urban-zones.ts';
import type { GeneratedVillage } from './villages.ts';
import type { Settlement } from './settlements.ts';
import type { LocalLine } from './street-grids.ts';
import type { Random } from './random.ts';

/** Field roads 400–650 m apart in ordinary villages (about 30 fields each), closer in communities. */
function fieldSpacing(village: GeneratedVillage, areaM2: number): number {
  if (village.kind === 'community') return Math.min(350, Math.max(200, Math.sqrt(areaM2 / 20)));
  return Math.min(650, Math.max(400, Math.sqrt(areaM2 / 30)));
}

/** Straight line rotated by `angle`, at `offset` across, from `from` to `to` along (rotated frame). */
function rotatedLine(angle: number, offset: number, from: number, to: number, step: number): Position[] {
  const cos = Math.cos(angle), sin = Math.sin(angle);
  const points: Position[] = [];
  const count = Math.max(1, Math.ceil((to - from) / step));
  for (let k = 0; k <= count; k++) {
    const along = from + ((to - from) * k) / count;
    points.push([along * cos - offset * sin, along * sin + offset * cos]);
  }
  return points;
}

/** Extent of the polygon in the frame rotated by `angle`: [minAlong, minAcross, maxAlong, maxAcross]. */
function rotatedExtent(ring: Position[], angle: number): [number, number, number, number] {
  const cos = Math.cos(angle), sin = Math.sin(angle);
  let minU = Infinity, minV = Infinity, maxU = -Infinity, maxV = -Infinity;
  for (const [x, y] of ring) {
    const u = x * cos + y * sin, v = -x * sin + y * cos;
    if (u < minU) minU = u; if (u > maxU) maxU = u; if (v < minV) minV = v; if (v > maxV) maxV = v;
  }
  return [minU, minV, maxU, maxV];
}

function cutAwayZones(lines: Position[][], zones: readonly UrbanZone[]): Position[][] {
  let pieces = lines;
  for (const zone of zones) pieces = pieces.flatMap((line) => clipLine(line, zone.shape, 'outside', 3));
  return pieces;
}

/** Pieces shorter than this only clip a corner of a village and would cut off slivers. */
const SHORTEST_PIECE_M = 40;

function lengthOf(line: Position[]): number {
  let length = 0;
  for (let i = 1; i < line.length; i++) length += Math.hypot(line[i][0] - line[i - 1][0], line[i][1] - line[i - 1][1]);
  return length;
}

function fieldRoads(village: GeneratedVillage, zones: readonly UrbanZone[], baseAngle: number, random: Random, seed: number): LocalLine[] {
  const areaM2 = polygonAreaLocal(village.polygon);
  const spacing = fieldSpacing(village, areaM2);
  const streetClass = village.kind === 'community' ? 'residential' : 'track';
  const output: LocalLine[] = [];
  for (const angle of [baseAngle, baseAngle + Math.PI / 2 + random.range(-0.08, 0.08)]) {
    const [minU, minV, maxU, maxV] = rotatedExtent(village.polygon[0], angle);
    for (let v = minV + spacing * random.range(0.3, 0.8); v < maxV; v += spacing * random.range(0.8, 1.2)) {
      const straight = rotatedLine(angle, v, minU - 20, maxU + 20, 180);
      const line = meander(straight, spacing * 0.04, 700, seed + Math.round(v));
      const inside = clipLine(line, village.polygon, 'inside', 3);
      for (const piece of cutAwayZones(inside, zones)) if (lengthOf(piece) >= SHORTEST_PIECE_M) output.push({ coordinates: piece, class: streetClass });
    }
  }
  return output;
}

/** A few crossing lanes through a settlement that lies outside any built-up zone, roughly in line
 * with the field roads around it so that they meet at decent angles. */
function settlementLanes(village: GeneratedVillage, settlement: Settlement, baseAngle: number, random: Random): LocalLine[] {
  const count = settlement.main ? (village.kind === 'community' ? 4 : 3) : 2;
  const spacing = settlement.main ? random.range(110, 150) : random.range(120, 170);
  const half = (count * spacing) / 2 + 60;
  const angle = baseAngle + random.range(-0.15, 0.15);
  const output: LocalLine[] = [];
  for (const direction of [angle, angle + Math.PI / 2]) {
    for (let k = 0; k < count; k++) {
      const offset = -((count - 1) * spacing) / 2 + k * spacing + random.range(-15, 15);
      const line = rotatedLine(direction, offset, -half * random.range(0.8, 1.1), half * random.range(0.8, 1.1), 1e9)
        .map(([x, y]) => [x + settlement.position[0], y + settlement.position[1]] as Position);
      for (const piece of clipLine(line, village.polygon, 'inside', 3)) {
        if (lengthOf(piece) < SHORTEST_PIECE_M) continue;
        output.push({ coordinates: piece, class: settlement.main ? 'residential' : 'lane' });
      }
    }
  }
  return output;
}

export function villageRoads(village: GeneratedVillage, settlements: readonly Settlement[], zones: readonly UrbanZone[], random: Random, seed: number): LocalLine[] {
  const [minX, minY, maxX, maxY] = ringBBox(village.polygon[0]);
  const nearby = zones.filter((zone) => {
    const reach = Math.max(zone.radiusMajor, zone.radiusMinor) * 1.2;
    return zone.centre[0] + reach >= minX && zone.centre[0] - reach <= maxX && zone.centre[1] + reach >= minY && zone.centre[1] - reach <= maxY;
  });
  const baseAngle = random.range(-0.35, 0.35);
  const output = fieldRoads(village, nearby, baseAngle, random, seed);
  for (const settlement of settlements) {
    if (nearby.some((zone) => zoneDistance(zone, settlement.position) < 1)) continue;
    output.push(...settlementLanes(village, settlement, baseAngle, random));
  }
  return output;
}
