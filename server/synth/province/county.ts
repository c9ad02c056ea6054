// One county of the synthetic province as input for the county pipeline: its outline (already
// WGS84), its units, and layout hints that put the seat town and the urban units (街道) together
// at the county seat. Routes, rivers and canals are left out: arterial roads between the seats and
// every township's street grid and lanes are generated anyway.
import type { Position } from '../../geo/types.ts';
import { createLocalProjection } from '../local-projection.ts';
import { createRandom, deriveSeed } from '../random.ts';
import type { CountySource } from '../nanchang.ts';
import type { CountyLayoutHints, TownshipHint } from '../nanchang-layout.ts';
import type { PlannedCounty } from './counties.ts';
import { countyUnits, type UnitCounts } from './units.ts';

export interface CountyInput {
  source: CountySource;
  layout: CountyLayoutHints;
  totalHouseholds: number;
}

/** Urban units sit this far from the seat, around it. */
const URBAN_RING_M = 2_800;

export function countyInput(county: PlannedCounty, counts: UnitCounts, seed: number): CountyInput {
  const random = createRandom(deriveSeed(seed, `units:${county.code}`));
  const units = countyUnits(county.code, counts, random);
  const projection = createLocalProjection(county.seat);
  const names = new Map(units.townships.map((unit) => [unit.code, unit.name]));
  const hints: Record<string, TownshipHint> = {};
  hints[names.get(units.seatTownship)!] = { seat: county.seat, urbanRadiusM: 2_400, urbanDensity: 5_000 };
  const turn = random.range(0, 2 * Math.PI);
  units.urbanTownships.forEach((code, k) => {
    const angle = turn + (2 * Math.PI * k) / units.urbanTownships.length;
    const seat: Position = projection.toLonLat([URBAN_RING_M * Math.cos(angle), URBAN_RING_M * Math.sin(angle)]);
    hints[names.get(code)!] = { seat, urbanRadiusM: 1_800, urbanDensity: 4_500 };
  });
  // Rural density of a few dozen to a hundred-odd households per km², plus the towns.
  const density = random.range(70, 130);
  return {
    source: { countyCode: county.code, countyName: county.name, outlineWgs84: county.outline, townships: units.townships, villages: units.villages },
    layout: { townships: hints, routes: [], edgeRivers: [] },
    totalHouseholds: Math.round(county.areaKm2 * density),
  };
}
