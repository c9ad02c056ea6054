// Where people live inside a village: its main settlement plus a few hamlets (自然村), each holding a
// share of the village's households. Communities are one dense settlement.
import type { Position } from '../geo/types.ts';
import { pointInPolygon, ringBBox } from '../geo/ring.ts';
import { polygonAreaLocal } from './townships.ts';
import type { GeneratedVillage } from './villages.ts';
import type { TownshipKind } from './unit-kinds.ts';
import type { Random } from './random.ts';

export interface Settlement {
  villageCode: string;
  position: Position;
  /** Spread of the houses (m, one standard deviation). */
  spread: number;
  households: number;
  main: boolean;
}

/** Households of a whole village or community before county-wide calibration. */
function villageHouseholds(village: GeneratedVillage, township: TownshipKind, areaKm2: number, random: Random): number {
  if (village.kind === 'community') return township === 'urban' ? random.range(1200, 2800) : random.range(700, 1600);
  if (village.kind === 'farm-quarter') return random.range(150, 450);
  return random.range(380, 800) * Math.pow(areaKm2 / 5, 0.3);
}

export function generateSettlements(village: GeneratedVillage, township: TownshipKind, random: Random): Settlement[] {
  const areaKm2 = polygonAreaLocal(village.polygon) / 1e6;
  const households = villageHouseholds(village, township, areaKm2, random);
  if (village.kind === 'community') {
    const spread = 0.5 * Math.sqrt((areaKm2 * 1e6) / Math.PI);
    return [{ villageCode: village.code, position: village.settlement, spread, households, main: true }];
  }
  const hamletCount = village.kind === 'farm-quarter' ? random.integer(0, 2) : Math.max(1, Math.min(4, Math.round(areaKm2 / 1.6)));
  const positions: Position[] = [village.settlement];
  const [minX, minY, maxX, maxY] = ringBBox(village.polygon[0]);
  const minimumGap = Math.max(350, Math.sqrt((areaKm2 * 1e6) / (hamletCount + 1)) * 0.6);
  for (let attempt = 0; attempt < 300 && positions.length < hamletCount + 1; attempt++) {
    const candidate: Position = [random.range(minX, maxX), random.range(minY, maxY)];
    if (!pointInPolygon(candidate[0], candidate[1], village.polygon)) continue;
    if (positions.some((point) => Math.hypot(point[0] - candidate[0], point[1] - candidate[1]) < minimumGap)) continue;
    positions.push(candidate);
  }
  const mainShare = positions.length === 1 ? 1 : 0.5;
  return positions.map((position, i) => ({
    villageCode: village.code,
    position,
    spread: i === 0 ? random.range(130, 200) : random.range(80, 130),
    households: i === 0 ? households * mainShare : (households * (1 - mainShare)) / (positions.length - 1),
    main: i === 0,
  }));
}
