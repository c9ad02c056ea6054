// Coverage validation: do the grids tile their townships (or villages) exactly, with valid rings?
// Exact shared-edge check first (linear); polygon clipping only where that check fails, to locate
// the actual gaps, overlaps and overhangs.
import Flatbush from 'flatbush';
import { difference, intersection, union, type Geom } from 'polyclip-ts';
import type { MultiPolygonCoords, PolygonCoords, Position } from './types.ts';
import { polygonAreaM2, ringBBox } from './ring.ts';
import { interiorPoint, interiorPointOfParts } from './interior-point.ts';
import { polygonProblems } from './ring-validity.ts';
import { tilesExactly } from './coverage-edges.ts';

export type PolygonalGeometry =
  | { type: 'Polygon'; coordinates: PolygonCoords }
  | { type: 'MultiPolygon'; coordinates: MultiPolygonCoords };

export interface CoverageInput {
  /** The townships or villages that must be covered. */
  areas: Array<{ code: string; geometry: PolygonalGeometry }>;
  /** The grids; each must lie in the area named by parentCode. */
  grids: Array<{ code: string; parentCode: string; geometry: PolygonalGeometry }>;
}

export interface CoverageOptions {
  /** Pieces smaller than this (m²) are ignored as numerical noise. */
  toleranceM2?: number;
}

export interface CoverageReport {
  valid: boolean;
  gaps: Array<{ areaCode: string; areaM2: number; location: Position }>;
  overlaps: Array<{ a: string; b: string; areaM2: number; location: Position }>;
  invalidRings: Array<{ code: string; reason: string; location: Position }>;
  nonContiguous: Array<{ code: string; parts: number; location: Position }>;
  outsideParent: Array<{ code: string; areaM2: number; location: Position }>;
  /** Areas proven exactly tiled by the shared-edge check, and areas that needed clipping. */
  exactlyTiledAreas: number;
  clippedAreas: number;
}

export const DEFAULT_TOLERANCE_M2 = 0.01;

export function validateCoverage(input: CoverageInput, options: CoverageOptions = {}): CoverageReport {
  const tolerance = options.toleranceM2 ?? DEFAULT_TOLERANCE_M2;
  const report: CoverageReport = {
    valid: true, gaps: [], overlaps: [], invalidRings: [], nonContiguous: [], outsideParent: [],
    exactlyTiledAreas: 0, clippedAreas: 0,
  };
  const faulty = new Set<string>();
  const checkRings = (code: string, parts: MultiPolygonCoords, key: string) => {
    for (const part of parts) {
      for (const problem of polygonProblems(part)) {
        report.invalidRings.push({ code, reason: problem.reason, location: problem.location });
        faulty.add(key);
      }
    }
  };
  const areas = input.areas.map((area) => ({ code: area.code, parts: partsOf(area.geometry) }));
  const grids = input.grids.map((grid) => ({ code: grid.code, parentCode: grid.parentCode, parts: partsOf(grid.geometry) }));
  areas.forEach((area, index) => checkRings(area.code, area.parts, `area:${index}`));
  grids.forEach((grid, index) => checkRings(grid.code, grid.parts, `grid:${index}`));

  grids.forEach((grid) => {
    if (grid.parts.length > 1) {
      // Point at the smallest part: the stray piece is the one to look at.
      const smallest = [...grid.parts].sort((x, y) => polygonAreaM2(x) - polygonAreaM2(y))[0];
      report.nonContiguous.push({ code: grid.code, parts: grid.parts.length, location: locate(smallest) });
    }
  });

  const areaIndexByCode = new Map(areas.map((area, index) => [area.code, index]));
  const gridsByArea = areas.map((): number[] => []);
  const unplacedGrids: number[] = [];
  grids.forEach((grid, index) => {
    const areaIndex = areaIndexByCode.get(grid.parentCode);
    if (areaIndex === undefined) unplacedGrids.push(index);
    else gridsByArea[areaIndex].push(index);
  });
  for (const index of unplacedGrids) {
    const grid = grids[index];
    const areaM2 = grid.parts.reduce((sum, part) => sum + polygonAreaM2(part), 0);
    report.outsideParent.push({ code: grid.code, areaM2, location: locateParts(grid.parts) });
  }

  // Grids that may overlap another grid. Grids of an exactly tiled area lie inside it, so they can
  // only overlap grids that stick out of their own area (areas themselves are assumed disjoint).
  const suspect = new Set<number>(unplacedGrids);
  areas.forEach((area, areaIndex) => {
    const members = gridsByArea[areaIndex];
    const anyFaulty = faulty.has(`area:${areaIndex}`) || members.some((index) => faulty.has(`grid:${index}`));
    if (!anyFaulty && members.length > 0 && tilesExactly(members.flatMap((index) => grids[index].parts), area.parts)) {
      report.exactlyTiledAreas++;
      return;
    }
    report.clippedAreas++;
    const memberGrids = members.map((index) => grids[index]);
    for (const position of locateProblems(area, memberGrids, tolerance, report)) suspect.add(members[position]);
  });

  report.overlaps.push(...findOverlaps(grids, suspect, tolerance));
  // Stable reading order: by code, then north to south, then west to east.
  report.gaps.sort((x, y) => compareText(x.areaCode, y.areaCode) || compareLocation(x.location, y.location));
  report.outsideParent.sort((x, y) => compareText(x.code, y.code) || compareLocation(x.location, y.location));

  report.valid =
    report.gaps.length === 0 && report.overlaps.length === 0 && report.invalidRings.length === 0 &&
    report.nonContiguous.length === 0 && report.outsideParent.length === 0;
  return report;
}

/**
 * Gaps and overhangs of one area by clipping; returns the member positions that may overlap others.
 * The union of the members is computed once: area minus union gives the gaps, union minus area the
 * overhang (then attributed to grids), and the sum of member areas beyond the union's area bounds the
 * overlap, so pairwise intersections are only needed where that excess is real.
 */
function locateProblems(
  area: { code: string; parts: MultiPolygonCoords },
  members: Array<{ code: string; parts: MultiPolygonCoords }>,
  tolerance: number,
  report: CoverageReport,
): number[] {
  const areaGeom = area.parts as Geom;
  const memberGeoms = members.map((member) => member.parts as Geom);
  const merged = members.length === 0 ? [] : clipOrNull(() => union(memberGeoms[0], ...memberGeoms.slice(1)));
  const gapPieces = merged ? clip(() => difference(areaGeom, merged as Geom)) : clip(() => difference(areaGeom, ...memberGeoms));
  for (const piece of gapPieces) {
    const areaM2 = polygonAreaM2(piece);
    if (areaM2 >= tolerance) report.gaps.push({ areaCode: area.code, areaM2, location: locate(piece) });
  }
  const overhang = merged ? clip(() => difference(merged as Geom, areaGeom)).filter((piece) => polygonAreaM2(piece) >= tolerance) : null;
  const overhangBoxes = overhang?.map((piece) => partsBBox([piece]));
  const suspects: number[] = [];
  members.forEach((member, index) => {
    const box = partsBBox(member.parts);
    if (overhangBoxes && !overhangBoxes.some((other) => boxesIntersect(box, other))) return;
    const pieces = clip(() => difference(member.parts as Geom, areaGeom)).filter((piece) => polygonAreaM2(piece) >= tolerance);
    if (pieces.length === 0) return;
    const areaM2 = pieces.reduce((sum, piece) => sum + polygonAreaM2(piece), 0);
    report.outsideParent.push({ code: member.code, areaM2, location: locateParts(pieces) });
    suspects.push(index);
  });
  const memberArea = members.reduce((sum, member) => sum + member.parts.reduce((s, part) => s + polygonAreaM2(part), 0), 0);
  const unionArea = merged ? (merged as PolygonCoords[]).reduce((sum, part) => sum + polygonAreaM2(part), 0) : -Infinity;
  if (memberArea - unionArea >= tolerance) members.forEach((_, index) => suspects.push(index));
  return suspects;
}

function boxesIntersect(a: number[], b: number[]): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

function findOverlaps(
  grids: Array<{ code: string; parts: MultiPolygonCoords }>,
  suspect: Set<number>,
  tolerance: number,
): CoverageReport['overlaps'] {
  const overlaps: CoverageReport['overlaps'] = [];
  if (suspect.size === 0 || grids.length === 0) return overlaps;
  const boxes = grids.map((grid) => partsBBox(grid.parts));
  const index = new Flatbush(grids.length);
  for (const box of boxes) index.add(box[0], box[1], box[2], box[3]);
  index.finish();
  for (const a of [...suspect].sort((x, y) => x - y)) {
    for (const b of index.search(boxes[a][0], boxes[a][1], boxes[a][2], boxes[a][3]).sort((x, y) => x - y)) {
      // Each pair once: skip when b is also suspect and comes first.
      if (b === a || (suspect.has(b) && b < a)) continue;
      const pieces = clip(() => intersection(grids[a].parts as Geom, grids[b].parts as Geom)).filter(
        (piece) => polygonAreaM2(piece) >= tolerance,
      );
      if (pieces.length === 0) continue;
      const areaM2 = pieces.reduce((sum, piece) => sum + polygonAreaM2(piece), 0);
      const [first, second] = grids[a].code <= grids[b].code ? [grids[a].code, grids[b].code] : [grids[b].code, grids[a].code];
      overlaps.push({ a: first, b: second, areaM2, location: locateParts(pieces) });
    }
  }
  return overlaps.sort((x, y) => compareText(x.a, y.a) || compareText(x.b, y.b) || compareLocation(x.location, y.location));
}

/** Runs a clipping operation; geometry it cannot process (already reported as invalid) yields nothing. */
function clip(operation: () => Geom[]): PolygonCoords[] {
  return clipOrNull(operation) ?? [];
}

function clipOrNull(operation: () => Geom[]): PolygonCoords[] | null {
  try {
    return operation() as PolygonCoords[];
  } catch {
    return null;
  }
}

function compareText(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

function compareLocation(x: Position, y: Position): number {
  return y[1] - x[1] || x[0] - y[0];
}

function partsOf(geometry: PolygonalGeometry): MultiPolygonCoords {
  if (!geometry || !Array.isArray(geometry.coordinates)) return [];
  const parts = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return parts.filter((part) => Array.isArray(part) && part.length > 0);
}

function partsBBox(parts: MultiPolygonCoords): [number, number, number, number] {
  let box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const part of parts) {
    const ring = ringBBox((part[0] ?? []).filter((p) => Number.isFinite(p[0]) && Number.isFinite(p[1])));
    box = [Math.min(box[0], ring[0]), Math.min(box[1], ring[1]), Math.max(box[2], ring[2]), Math.max(box[3], ring[3])];
  }
  return Number.isFinite(box[0]) ? box : [0, 0, 0, 0];
}

function locate(polygon: PolygonCoords): Position {
  return interiorPoint(polygon) ?? fallbackPoint(polygon);
}

function locateParts(parts: PolygonCoords[]): Position {
  return interiorPointOfParts(parts) ?? fallbackPoint(parts[0] ?? []);
}

function fallbackPoint(polygon: PolygonCoords): Position {
  const position = polygon[0]?.[0];
  return position && Number.isFinite(position[0]) && Number.isFinite(position[1]) ? [position[0], position[1]] : [0, 0];
}
