// Entry point for map-data files: picks the reader, extracts, converts coordinates to WGS84 and filters boundaries.
import type { CuttingLine, PolygonCoords, Position } from '../geo/types.ts';
import { rewindPolygon } from '../geo/ring.ts';
import { detectMapFileKind, readTextFile } from './file-kind.ts';
import { readOsmXml } from './osm-xml.ts';
import { readOsmPbf } from './osm-pbf.ts';
import { extractMapData } from './osm-extract.ts';
import { mapDataFromFeatures, parseGeoJsonText, type ParsedFeatures } from './geojson-input.ts';
import { isShapefilePath, readShapefile } from './shapefile/read.ts';
import { applyAttributeFields } from './attribute-fields.ts';
import {
  checkPositions, crsFromGeoJsonName, crsFromPrj, geographicCrs, isIdentity, positionConverter, resolveCrs,
  type CrsOption, type DeclaredCrs, type InputCrs,
} from './crs-option.ts';
import { filterBoundaries } from './boundary-filter.ts';
import type { ImportedAreaUnit, MapData, ReadMapDataOptions } from './map-data-types.ts';

type Convert = (position: Position) => Position;

function convertPolygon(polygon: PolygonCoords, convert: Convert): PolygonCoords {
  // A datum shift or an unprojection is smooth, but rewinding again keeps RFC 7946 order beyond doubt.
  return rewindPolygon(polygon.map((ring) => ring.map(convert)));
}

function convertUnit(unit: ImportedAreaUnit, convert: Convert): ImportedAreaUnit {
  const geometry: ImportedAreaUnit['geometry'] =
    unit.geometry.type === 'Polygon'
      ? { type: 'Polygon', coordinates: convertPolygon(unit.geometry.coordinates, convert) }
      : { type: 'MultiPolygon', coordinates: unit.geometry.coordinates.map((polygon) => convertPolygon(polygon, convert)) };
  return { ...unit, geometry };
}

/** Every position of the map data, in source coordinates. */
export function* mapDataPositions(data: MapData): Generator<Position> {
  for (const line of data.streets) yield* line.coordinates;
  for (const line of data.water) yield* line.coordinates;
  for (const building of data.buildings) for (const ring of building.polygon) yield* ring;
  for (const unit of data.boundaries) {
    const polygons = unit.geometry.type === 'Polygon' ? [unit.geometry.coordinates] : unit.geometry.coordinates;
    for (const polygon of polygons) for (const ring of polygon) yield* ring;
  }
}

/** Every coordinate to WGS84; the file's declared bounds are converted by their corners. */
export function convertMapData(data: MapData, crs: CrsOption): MapData {
  const system: InputCrs = typeof crs === 'string' ? geographicCrs(crs) : crs;
  if (isIdentity(system)) return data;
  const convert = positionConverter(system);
  const convertLine = (line: CuttingLine): CuttingLine => ({ ...line, coordinates: line.coordinates.map(convert) });
  const converted: MapData = {
    streets: data.streets.map(convertLine),
    water: data.water.map(convertLine),
    buildings: data.buildings.map((building) => ({ ...building, polygon: convertPolygon(building.polygon, convert) })),
    boundaries: data.boundaries.map((unit) => convertUnit(unit, convert)),
    warnings: data.warnings,
  };
  if (data.bounds) {
    const [minX, minY] = convert([data.bounds[0], data.bounds[1]]);
    const [maxX, maxY] = convert([data.bounds[2], data.bounds[3]]);
    converted.bounds = [minX, minY, maxX, maxY];
  }
  return converted;
}

/** The `crs` member of a legacy GeoJSON file: writers put it before the features, near the start. */
function geoJsonCrsName(text: string): string | undefined {
  return /"crs"\s*:\s*\{[^{}]*"properties"\s*:\s*\{[^{}]*"name"\s*:\s*"([^"]+)"/.exec(text.slice(0, 4096))?.[1];
}

/**
 * Extent of streets and buildings: the area the map data actually covers. Water counts only when
 * there is nothing else, since coastlines and rivers often run far beyond an extract's streets.
 */
export function dataExtent(data: MapData): [number, number, number, number] | undefined {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const visit = (positions: Position[]) => {
    for (const [x, y] of positions) {
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
  };
  for (const line of data.streets) visit(line.coordinates);
  for (const building of data.buildings) visit(building.polygon[0]);
  if (minX > maxX) for (const line of data.water) visit(line.coordinates);
  return minX <= maxX ? [minX, minY, maxX, maxY] : undefined;
}

/** Shapefile or GeoJSON features, their area names and codes picked, and the system the file declares. */
function readFeatureFile(path: string, kind: 'shapefile' | 'geojson' | 'geojson-lines', options: ReadMapDataOptions): { parsed: ParsedFeatures; declared?: DeclaredCrs } {
  let parsed: ParsedFeatures;
  let declared: DeclaredCrs | undefined;
  if (kind === 'shapefile') {
    const read = readShapefile(path, { encoding: options.encoding });
    if (!read.valid) throw new Error(read.reason);
    const { features, warnings, prj } = read.shapefile;
    parsed = { features, warnings };
    if (prj) declared = { source: prj.source, check: crsFromPrj(prj.text) };
  } else {
    const text = readTextFile(path);
    parsed = parseGeoJsonText(text, kind === 'geojson-lines');
    const crsName = kind === 'geojson' ? geoJsonCrsName(text) : undefined;
    if (crsName !== undefined) declared = { source: `${path} (GeoJSON crs member)`, check: crsFromGeoJsonName(crsName) };
  }
  const fields = applyAttributeFields(parsed.features, options, path);
  if (!fields.valid) throw new Error(fields.reason);
  return { parsed, declared };
}

/**
 * Read OSM XML (.osm, .osm.gz), OSM PBF (.osm.pbf), GeoJSON (.geojson/.json FeatureCollection,
 * .geojsonl/.geojsons/.ndjson lines) or a shapefile (.shp with its siblings, or a .zip) into
 * streets, water, buildings and boundaries in WGS84.
 */
export async function readMapData(path: string, options: ReadMapDataOptions = {}): Promise<MapData> {
  const { onProgress } = options;
  const kind = isShapefilePath(path) ? 'shapefile' : detectMapFileKind(path);
  let data: MapData;
  let declared: DeclaredCrs | undefined;
  if (kind === 'osm-xml' || kind === 'osm-pbf') {
    const model = kind === 'osm-xml' ? await readOsmXml(path, onProgress) : readOsmPbf(path, onProgress);
    onProgress?.('osm model', model.ways.length + model.relations.length);
    data = extractMapData(model, { keepTunnels: options.keepTunnels, closeGapsUpToM: options.closeGapsUpToM, onProgress });
  } else {
    const read = readFeatureFile(path, kind, options);
    declared = read.declared;
    data = mapDataFromFeatures(read.parsed, options);
    onProgress?.(`read ${kind}`, data.streets.length + data.water.length + data.buildings.length + data.boundaries.length);
  }
  // OpenStreetMap data is WGS84 by definition: --crs speaks of the other inputs only.
  const isOsm = kind === 'osm-xml' || kind === 'osm-pbf';
  const crs = resolveCrs(isOsm ? undefined : options.crs, declared);
  if (!crs.valid) throw new Error(crs.reason);
  const plausible = checkPositions(mapDataPositions(data), crs.crs, path);
  if (!plausible.valid) throw new Error(plausible.reason);
  data = convertMapData(data, crs.crs);
  data.bounds ??= dataExtent(data);
  if (options.adminLevel !== undefined || options.withinBoundary !== undefined) {
    data.boundaries = filterBoundaries(data.boundaries, options);
  }
  onProgress?.('map data ready', data.streets.length + data.water.length + data.buildings.length);
  return data;
}
