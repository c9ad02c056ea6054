// Entry point for map-data files: picks the reader, extracts, converts the datum and filters boundaries.
import type { CuttingLine, PolygonCoords, Position } from '../geo/types.ts';
import { toWgs84, type SourceCrs } from '../geo/crs.ts';
import { rewindPolygon } from '../geo/ring.ts';
import { detectMapFileKind } from './file-kind.ts';
import { readOsmXml } from './osm-xml.ts';
import { readOsmPbf } from './osm-pbf.ts';
import { extractMapData } from './osm-extract.ts';
import { mapDataFromFeatures, readGeoJsonFile } from './geojson-input.ts';
import { filterBoundaries } from './boundary-filter.ts';
import type { ImportedAreaUnit, MapData, ReadMapDataOptions } from './map-data-types.ts';

function convertPolygon(polygon: PolygonCoords, crs: SourceCrs): PolygonCoords {
  // A datum shift is smooth, but rewinding again keeps RFC 7946 order beyond doubt.
  return rewindPolygon(polygon.map((ring) => ring.map((p) => toWgs84(p, crs))));
}

function convertUnit(unit: ImportedAreaUnit, crs: SourceCrs): ImportedAreaUnit {
  const geometry: ImportedAreaUnit['geometry'] =
    unit.geometry.type === 'Polygon'
      ? { type: 'Polygon', coordinates: convertPolygon(unit.geometry.coordinates, crs) }
      : { type: 'MultiPolygon', coordinates: unit.geometry.coordinates.map((polygon) => convertPolygon(polygon, crs)) };
  return { ...unit, geometry };
}

/** Every coordinate to WGS84; the file's declared bounds are converted by their corners. */
export function convertMapData(data: MapData, crs: SourceCrs): MapData {
  if (crs === 'wgs84') return data;
  const convertLine = (line: CuttingLine): CuttingLine => ({ ...line, coordinates: line.coordinates.map((p) => toWgs84(p, crs)) });
  const converted: MapData = {
    streets: data.streets.map(convertLine),
    water: data.water.map(convertLine),
    buildings: data.buildings.map((building) => ({ ...building, polygon: convertPolygon(building.polygon, crs) })),
    boundaries: data.boundaries.map((unit) => convertUnit(unit, crs)),
    warnings: data.warnings,
  };
  if (data.bounds) {
    const [minX, minY] = toWgs84([data.bounds[0], data.bounds[1]], crs);
    const [maxX, maxY] = toWgs84([data.bounds[2], data.bounds[3]], crs);
    converted.bounds = [minX, minY, maxX, maxY];
  }
  return converted;
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

/**
 * Read OSM XML (.osm, .osm.gz), OSM PBF (.osm.pbf) or GeoJSON (.geojson/.json FeatureCollection,
 * .geojsonl/.geojsons/.ndjson lines) into streets, water, buildings and boundaries in WGS84.
 */
export async function readMapData(path: string, options: ReadMapDataOptions = {}): Promise<MapData> {
  const { crs = 'wgs84', onProgress } = options;
  const kind = detectMapFileKind(path);
  let data: MapData;
  if (kind === 'osm-xml' || kind === 'osm-pbf') {
    const model = kind === 'osm-xml' ? await readOsmXml(path, onProgress) : readOsmPbf(path, onProgress);
    onProgress?.('osm model', model.ways.length + model.relations.length);
    data = extractMapData(model, { keepTunnels: options.keepTunnels, closeGapsUpToM: options.closeGapsUpToM, onProgress });
  } else {
    data = mapDataFromFeatures(readGeoJsonFile(path, kind === 'geojson-lines'), options);
    onProgress?.('read geojson', data.streets.length + data.water.length + data.buildings.length + data.boundaries.length);
  }
  data = convertMapData(data, crs);
  data.bounds ??= dataExtent(data);
  if (options.adminLevel !== undefined || options.withinBoundary !== undefined) {
    data.boundaries = filterBoundaries(data.boundaries, options);
  }
  onProgress?.('map data ready', data.streets.length + data.water.length + data.buildings.length);
  return data;
}
