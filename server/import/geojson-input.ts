// GeoJSON map data: a FeatureCollection, or GeoJSON lines (one Feature per line), sorted into lines, buildings and areas.
import type { CuttingLine, LineKind, PolygonCoords, Position } from '../geo/types.ts';
import { rewindPolygon } from '../geo/ring.ts';
import { readTextFile } from './file-kind.ts';
import { buildingLevels, streetClass, waterAreaClass } from './osm-extract.ts';
import type { Building, ImportedAreaUnit, MapData } from './map-data-types.ts';

type Properties = Record<string, unknown>;
type Geometry = { type: string; coordinates?: unknown; geometries?: Geometry[] };
export interface InputFeature {
  id?: string | number;
  properties: Properties;
  geometry: Geometry | null;
}

export interface ParsedFeatures {
  features: InputFeature[];
  warnings: string[];
}

function asFeatures(value: unknown): InputFeature[] {
  const object = value as { type?: string; features?: unknown[]; properties?: Properties; geometry?: Geometry; id?: string | number };
  if (!object || typeof object !== 'object') return [];
  if (object.type === 'FeatureCollection' && Array.isArray(object.features)) return object.features.flatMap(asFeatures);
  if (object.type === 'Feature') return [{ id: object.id, properties: object.properties ?? {}, geometry: object.geometry ?? null }];
  if (typeof object.type === 'string') return [{ properties: {}, geometry: object as Geometry }];
  return [];
}

/** Parse a FeatureCollection (or single Feature/Geometry) text, falling back to one JSON value per line. */
export function parseGeoJsonText(text: string, asLines: boolean): ParsedFeatures {
  const warnings: string[] = [];
  if (!asLines) {
    try {
      return { features: asFeatures(JSON.parse(text)), warnings };
    } catch (error) {
      // A .json file may hold GeoJSON lines; a single broken document is reported below per line.
      if (!text.trimStart().startsWith('{') || !text.includes('\n')) throw error;
    }
  }
  const features: InputFeature[] = [];
  text.split('\n').forEach((raw, index) => {
    // RFC 8142 text sequences start each record with an ASCII record separator.
    const line = raw.replace(/^\u001e/, '').trim();
    if (line === '') return;
    try {
      features.push(...asFeatures(JSON.parse(line)));
    } catch {
      warnings.push(`line ${index + 1}: not valid JSON; skipped`);
    }
  });
  return { features, warnings };
}

export function readGeoJsonFile(path: string, asLines: boolean): ParsedFeatures {
  return parseGeoJsonText(readTextFile(path), asLines);
}

/** Flags such as tunnel come as "yes", true, "T" (shapefile exports) or "culvert"; "no"/"F"/0 mean no. */
function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0) return false;
  return !['', 'no', 'false', 'f', '0'].includes(String(value).toLowerCase());
}

function text(value: unknown): string | undefined {
  return value === undefined || value === null || value === '' ? undefined : String(value);
}

/** Tag-like view of properties, so the OSM classification rules apply to GeoJSON exported from OSM. */
function tagsOf(properties: Properties): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const [key, value] of Object.entries(properties)) {
    if (value !== null && value !== undefined && typeof value !== 'object') tags[key] = String(value);
  }
  return tags;
}

function polygonsOf(geometry: Geometry): PolygonCoords[] {
  if (geometry.type === 'Polygon') return [geometry.coordinates as PolygonCoords];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates as PolygonCoords[];
  if (geometry.type === 'GeometryCollection') return (geometry.geometries ?? []).flatMap(polygonsOf);
  return [];
}

function linesOf(geometry: Geometry): Position[][] {
  if (geometry.type === 'LineString') return [geometry.coordinates as Position[]];
  if (geometry.type === 'MultiLineString') return geometry.coordinates as Position[][];
  if (geometry.type === 'GeometryCollection') return (geometry.geometries ?? []).flatMap(linesOf);
  return [];
}

/** Drop a repeated closing position, empty rings and rings too short to enclose anything. */
function cleanPolygon(polygon: PolygonCoords): PolygonCoords | undefined {
  const rings = polygon
    .map((ring) => ring.map((p) => [Number(p[0]), Number(p[1])] as Position))
    .map((ring) => {
      const [first, last] = [ring[0], ring[ring.length - 1]];
      return first && (first[0] !== last[0] || first[1] !== last[1]) ? [...ring, first] : ring;
    })
    .filter((ring) => ring.length >= 4);
  return rings.length > 0 ? rewindPolygon(rings) : undefined;
}

export interface FeatureSortOptions {
  defaultLineKind?: 'street' | 'water';
  keepTunnels?: boolean;
}

/** The code an area unit gets from its properties: code, adcode, id, then the feature id. */
export function areaCode(feature: InputFeature, index: number): string {
  const properties = feature.properties;
  return text(properties.code) ?? text(properties.adcode) ?? text(properties.id) ?? text(feature.id) ?? `feature-${index + 1}`;
}

export function areaUnitFromFeature(feature: InputFeature, index: number, polygons: PolygonCoords[]): ImportedAreaUnit {
  const properties = feature.properties;
  const code = areaCode(feature, index);
  const unit: ImportedAreaUnit = {
    code,
    name: text(properties.name) ?? text(properties['name:zh']) ?? code,
    geometry:
      polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons },
  };
  const parent = properties.parent as { adcode?: unknown } | undefined;
  const parentCode = text(properties.parentCode) ?? text(parent?.adcode);
  if (parentCode !== undefined) unit.parentCode = parentCode;
  const adminLevel = Number(text(properties.admin_level ?? properties.adminLevel) ?? NaN);
  if (Number.isFinite(adminLevel)) unit.adminLevel = adminLevel;
  if (text(properties['name:zh']) !== undefined) unit.nameZh = text(properties['name:zh']);
  return unit;
}

/** Lines become streets or water, building polygons buildings, water polygons shore lines, other polygons areas. */
export function mapDataFromFeatures(parsed: ParsedFeatures, options: FeatureSortOptions = {}): MapData {
  const streets: CuttingLine[] = [];
  const water: CuttingLine[] = [];
  const buildings: Building[] = [];
  const boundaries: ImportedAreaUnit[] = [];
  const warnings = [...parsed.warnings];
  parsed.features.forEach((feature, index) => {
    if (!feature.geometry) return;
    const properties = feature.properties;
    const tags = tagsOf(properties);
    const name = text(properties.name);
    const underground = !options.keepTunnels && isSet(properties.tunnel);
    const waterArea = waterAreaClass(tags);
    const isWater =
      isSet(properties.waterway) || waterArea !== undefined || tags.natural === 'coastline' || options.defaultLineKind === 'water';
    const addLine = (kind: LineKind, coordinates: Position[], lineClass: string | undefined) => {
      const cleaned = coordinates.map((p) => [Number(p[0]), Number(p[1])] as Position);
      if (cleaned.length < 2) return;
      const line: CuttingLine = { kind, coordinates: cleaned };
      if (lineClass !== undefined) line.class = lineClass;
      if (name !== undefined) line.name = name;
      (kind === 'water' ? water : streets).push(line);
    };

    const lineCoordinates = linesOf(feature.geometry);
    if (lineCoordinates.length > 0 && !underground) {
      if (isWater) {
        const lineClass = text(properties.waterway) ?? waterArea ?? (tags.natural === 'coastline' ? 'coastline' : text(properties.class));
        for (const line of lineCoordinates) addLine('water', line, lineClass);
      } else {
        // Tagged OSM exports keep only block-bounding classes; untagged lines are taken as streets.
        const tagged = tags.highway !== undefined || tags.railway !== undefined;
        const lineClass = tagged ? streetClass(tags) : text(properties.class) ?? text(properties.fclass);
        if (!tagged || lineClass !== undefined) for (const line of lineCoordinates) addLine('street', line, lineClass);
      }
    }

    const polygons = polygonsOf(feature.geometry).map(cleanPolygon).filter((p): p is PolygonCoords => p !== undefined);
    if (polygons.length === 0) return;
    if (isSet(properties.building)) {
      const levels = buildingLevels(tags) ?? buildingLevels({ 'building:levels': tags.levels ?? '' });
      for (const polygon of polygons) buildings.push({ polygon, levels });
    } else if (isWater) {
      for (const polygon of polygons) for (const ring of polygon) addLine('water', ring, waterArea ?? 'water');
    } else {
      boundaries.push(areaUnitFromFeature(feature, index, polygons));
    }
  });
  return { streets, water, buildings, boundaries, warnings };
}
