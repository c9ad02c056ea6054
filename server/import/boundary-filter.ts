// Boundary selection: one admin level, or the units inside a named enclosing boundary.
import type { MultiPolygonCoords } from '../geo/types.ts';
import { pointInPolygon, polygonAreaM2 } from '../geo/ring.ts';
import { interiorPointOfParts } from '../geo/interior-point.ts';
import type { BoundaryFilter, ImportedAreaUnit } from './map-data-types.ts';

export function unitPolygons(unit: ImportedAreaUnit): MultiPolygonCoords {
  return unit.geometry.type === 'Polygon' ? [unit.geometry.coordinates] : unit.geometry.coordinates;
}

export function unitAreaM2(unit: ImportedAreaUnit): number {
  return unitPolygons(unit).reduce((sum, polygon) => sum + polygonAreaM2(polygon), 0);
}

/** The boundary a name refers to: exact name, Chinese name or code first, then ignoring case; the largest wins. */
export function findBoundary(units: ImportedAreaUnit[], nameOrCode: string): ImportedAreaUnit | undefined {
  const exact = units.filter((unit) => unit.name === nameOrCode || unit.nameZh === nameOrCode || unit.code === nameOrCode);
  const wanted = nameOrCode.toLowerCase();
  const candidates = exact.length > 0 ? exact : units.filter((unit) => unit.name.toLowerCase() === wanted);
  if (candidates.length === 0) return undefined;
  return candidates.reduce((best, unit) => (unitAreaM2(unit) > unitAreaM2(best) ? unit : best));
}

function insideUnit(x: number, y: number, unit: ImportedAreaUnit): boolean {
  return unitPolygons(unit).some((polygon) => pointInPolygon(x, y, polygon));
}

/**
 * Keep the units of one admin level and/or those lying inside a named boundary (judged by an
 * interior point, so units sharing the enclosing border still count). Throws when the named
 * boundary is not among the units: that is a mistake in the request, not in the data.
 */
export function filterBoundaries(units: ImportedAreaUnit[], filter: BoundaryFilter): ImportedAreaUnit[] {
  let kept = units;
  if (filter.withinBoundary !== undefined) {
    const enclosing = findBoundary(units, filter.withinBoundary);
    if (!enclosing) {
      const known = [...new Set(units.map((unit) => unit.name))].slice(0, 20).join(', ');
      throw new Error(`boundary "${filter.withinBoundary}" not found among ${units.length} boundaries (${known})`);
    }
    kept = kept.filter((unit) => {
      if (unit === enclosing) return false;
      const point = interiorPointOfParts(unitPolygons(unit));
      if (!point) return false;
      const [x, y] = point;
      return insideUnit(x, y, enclosing);
    });
  }
  if (filter.adminLevel !== undefined) kept = kept.filter((unit) => unit.adminLevel === filter.adminLevel);
  return kept;
}

