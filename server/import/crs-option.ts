// The coordinate reference system of imported data: named on the command line (--crs), declared by a
// shapefile's .prj or a GeoJSON `crs` member, and every position converted to WGS84 lon/lat.
// CGCS2000 and WGS84 differ by a few centimetres, far below what grids need, so CGCS2000 is taken
// as WGS84. GCJ-02 and BD-09 are offsets of WGS84 lon/lat (server/geo/crs.ts). Projected data in
// Transverse Mercator (Gauss–Krüger zones of CGCS2000, UTM of WGS84) is unprojected on its ellipsoid.
import type { Position } from '../geo/types.ts';
import { toWgs84 } from '../geo/crs.ts';
import { transverseMercator, type TransverseMercatorParameters } from './transverse-mercator.ts';

export const CRS_NAMES = ['wgs84', 'cgcs2000', 'gcj02', 'bd09'] as const;
export type CrsName = (typeof CRS_NAMES)[number];
export type ProjectedDatum = 'wgs84' | 'cgcs2000';

export type InputCrs =
  | { kind: 'geographic'; datum: CrsName; name: string }
  | { kind: 'projected'; datum: ProjectedDatum; name: string; projection: TransverseMercatorParameters; metresPerUnit: number };

/** What callers may pass: a name or an already resolved system. */
export type CrsOption = CrsName | InputCrs;

export type CrsCheck = { valid: true; crs: InputCrs } | { valid: false; reason: string };

const WGS84_ELLIPSOID = { semiMajorAxis: 6378137, inverseFlattening: 298.257223563 };
const CGCS2000_ELLIPSOID = { semiMajorAxis: 6378137, inverseFlattening: 298.257222101 };
/** Beyond this distance from the central meridian Transverse Mercator data is surely mislabelled. */
const MAX_EASTING_OFFSET_M = 1_000_000;

export function geographicCrs(datum: CrsName): InputCrs {
  const names: Record<CrsName, string> = { wgs84: 'WGS 84', cgcs2000: 'CGCS2000', gcj02: 'GCJ-02', bd09: 'BD-09' };
  return { kind: 'geographic', datum, name: names[datum] };
}

function gaussKruger(name: string, centralMeridian: number, falseEasting: number): InputCrs {
  return {
    kind: 'projected',
    datum: 'cgcs2000',
    name,
    metresPerUnit: 1,
    projection: { ...CGCS2000_ELLIPSOID, centralMeridian, latitudeOfOrigin: 0, scaleFactor: 1, falseEasting, falseNorthing: 0 },
  };
}

/**
 * EPSG codes of the systems Chinese and international data come in: 4326 (WGS 84), 4490 (CGCS2000),
 * 4491–4512 (CGCS2000 6° Gauss–Krüger, with and without the zone number), 4513–4554 (3° zones),
 * 32601–32660 / 32701–32760 (WGS 84 / UTM north and south).
 */
export function crsFromEpsg(code: number): InputCrs | undefined {
  if (code === 4326) return geographicCrs('wgs84');
  if (code === 4490) return geographicCrs('cgcs2000');
  if (code >= 4491 && code <= 4501) {
    const zone = code - 4491 + 13;
    return gaussKruger(`CGCS2000 / Gauss-Kruger zone ${zone}`, zone * 6 - 3, zone * 1_000_000 + 500_000);
  }
  if (code >= 4502 && code <= 4512) {
    const centralMeridian = 75 + (code - 4502) * 6;
    return gaussKruger(`CGCS2000 / Gauss-Kruger CM ${centralMeridian}E`, centralMeridian, 500_000);
  }
  if (code >= 4513 && code <= 4533) {
    const zone = code - 4513 + 25;
    return gaussKruger(`CGCS2000 / 3-degree Gauss-Kruger zone ${zone}`, zone * 3, zone * 1_000_000 + 500_000);
  }
  if (code >= 4534 && code <= 4554) {
    const centralMeridian = 75 + (code - 4534) * 3;
    return gaussKruger(`CGCS2000 / 3-degree Gauss-Kruger CM ${centralMeridian}E`, centralMeridian, 500_000);
  }
  const north = code >= 32601 && code <= 32660;
  const south = code >= 32701 && code <= 32760;
  if (north || south) {
    const zone = code % 100;
    return {
      kind: 'projected',
      datum: 'wgs84',
      name: `WGS 84 / UTM zone ${zone}${north ? 'N' : 'S'}`,
      metresPerUnit: 1,
      projection: { ...WGS84_ELLIPSOID, centralMeridian: zone * 6 - 183, latitudeOfOrigin: 0, scaleFactor: 0.9996, falseEasting: 500_000, falseNorthing: north ? 0 : 10_000_000 },
    };
  }
  return undefined;
}

/** The --crs value: wgs84, cgcs2000, gcj02, bd09 or epsg:CODE of a supported system. */
export function parseCrsOption(value: string): CrsCheck {
  const lower = value.trim().toLowerCase();
  if ((CRS_NAMES as readonly string[]).includes(lower)) return { valid: true, crs: geographicCrs(lower as CrsName) };
  const epsg = /^epsg:(\d+)$/.exec(lower);
  if (epsg) {
    const crs = crsFromEpsg(Number(epsg[1]));
    return crs ? { valid: true, crs } : { valid: false, reason: `EPSG:${epsg[1]} is not supported (geographic 4326/4490, CGCS2000 Gauss-Kruger 4491-4554, UTM 326xx/327xx)` };
  }
  return { valid: false, reason: `must be wgs84, cgcs2000, gcj02, bd09 or epsg:CODE, got "${value}"` };
}

/** A GeoJSON (2008) `crs` member name: urn:ogc:def:crs:EPSG::4547, EPSG:4547 or OGC CRS84. */
export function crsFromGeoJsonName(name: string): CrsCheck {
  if (/crs84$/i.test(name)) return { valid: true, crs: geographicCrs('wgs84') };
  const epsg = /epsg:(?:[\d.]*:)?(\d+)$/i.exec(name);
  const crs = epsg ? crsFromEpsg(Number(epsg[1])) : undefined;
  return crs ? { valid: true, crs } : { valid: false, reason: `its crs "${name}" is not supported` };
}

// --- .prj (WKT 1, ESRI or OGC dialect) ---

interface WktNode {
  keyword: string;
  values: Array<string | number | WktNode>;
}

function parseWkt(text: string): WktNode | undefined {
  let at = 0;
  const skipSpace = () => {
    while (at < text.length && /\s/.test(text[at])) at++;
  };
  const node = (): WktNode | undefined => {
    skipSpace();
    const keyword = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(at))?.[0];
    if (!keyword) return undefined;
    at += keyword.length;
    skipSpace();
    const open = text[at];
    if (open !== '[' && open !== '(') return { keyword: keyword.toUpperCase(), values: [] };
    at++;
    const values: WktNode['values'] = [];
    for (;;) {
      skipSpace();
      const char = text[at];
      if (char === undefined) return undefined;
      if (char === ']' || char === ')') {
        at++;
        return { keyword: keyword.toUpperCase(), values };
      }
      if (char === ',') {
        at++;
        continue;
      }
      if (char === '"') {
        const end = text.indexOf('"', at + 1);
        if (end < 0) return undefined;
        values.push(text.slice(at + 1, end));
        at = end + 1;
        continue;
      }
      const number = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(text.slice(at))?.[0];
      if (number) {
        values.push(Number(number));
        at += number.length;
        continue;
      }
      const child = node();
      if (!child) return undefined;
      values.push(child);
    }
  };
  return node();
}

const children = (node: WktNode, keyword: string) => node.values.filter((value): value is WktNode => typeof value === 'object' && value.keyword === keyword);
const child = (node: WktNode, keyword: string) => children(node, keyword)[0];
const nameOf = (node: WktNode | undefined) => (node && typeof node.values[0] === 'string' ? node.values[0] : '');
const normalized = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

type DatumCheck = { valid: true; datum: ProjectedDatum } | { valid: false; reason: string };

/** WGS 84 and CGCS2000 by name; any other datum on their ellipsoid counts as them, other ellipsoids are refused. */
function datumOf(geographic: WktNode): DatumCheck {
  const datum = child(geographic, 'DATUM');
  const name = normalized(nameOf(datum)).replace(/^d/, '');
  if (['wgs1984', 'wgs84', 'worldgeodeticsystem1984'].includes(name)) return { valid: true, datum: 'wgs84' };
  if (name.includes('china2000') || name.includes('cgcs2000') || name === 'chinageodeticcoordinatesystem2000') return { valid: true, datum: 'cgcs2000' };
  const spheroid = datum ? child(datum, 'SPHEROID') ?? child(datum, 'ELLIPSOID') : undefined;
  const semiMajorAxis = spheroid?.values[1];
  if (semiMajorAxis === 6378137) return { valid: true, datum: 'wgs84' };
  return {
    valid: false,
    reason: `datum ${nameOf(datum) || '(none)'} is neither WGS 84 nor CGCS2000; converting it needs a datum shift this import does not make (Beijing 1954 and Xian 1980 need local parameters)`,
  };
}

/** The system a .prj declares, or why it cannot be used. */
export function crsFromPrj(text: string): CrsCheck {
  const root = parseWkt(text.trim());
  if (!root) return { valid: false, reason: 'it is not WKT' };
  if (root.keyword === 'GEOGCS') {
    const datum = datumOf(root);
    if (!datum.valid) return datum;
    const unit = child(root, 'UNIT');
    if (unit && !/degree/i.test(nameOf(unit))) return { valid: false, reason: `its angular unit is ${nameOf(unit)}, not degrees` };
    return { valid: true, crs: { ...geographicCrs(datum.datum), name: nameOf(root) || geographicCrs(datum.datum).name } };
  }
  if (root.keyword !== 'PROJCS') return { valid: false, reason: `${root.keyword} is not a geographic or projected system` };
  const geographic = child(root, 'GEOGCS');
  if (!geographic) return { valid: false, reason: 'the projected system names no geographic system' };
  const datum = datumOf(geographic);
  if (!datum.valid) return datum;
  const projection = nameOf(child(root, 'PROJECTION'));
  if (!['transversemercator', 'gausskruger'].includes(normalized(projection))) {
    return { valid: false, reason: `it is projected with ${projection || 'an unnamed projection'}; only Transverse Mercator (Gauss–Krüger, UTM) is unprojected on import` };
  }
  const parameters = new Map(children(root, 'PARAMETER').map((parameter) => [normalized(nameOf(parameter)), Number(parameter.values[1])]));
  const parameter = (name: string, fallback: number) => parameters.get(name) ?? fallback;
  const spheroid = child(child(geographic, 'DATUM') ?? geographic, 'SPHEROID');
  const ellipsoid = spheroid && typeof spheroid.values[1] === 'number' && typeof spheroid.values[2] === 'number'
    ? { semiMajorAxis: spheroid.values[1], inverseFlattening: spheroid.values[2] }
    : datum.datum === 'cgcs2000' ? CGCS2000_ELLIPSOID : WGS84_ELLIPSOID;
  const unit = children(root, 'UNIT').at(-1);
  const metresPerUnit = unit && typeof unit.values[1] === 'number' ? unit.values[1] : 1;
  return {
    valid: true,
    crs: {
      kind: 'projected',
      datum: datum.datum,
      name: nameOf(root),
      metresPerUnit,
      projection: {
        ...ellipsoid,
        centralMeridian: parameter('centralmeridian', parameter('longitudeofcenter', 0)),
        latitudeOfOrigin: parameter('latitudeoforigin', parameter('latitudeofcenter', 0)),
        scaleFactor: parameter('scalefactor', 1),
        // WKT 1 gives false easting and northing in the projected unit.
        falseEasting: parameter('falseeasting', 0) * metresPerUnit,
        falseNorthing: parameter('falsenorthing', 0) * metresPerUnit,
      },
    },
  };
}

// --- resolving and converting ---

export interface DeclaredCrs {
  /** What declared it, for messages: the .prj path or "the GeoJSON crs member of …". */
  source: string;
  check: CrsCheck;
}

/**
 * The system to read a file in: --crs when given (it is the only way to say GCJ-02 or BD-09, which
 * no .prj can), else what the file declares, else WGS 84. A declaration that cannot be used is
 * refused unless --crs overrides it.
 */
export function resolveCrs(requested: CrsOption | undefined, declared: DeclaredCrs | undefined): CrsCheck {
  if (requested !== undefined) return { valid: true, crs: typeof requested === 'string' ? geographicCrs(requested) : requested };
  if (declared) {
    if (declared.check.valid) return declared.check;
    return { valid: false, reason: `${declared.source}: ${declared.check.reason}. Reproject the data to EPSG:4326 or EPSG:4490 (e.g. ogr2ogr -t_srs EPSG:4490), or give --crs to override` };
  }
  return { valid: true, crs: geographicCrs('wgs84') };
}

/** Plausibility of source positions for the system: lon/lat within range, eastings within a zone's reach. */
export function checkPositions(positions: Iterable<Position>, crs: InputCrs, source: string): { valid: true } | { valid: false; reason: string } {
  for (const [x, y] of positions) {
    if (crs.kind === 'geographic') {
      if (!(Math.abs(x) <= 180 && Math.abs(y) <= 90)) {
        return { valid: false, reason: `${source}: (${x}, ${y}) is not longitude/latitude in ${crs.name}; projected data needs its .prj or --crs epsg:CODE` };
      }
    } else {
      const offset = Math.abs(x * crs.metresPerUnit - crs.projection.falseEasting);
      if (!(offset <= MAX_EASTING_OFFSET_M) || !Number.isFinite(y)) {
        return {
          valid: false,
          reason: `${source}: easting ${x} lies ${Math.round(offset / 1000)} km from the central meridian ${crs.projection.centralMeridian}° of ${crs.name} (false easting ${crs.projection.falseEasting}); wrong zone, or a zone number missing from the eastings?`,
        };
      }
    }
  }
  return { valid: true };
}

/** Position → WGS84 lon/lat for a resolved system. */
export function positionConverter(crs: InputCrs): (position: Position) => Position {
  if (crs.kind === 'projected') {
    const projection = transverseMercator(crs.projection);
    const factor = crs.metresPerUnit;
    return factor === 1 ? (position) => projection.inverse(position) : ([x, y]) => projection.inverse([x * factor, y * factor]);
  }
  if (crs.datum === 'gcj02' || crs.datum === 'bd09') {
    const datum = crs.datum;
    return (position) => toWgs84(position, datum);
  }
  return (position) => position;
}

export function isIdentity(crs: InputCrs): boolean {
  return crs.kind === 'geographic' && (crs.datum === 'wgs84' || crs.datum === 'cgcs2000');
}
