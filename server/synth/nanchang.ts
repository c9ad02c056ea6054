// The synthetic layers of the built-in Nanchang County dataset: township and village polygons that
// partition the real county outline, streets, rivers and a household estimate. Deterministic per seed.
import type { AreaUnit, CuttingLine, PolygonCoords, Position } from '../geo/types.ts';
import { geometryToWgs84 } from '../geo/crs.ts';
import { rewindPolygon, ringBBox } from '../geo/ring.ts';
import { createLocalProjection } from './local-projection.ts';
import { createRandom, deriveSeed } from './random.ts';
import { loadNanchangSource, type NanchangSource } from './nanchang-source.ts';
import { NANCHANG_LAYOUT, type CountyLayoutHints } from './nanchang-layout.ts';
import { generateTownships, type GeneratedTownship } from './townships.ts';
import { generateVillages, type GeneratedVillage } from './villages.ts';
import { generateUrbanZone, type UrbanZone } from './urban-zones.ts';
import { generateSettlements, type Settlement } from './settlements.ts';
import { streetGrid, type LocalLine } from './street-grids.ts';
import { villageRoads } from './village-roads.ts';
import { arterialRoads, routeLines, type ResolvedRoute } from './roads.ts';
import { canals, edgeRiver } from './rivers.ts';
import { clipLine } from './line-clip.ts';
import { createHouseholdModel } from './households.ts';

export interface NanchangLayers {
  county: AreaUnit;
  townships: AreaUnit[];
  /** parentCode = township code. */
  villages: AreaUnit[];
  streets: CuttingLine[];
  water: CuttingLine[];
  /** Integer household estimate for a block polygon (WGS84) of the given area. */
  householdsForBlock(polygon: PolygonCoords, areaM2: number): number;
  totalHouseholdsEstimate: number;
}

export interface GenerateOptions {
  seed?: number;
  layout?: CountyLayoutHints;
  /** Households the whole county should hold; about 1.03 million people at 2.9 per household. */
  totalHouseholds?: number;
}

export const DEFAULT_SEED = 360121;
const DEFAULT_TOTAL_HOUSEHOLDS = 352_000;

export function generateNanchangLayers(options: GenerateOptions = {}): NanchangLayers {
  return generateLayersFromSource(loadNanchangSource(), options);
}

function byCode<T extends { code: string }>(items: readonly T[]): T[] {
  return items.slice().sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** A county's inputs: its outline as published (GCJ-02, as Amap gives it) or already in WGS84, and its units. */
export type CountySource = Omit<NanchangSource, 'outlineGcj02'> & ({ outlineGcj02: PolygonCoords } | { outlineWgs84: PolygonCoords });

export function generateLayersFromSource(source: CountySource, options: GenerateOptions = {}): NanchangLayers {
  const seed = options.seed ?? DEFAULT_SEED;
  const layout = options.layout ?? NANCHANG_LAYOUT;
  const outline = rewindPolygon(
    'outlineWgs84' in source ? source.outlineWgs84 : geometryToWgs84({ type: 'Polygon', coordinates: source.outlineGcj02 }, 'gcj02').coordinates,
  );
  const [west, south, east, north] = ringBBox(outline[0]);
  const projection = createLocalProjection([(west + east) / 2, (south + north) / 2]);

  // Vertices taken over from the outline convert back to their exact original coordinates.
  const original = new Map<Position, Position>();
  const county: PolygonCoords = outline.map((ring) => ring.map((position) => {
    const local = projection.toLocal(position);
    original.set(local, position);
    return local;
  }));
  const toLonLat = (local: Position): Position => original.get(local) ?? projection.toLonLat(local);
  const polygonToLonLat = (polygon: PolygonCoords): PolygonCoords => rewindPolygon(polygon.map((ring) => ring.map(toLonLat)));

  const townshipSources = byCode(source.townships);
  const villageSources = byCode(source.villages);
  const townships = generateTownships(county, townshipSources, villageSources, layout.townships, projection.toLocal, createRandom(deriveSeed(seed, 'townships')));
  const villagesByTownship = new Map<string, GeneratedVillage[]>();
  for (const township of townships) {
    const own = villageSources.filter((village) => village.townshipCode === township.code);
    villagesByTownship.set(township.code, own.length ? generateVillages(township, own, createRandom(deriveSeed(seed, `villages:${township.code}`))) : []);
  }
  const villages = townships.flatMap((township) => villagesByTownship.get(township.code)!);
  const townshipByCode = new Map(townships.map((township) => [township.code, township]));

  const zones = townships.map((township) => generateUrbanZone(township, createRandom(deriveSeed(seed, `zone:${township.code}`))));
  const settlements: Settlement[] = villages.flatMap((village) =>
    generateSettlements(village, townshipByCode.get(village.townshipCode)!.kind, createRandom(deriveSeed(seed, `settlements:${village.code}`))),
  );

  const streets = buildStreets(county, townships, villages, zones, settlements, layout, projection.toLocal, seed);
  const water = buildWater(county, townships, layout, projection.toLocal, seed);
  const households = createHouseholdModel(county, zones, settlements, options.totalHouseholds ?? DEFAULT_TOTAL_HOUSEHOLDS, deriveSeed(seed, 'households'));

  const toLines = (lines: LocalLine[], kind: 'street' | 'water'): CuttingLine[] =>
    lines.map((line) => ({ kind, class: line.class, ...(line.name ? { name: line.name } : {}), coordinates: line.coordinates.map(toLonLat) }));

  return {
    county: { code: source.countyCode, name: source.countyName, geometry: { type: 'Polygon', coordinates: outline } },
    townships: townships.map((township) => ({ code: township.code, name: township.name, geometry: { type: 'Polygon', coordinates: polygonToLonLat(township.polygon) } })),
    villages: villages.map((village) => ({
      code: village.code,
      name: village.name,
      parentCode: village.townshipCode,
      geometry: { type: 'Polygon', coordinates: polygonToLonLat(village.polygon) },
    })),
    streets: toLines(streets, 'street'),
    water: toLines(water, 'water'),
    householdsForBlock: (polygon, areaM2) =>
      households.householdsForLocalPolygon(polygon.map((ring) => ring.map(projection.toLocal)), areaM2),
    totalHouseholdsEstimate: households.totalHouseholds,
  };
}

function resolveWaypoints(waypoints: readonly (Position | string)[], townships: readonly GeneratedTownship[], toLocal: (p: Position) => Position): Position[] | null {
  const points: Position[] = [];
  for (const waypoint of waypoints) {
    if (typeof waypoint !== 'string') { points.push(toLocal(waypoint)); continue; }
    const township = townships.find((candidate) => candidate.name === waypoint);
    if (!township) return null;
    points.push(township.seat);
  }
  return points;
}

function resolveRoutes(kind: 'street' | 'water', layout: CountyLayoutHints, townships: readonly GeneratedTownship[], toLocal: (p: Position) => Position): ResolvedRoute[] {
  return layout.routes
    .filter((route) => route.kind === kind)
    .flatMap((route) => {
      const waypoints = resolveWaypoints(route.waypoints, townships, toLocal);
      return waypoints ? [{ class: route.class, name: route.name, waypoints, meanderM: route.meanderM, wavelengthM: route.wavelengthM }] : [];
    });
}

function clipToCounty(lines: LocalLine[], county: PolygonCoords): LocalLine[] {
  return lines.flatMap((line) => clipLine(line.coordinates, county, 'inside', 5).map((coordinates) => ({ ...line, coordinates })));
}

function buildStreets(
  county: PolygonCoords,
  townships: readonly GeneratedTownship[],
  villages: readonly GeneratedVillage[],
  zones: readonly UrbanZone[],
  settlements: readonly Settlement[],
  layout: CountyLayoutHints,
  toLocal: (p: Position) => Position,
  seed: number,
): LocalLine[] {
  const grids = zones.flatMap((zone) => streetGrid(zone, createRandom(deriveSeed(seed, `grid:${zone.townshipCode}`))));
  const arterials = arterialRoads(townships.map((township) => township.seat), createRandom(deriveSeed(seed, 'arterials')), deriveSeed(seed, 'arterial-bends'));
  const routes = routeLines(resolveRoutes('street', layout, townships, toLocal), deriveSeed(seed, 'routes'));
  const settlementsByVillage = new Map<string, Settlement[]>();
  for (const settlement of settlements) settlementsByVillage.set(settlement.villageCode, [...(settlementsByVillage.get(settlement.villageCode) ?? []), settlement]);
  const lanes = villages.flatMap((village) =>
    villageRoads(village, settlementsByVillage.get(village.code) ?? [], zones, createRandom(deriveSeed(seed, `roads:${village.code}`)), deriveSeed(seed, `bends:${village.code}`)),
  );
  return [...clipToCounty([...routes, ...arterials, ...grids], county), ...lanes];
}

function buildWater(county: PolygonCoords, townships: readonly GeneratedTownship[], layout: CountyLayoutHints, toLocal: (p: Position) => Position, seed: number): LocalLine[] {
  const edgeRivers = layout.edgeRivers.flatMap((river, i) => {
    const line = edgeRiver(county, { name: river.name, fromY: toLocal([0, river.fromLat])[1], toY: toLocal([0, river.toLat])[1], insetM: river.insetM, exit: toLocal(river.exit) }, deriveSeed(seed, `edge-river:${i}`));
    return line ? [line] : [];
  });
  const routed = routeLines(resolveRoutes('water', layout, townships, toLocal), deriveSeed(seed, 'rivers'));
  const drainage = layout.canalPlain ? canalsIn(layout.canalPlain, toLocal, seed) : [];
  return clipToCounty([...edgeRivers, ...routed, ...drainage], county);
}

function canalsIn([west, south, east, north]: [number, number, number, number], toLocal: (p: Position) => Position, seed: number): LocalLine[] {
  const [minX, minY] = toLocal([west, south]), [maxX, maxY] = toLocal([east, north]);
  return canals([minX, minY, maxX, maxY], createRandom(deriveSeed(seed, 'canals')), deriveSeed(seed, 'canal-bends'));
}
