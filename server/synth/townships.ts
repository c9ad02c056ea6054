// Synthetic township polygons: a balanced power diagram of the seats inside the real county outline,
// each unit sized by the number and kind of its villages.
import type { Position, PolygonCoords } from '../geo/types.ts';
import { pointInPolygon, ringBBox, signedArea } from '../geo/ring.ts';
import { partitionRegion } from './balanced-partition.ts';
import { placeSeat } from './seat-placement.ts';
import { interiorPoint } from './interior-point.ts';
import type { Random } from './random.ts';
import type { SourceUnit, SourceVillage } from './nanchang-source.ts';
import type { TownshipHint } from './nanchang-layout.ts';
import { nominalVillageArea, townshipKind, villageKind, type TownshipKind } from './unit-kinds.ts';

export interface GeneratedTownship {
  code: string;
  name: string;
  kind: TownshipKind;
  /** Local metric coordinates. */
  polygon: PolygonCoords;
  /** Seat of the unit, inside its polygon (local metres). */
  seat: Position;
  hint?: TownshipHint;
}

/** Seats closer than this to the outline are pulled inside so their unit has room. */
const SEAT_DEPTH_M = 800;
const SEAT_JITTER_M = 250;

export function polygonAreaLocal(polygon: PolygonCoords): number {
  return polygon.reduce((sum, ring) => sum + signedArea(ring), 0);
}

/** A seat for a unit without a hint: the sampled point farthest from the seats already known. */
function spreadSeat(county: PolygonCoords, taken: Position[], random: Random): Position {
  const [minX, minY, maxX, maxY] = ringBBox(county[0]);
  let best: Position | null = null, bestScore = -1;
  for (let attempt = 0; attempt < 400; attempt++) {
    const candidate: Position = [random.range(minX, maxX), random.range(minY, maxY)];
    if (!pointInPolygon(candidate[0], candidate[1], county)) continue;
    const score = taken.reduce((nearest, seat) => Math.min(nearest, Math.hypot(seat[0] - candidate[0], seat[1] - candidate[1])), Infinity);
    if (score > bestScore) { best = candidate; bestScore = score; }
  }
  return best ?? interiorPoint(county)!;
}

export function generateTownships(
  county: PolygonCoords,
  townships: readonly SourceUnit[],
  villages: readonly SourceVillage[],
  hints: Record<string, TownshipHint>,
  toLocal: (position: Position) => Position,
  random: Random,
): GeneratedTownship[] {
  const countyArea = polygonAreaLocal(county);
  const kinds = townships.map((township) => townshipKind(township.name));
  const nominal = townships.map((township, i) => {
    const own = villages.filter((village) => village.townshipCode === township.code);
    const sum = own.reduce((total, village) => total + nominalVillageArea(villageKind(village.name), kinds[i]), 0);
    return Math.max(sum, 1) * (hints[township.name]?.areaFactor ?? 1);
  });
  const nominalTotal = nominal.reduce((a, b) => a + b, 0);

  // Hinted seats are rough; a seeded nudge of a few hundred metres varies the layout between seeds.
  const anchors: (Position | null)[] = townships.map((township) => {
    const hint = hints[township.name];
    if (!hint) return null;
    const [x, y] = toLocal(hint.seat);
    return [x + SEAT_JITTER_M * random.normal(), y + SEAT_JITTER_M * random.normal()];
  });
  const placed = anchors.map((anchor) => (anchor ? placeSeat(anchor, county, SEAT_DEPTH_M) : null));
  const known = placed.filter((seat) => seat !== null).map((seat) => seat!.position);
  const seats = placed.map((seat) => {
    if (seat) return seat;
    const position = spreadSeat(county, known, random);
    known.push(position);
    return { position, moved: true };
  });

  const targets = nominal.map((value) => (countyArea * value) / nominalTotal);
  const partition = partitionRegion(
    county,
    townships.map((_, i) => ({
      anchor: seats[i].position,
      targetArea: targets[i],
      // Seats that had to be moved are only rough, so their cells may drift further.
      anchorPull: seats[i].moved ? 0.3 : 0.7,
    })),
    { maxIterations: 400, tolerance: 0.01 },
  );

  return townships.map((township, i) => {
    const polygon = partition.polygons[i];
    const seat = seats[i].position;
    const inside = pointInPolygon(seat[0], seat[1], polygon);
    const fallback = pointInPolygon(partition.sites[i][0], partition.sites[i][1], polygon) ? partition.sites[i] : interiorPoint(polygon)!;
    return { code: township.code, name: township.name, kind: kinds[i], polygon, seat: inside ? seat : fallback, hint: hints[township.name] };
  });
}
