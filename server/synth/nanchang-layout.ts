// Hand-set layout hints for Nanchang County: approximate seat locations (WGS84 lon, lat), relative
// size factors, extents of the urban street grids, and the courses of the main roads, railways and
// rivers as rough waypoints. All of it only steers the synthetic layers; none of it is survey data.
import type { Position } from '../geo/types.ts';

export interface TownshipHint {
  seat: Position;
  /** Multiplies the nominal area of the unit's villages (lake-side polders have large, sparse villages). */
  areaFactor?: number;
  /** Half-size of the seat's street grid (m); defaults by kind of unit. */
  urbanRadiusM?: number;
  /** Peak household density of the seat's built-up area (households/km²); defaults by kind. */
  urbanDensity?: number;
}

/** A waypoint is a WGS84 position or the name of a township, meaning its seat. */
export type Waypoint = Position | string;

export interface RouteHint {
  kind: 'street' | 'water';
  class: string;
  name?: string;
  waypoints: Waypoint[];
  /** Sideways wander of the line (m) and its wavelength (m). */
  meanderM: number;
  wavelengthM: number;
}

/** A river that runs along the western edge of the territory between two latitudes. */
export interface EdgeRiverHint {
  name: string;
  fromLat: number;
  toLat: number;
  insetM: number;
  /** Where the river leaves the territory after `toLat`. */
  exit: Position;
}

export interface CountyLayoutHints {
  townships: Record<string, TownshipHint>;
  routes: RouteHint[];
  edgeRivers: EdgeRiverHint[];
  /** Box (WGS84 west, south, east, north) of the drained lake-side plain that carries canals; none without it. */
  canalPlain?: [number, number, number, number];
}

export const NANCHANG_LAYOUT: CountyLayoutHints = {
  townships: {
    // Rough seats fitted to the real outline: the south-western block (莲塘 and its urban units,
    // 向塘, 广福, 幽兰, 塔城, 三江 ...), the middle band (武阳, 黄马 ...) and the lake-side north
    // (蒋巷, 南新, 鲤鱼洲 ...), each moved near the middle of the area its villages need. Area factors
    // balance the three parts: the plain near the city has smaller villages than the lake polders.
    莲塘镇: { seat: [115.953, 28.541], areaFactor: 0.85, urbanRadiusM: 3000, urbanDensity: 6500 },
    八月湖街道: { seat: [115.922, 28.582], areaFactor: 0.85, urbanRadiusM: 2200, urbanDensity: 6000 },
    小蓝经济开发区: { seat: [115.875, 28.572], areaFactor: 0.85, urbanRadiusM: 2400, urbanDensity: 3500 },
    南昌县银三角管理委员会: { seat: [115.834, 28.584], areaFactor: 0.85, urbanRadiusM: 2000, urbanDensity: 4500 },
    八一乡: { seat: [115.854, 28.506], areaFactor: 0.85 },
    南昌航空城: { seat: [115.911, 28.491], areaFactor: 0.85 * 4, urbanRadiusM: 1800, urbanDensity: 2000 },
    向塘镇: { seat: [115.965, 28.45], areaFactor: 0.85, urbanRadiusM: 1800, urbanDensity: 3500 },
    江西省良种繁殖场: { seat: [116.016, 28.487], areaFactor: 0.85 },
    广福镇: { seat: [115.866, 28.421], areaFactor: 0.85 },
    幽兰镇: { seat: [115.967, 28.358], areaFactor: 0.85 },
    塔城乡: { seat: [115.882, 28.343], areaFactor: 0.85 },
    三江镇: { seat: [116.041, 28.312], areaFactor: 0.85 },
    东新乡: { seat: [116.03, 28.66] },
    武阳镇: { seat: [116.041, 28.561] },
    冈上镇: { seat: [116.086, 28.496] },
    富山乡: { seat: [116.129, 28.548] },
    黄马乡: { seat: [116.146, 28.599] },
    塘南镇: { seat: [116.211, 28.659], areaFactor: 1.12 },
    泾口乡: { seat: [116.235, 28.753], areaFactor: 1.12 },
    麻丘镇: { seat: [116.105, 28.696], areaFactor: 1.12 },
    昌东镇: { seat: [116.023, 28.765], areaFactor: 1.12 },
    蒋巷镇: { seat: [116.087, 28.832], areaFactor: 1.12 },
    南新乡: { seat: [116.176, 28.841], areaFactor: 1.12 },
    鲤鱼洲管理处: { seat: [116.232, 28.912], areaFactor: 1.12 },
  },
  routes: [
    // Expressways and a national road.
    { kind: 'street', class: 'motorway', name: '沪昆高速', waypoints: [[115.76, 28.46], [115.9, 28.455], '南昌航空城', [116.1, 28.5], [116.36, 28.58]], meanderM: 300, wavelengthM: 9000 },
    { kind: 'street', class: 'motorway', name: '昌北—赣粤高速', waypoints: [[116.14, 29.0], [116.12, 28.76], [116.07, 28.6], '武阳镇', [115.97, 28.36], [115.95, 28.22]], meanderM: 300, wavelengthM: 9000 },
    { kind: 'street', class: 'trunk', name: '国道105', waypoints: [[115.925, 28.66], [115.93, 28.6], '莲塘镇', [115.915, 28.47], '广福镇', [115.89, 28.22]], meanderM: 250, wavelengthM: 6000 },
    // Railways crossing at the Xiangtang junction.
    { kind: 'street', class: 'rail', name: '京九铁路', waypoints: [[115.97, 28.68], [115.965, 28.55], '向塘镇', [116.0, 28.22]], meanderM: 150, wavelengthM: 12000 },
    { kind: 'street', class: 'rail', name: '沪昆铁路', waypoints: [[115.76, 28.39], '向塘镇', [116.1, 28.47], [116.36, 28.52]], meanderM: 150, wavelengthM: 12000 },
    // Rivers and streams.
    { kind: 'water', class: 'river', name: '抚河', waypoints: [[116.04, 28.44], [116.07, 28.5], [116.1, 28.58], [116.13, 28.66], [116.16, 28.74], [116.21, 28.82], [116.3, 28.88]], meanderM: 700, wavelengthM: 5000 },
    { kind: 'water', class: 'river', name: '抚河故道', waypoints: [[116.08, 28.5], '武阳镇', [116.0, 28.553], [115.975, 28.575], [115.965, 28.62]], meanderM: 350, wavelengthM: 3500 },
    { kind: 'water', class: 'river', name: '清丰山溪', waypoints: [[115.9, 28.27], '塔城乡', [116.0, 28.38], [116.03, 28.45], [116.06, 28.48]], meanderM: 400, wavelengthM: 3500 },
  ],
  edgeRivers: [
    { name: '赣江', fromLat: 28.26, toLat: 28.6, insetM: 650, exit: [115.86, 28.7] },
    { name: '赣江南支', fromLat: 28.66, toLat: 28.8, insetM: 550, exit: [116.02, 28.9] },
  ],
  canalPlain: [116.05, 28.64, 116.3, 28.88],
};
