// Administrative boundaries from OSM: boundary relations and stand-alone closed boundary ways → area units.
import type { MultiPolygonCoords } from '../geo/types.ts';
import type { OsmModel, OsmTags, OsmWay } from './osm-model.ts';
import { closedWayPolygon, memberWayIds, relationArea, type RelationAreaOptions } from './osm-areas.ts';
import type { ImportedAreaUnit } from './map-data-types.ts';

const AREA_RELATION_TYPES = new Set(['boundary', 'multipolygon']);

function isAdministrative(tags: OsmTags): boolean {
  return tags.boundary === 'administrative';
}

function areaUnit(tags: OsmTags, fallbackCode: string, polygons: MultiPolygonCoords): ImportedAreaUnit {
  const code = tags.ref ?? tags['ISO3166-2'] ?? fallbackCode;
  const unit: ImportedAreaUnit = {
    code,
    name: tags.name ?? tags['name:zh'] ?? tags['name:en'] ?? code,
    geometry:
      polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons },
  };
  const adminLevel = parseInt(tags.admin_level ?? '', 10);
  if (Number.isFinite(adminLevel)) unit.adminLevel = adminLevel;
  if (tags['name:zh'] !== undefined) unit.nameZh = tags['name:zh'];
  return unit;
}

function describe(kind: string, id: number, tags: OsmTags): string {
  const level = tags.admin_level ? `, admin_level ${tags.admin_level}` : '';
  return `${kind} ${id}${tags.name ? ` "${tags.name}"` : ''}${level}`;
}

/**
 * Boundary relations assembled from their member ways; those that do not close are reported in
 * `warnings` and skipped. Closed boundary ways count only when no boundary relation uses them,
 * since member ways usually carry boundary tags too.
 */
export function extractOsmBoundaries(
  model: OsmModel,
  wayById: Map<number, OsmWay>,
  warnings: string[],
  options: RelationAreaOptions = {},
): ImportedAreaUnit[] {
  const units: ImportedAreaUnit[] = [];
  const boundaryRelations = model.relations.filter(
    (relation) => isAdministrative(relation.tags) && AREA_RELATION_TYPES.has(relation.tags.type ?? ''),
  );
  for (const relation of boundaryRelations) {
    const area = relationArea(relation, wayById, model.nodes, options);
    if (area.ok) {
      units.push(areaUnit(relation.tags, `osm-relation-${relation.id}`, area.polygons));
      if (area.bridgedGapsM.length > 0) {
        const gaps = area.bridgedGapsM.map((gap) => `${Math.round(gap)} m`).join(', ');
        warnings.push(`boundary ${describe('relation', relation.id, relation.tags)}: gaps of ${gaps} closed with straight segments`);
      }
    } else warnings.push(`boundary ${describe('relation', relation.id, relation.tags)}: ${area.reason}; skipped`);
  }
  const usedByRelations = memberWayIds(boundaryRelations);
  for (const way of model.ways) {
    if (!isAdministrative(way.tags) || usedByRelations.has(way.id)) continue;
    if (way.nodeIds.length < 4 || way.nodeIds[0] !== way.nodeIds[way.nodeIds.length - 1]) continue;
    const polygon = closedWayPolygon(way, model.nodes);
    if (polygon) units.push(areaUnit(way.tags, `osm-way-${way.id}`, [polygon]));
    else warnings.push(`boundary ${describe('way', way.id, way.tags)}: nodes missing from the file; skipped`);
  }
  return units;
}
