// One extraction step from the OSM model (XML or PBF alike) to cutting lines, buildings and boundaries.
import type { CuttingLine, LineKind } from '../geo/types.ts';
import { wayRuns, type OsmModel, type OsmTags, type OsmWay } from './osm-model.ts';
import { closedWayPolygon, memberWayIds, relationArea, wayIndex } from './osm-areas.ts';
import { extractOsmBoundaries } from './osm-boundaries.ts';
import type { Building, MapData, ProgressCallback } from './map-data-types.ts';

/** Highway classes that bound city blocks; footways, paths, steps and the like run inside blocks. */
const STREET_CLASSES = new Set([
  'motorway', 'trunk', 'primary', 'secondary', 'tertiary', 'unclassified', 'residential', 'living_street',
  'service', 'pedestrian', 'track', 'road',
  'motorway_link', 'trunk_link', 'primary_link', 'secondary_link', 'tertiary_link',
]);
const RAIL_CLASSES = new Set(['rail', 'light_rail', 'tram']);
const WATERWAY_LINES = new Set(['river', 'canal', 'stream', 'drain', 'ditch']);

export interface ExtractOptions {
  keepTunnels?: boolean;
  closeGapsUpToM?: number;
  onProgress?: ProgressCallback;
}

/** Underground lines leave the surface blocks whole; a passage under a building still runs at ground level. */
function isUnderground(tags: OsmTags): boolean {
  const tunnel = tags.tunnel;
  return (tunnel !== undefined && tunnel !== 'no' && tunnel !== 'building_passage') || tags.location === 'underground';
}

export function streetClass(tags: OsmTags): string | undefined {
  if (tags.area === 'yes') return undefined;
  if (tags.highway !== undefined) return STREET_CLASSES.has(tags.highway) ? tags.highway : undefined;
  if (tags.railway !== undefined && RAIL_CLASSES.has(tags.railway)) return 'rail';
  return undefined;
}

/** Watercourses, and the coastline: the sea's edge bounds blocks just as a river bank does. */
export function waterLineClass(tags: OsmTags): string | undefined {
  if (tags.waterway !== undefined && WATERWAY_LINES.has(tags.waterway)) return tags.waterway;
  if (tags.natural === 'coastline') return 'coastline';
  return undefined;
}

/** Areas whose outline is a shore: lakes, ponds, river areas, reservoirs. */
export function waterAreaClass(tags: OsmTags): string | undefined {
  if (tags.natural === 'water') return 'water';
  if (tags.waterway === 'riverbank') return 'riverbank';
  if (tags.landuse === 'reservoir') return 'reservoir';
  return undefined;
}

export function buildingLevels(tags: OsmTags): number | null {
  const value = tags['building:levels'];
  if (value === undefined) return null;
  const levels = parseFloat(value);
  return Number.isFinite(levels) && levels > 0 ? levels : null;
}

function isBuilding(tags: OsmTags): boolean {
  return tags.building !== undefined && tags.building !== 'no';
}

function lines(way: OsmWay, model: OsmModel, kind: LineKind, lineClass: string): CuttingLine[] {
  const name = way.tags.name;
  return wayRuns(way, model.nodes).map((run) => {
    const line: CuttingLine = { kind, coordinates: run.coordinates, class: lineClass };
    if (name !== undefined) line.name = name;
    return line;
  });
}

export function extractMapData(model: OsmModel, options: ExtractOptions = {}): MapData {
  const { keepTunnels = false, onProgress } = options;
  const streets: CuttingLine[] = [];
  const water: CuttingLine[] = [];
  const buildings: Building[] = [];
  const warnings: string[] = [];
  const wayById = wayIndex(model.ways);
  const waterWayIds = new Set<number>();

  model.ways.forEach((way, index) => {
    const tags = way.tags;
    const underground = !keepTunnels && isUnderground(tags);
    const street = streetClass(tags);
    if (street !== undefined && !underground) streets.push(...lines(way, model, 'street', street));
    const waterLine = waterLineClass(tags);
    if (waterLine !== undefined && !underground) water.push(...lines(way, model, 'water', waterLine));
    const waterArea = waterAreaClass(tags);
    if (waterArea !== undefined) {
      water.push(...lines(way, model, 'water', waterArea));
      waterWayIds.add(way.id);
    }
    if (isBuilding(tags)) {
      const polygon = closedWayPolygon(way, model.nodes);
      if (polygon) buildings.push({ polygon, levels: buildingLevels(tags) });
    }
    if (index % 50_000 === 0) onProgress?.('extract ways', index, model.ways.length);
  });

  for (const relation of model.relations) {
    const tags = relation.tags;
    if (tags.type !== 'multipolygon') continue;
    const waterArea = waterAreaClass(tags);
    if (waterArea !== undefined) {
      // Shores are lines: each member way counts once, closed or not, even when the relation is cut by the extract.
      for (const wayId of memberWayIds([relation])) {
        const way = wayById.get(wayId);
        if (!way || waterWayIds.has(wayId)) continue;
        waterWayIds.add(wayId);
        water.push(...lines({ ...way, tags: { ...way.tags, name: way.tags.name ?? tags.name } }, model, 'water', waterArea));
      }
    }
    if (isBuilding(tags)) {
      const area = relationArea(relation, wayById, model.nodes);
      if (area.ok) for (const polygon of area.polygons) buildings.push({ polygon, levels: buildingLevels(tags) });
      else warnings.push(`building relation ${relation.id}: ${area.reason}; skipped`);
    }
  }
  onProgress?.('extract ways', model.ways.length, model.ways.length);

  const boundaries = extractOsmBoundaries(model, wayById, warnings, { closeGapsUpToM: options.closeGapsUpToM });
  onProgress?.('extract boundaries', boundaries.length);
  return { streets, water, buildings, boundaries, bounds: model.bounds, warnings };
}
