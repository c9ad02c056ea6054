// Checks and normal forms applied to a dataset before any backend stores it.
import { createHash } from 'node:crypto';
import type { AreaGeometry, Dataset } from '../model.ts';
import type { PolygonCoords, Position, Ring, Validation } from '../geo/types.ts';
import { rewindPolygon } from '../geo/ring.ts';
import { GRID_CODE_PATTERN, TOWNSHIP_CODE_PATTERN, VILLAGE_CODE_PATTERN, validateNewIssue } from './issueRules.ts';

/** Content hash: the same pipeline output yields the same id, so re-seeding is a no-op. */
export function datasetId(dataset: Dataset): string {
  return createHash('sha256').update(JSON.stringify(dataset)).digest('hex');
}

/** 7 decimals ≈ 1 cm: finer digits only inflate the payload. */
const COORDINATE_SCALE = 1e7;

function roundPositions(positions: readonly Position[]): Position[] {
  return positions.map(([lon, lat]) => [
    Math.round(lon * COORDINATE_SCALE) / COORDINATE_SCALE,
    Math.round(lat * COORDINATE_SCALE) / COORDINATE_SCALE,
  ] as Position);
}

/** A line with rounded coordinates and no repeated consecutive positions (rounding can create them). */
export function normalizeLine(positions: readonly Position[]): Position[] {
  return roundPositions(positions).filter((p, index, all) => index === 0 || p[0] !== all[index - 1][0] || p[1] !== all[index - 1][1]);
}

function normalizeRing(ring: Ring): Ring {
  const rounded = roundPositions(ring);
  const first = rounded[0], last = rounded[rounded.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) rounded.push([first[0], first[1]]);
  return rounded;
}

/** Closed rings, rounded coordinates, RFC 7946 winding (exterior CCW, holes CW). */
export function normalizePolygon(polygon: PolygonCoords): PolygonCoords {
  return rewindPolygon(polygon.map(normalizeRing));
}

export function normalizeAreaGeometry(geometry: AreaGeometry): AreaGeometry {
  return geometry.type === 'Polygon'
    ? { type: 'Polygon', coordinates: normalizePolygon(geometry.coordinates) }
    : { type: 'MultiPolygon', coordinates: geometry.coordinates.map(normalizePolygon) };
}

function polygonIsWellFormed(polygon: unknown): boolean {
  if (!Array.isArray(polygon) || polygon.length === 0) return false;
  return polygon.every(
    (ring) =>
      Array.isArray(ring) &&
      ring.length >= 3 &&
      ring.every((p) => Array.isArray(p) && p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1])),
  );
}

const LINE_KINDS = new Set(['street', 'water', 'boundary']);

function lineIsWellFormed(line: { kind?: unknown; class?: unknown; name?: unknown; coordinates?: unknown }): Validation {
  if (!LINE_KINDS.has(line.kind as string)) return { valid: false, reason: `unknown kind ${String(line.kind)}` };
  if (line.class !== undefined && typeof line.class !== 'string') return { valid: false, reason: 'class is not a string' };
  if (line.name !== undefined && typeof line.name !== 'string') return { valid: false, reason: 'name is not a string' };
  const positions = line.coordinates;
  if (!Array.isArray(positions) || positions.length < 2) return { valid: false, reason: 'fewer than 2 positions' };
  const finite = positions.every((p) => Array.isArray(p) && p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]));
  return finite ? { valid: true } : { valid: false, reason: 'a position is not a finite [lon, lat]' };
}

function geometryIsWellFormed(geometry: AreaGeometry | undefined): boolean {
  if (!geometry) return false;
  if (geometry.type === 'Polygon') return polygonIsWellFormed(geometry.coordinates);
  if (geometry.type === 'MultiPolygon') return geometry.coordinates.length > 0 && geometry.coordinates.every(polygonIsWellFormed);
  return false;
}

function duplicateOf(values: string[]): string | null {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) return value;
    seen.add(value);
  }
  return null;
}

/** Referential and shape checks; the database constraints repeat the referential ones. */
export function validateDataset(dataset: Dataset): Validation {
  const { county, townships, villages, blocks, grids, issues } = dataset;
  if (!county || !/^\d{6}$/.test(county.code)) return { valid: false, reason: 'county code is not 6 digits' };
  if (!geometryIsWellFormed(county.geometry)) return { valid: false, reason: 'county geometry is malformed' };
  if (dataset.province !== undefined) {
    const { province } = dataset;
    if (!province || !/^\d{2}$/.test(province.code) || !county.code.startsWith(province.code)) {
      return { valid: false, reason: `province code is not the 2 digits county ${county.code} starts with` };
    }
    if (typeof province.name !== 'string' || province.name.trim() === '') return { valid: false, reason: 'province name is empty' };
  }
  const townshipCodes = new Set<string>();
  for (const township of townships) {
    if (!TOWNSHIP_CODE_PATTERN.test(township.code) || !township.code.startsWith(county.code)) {
      return { valid: false, reason: `township code ${township.code} is not 9 digits under ${county.code}` };
    }
    if (!geometryIsWellFormed(township.geometry)) return { valid: false, reason: `township ${township.code} geometry is malformed` };
    townshipCodes.add(township.code);
  }
  const villageTownship = new Map<string, string>();
  for (const village of villages) {
    if (!VILLAGE_CODE_PATTERN.test(village.code)) return { valid: false, reason: `village code ${village.code} is not 12 digits` };
    if (!townshipCodes.has(village.townshipCode)) return { valid: false, reason: `village ${village.code} has unknown township ${village.townshipCode}` };
    if (!geometryIsWellFormed(village.geometry)) return { valid: false, reason: `village ${village.code} geometry is malformed` };
    villageTownship.set(village.code, village.townshipCode);
  }
  const blockVillage = new Map<string, string>();
  for (const block of blocks) {
    if (villageTownship.get(block.villageCode) !== block.townshipCode) {
      return { valid: false, reason: `block ${block.id} has unknown village ${block.villageCode} in ${block.townshipCode}` };
    }
    if (!polygonIsWellFormed(block.polygon)) return { valid: false, reason: `block ${block.id} polygon is malformed` };
    blockVillage.set(block.id, block.villageCode);
  }
  const duplicates = [
    duplicateOf(townships.map((t) => t.code)),
    duplicateOf(villages.map((v) => v.code)),
    duplicateOf(blocks.map((b) => b.id)),
    duplicateOf(grids.map((g) => g.code)),
    duplicateOf(grids.flatMap((g) => g.blockIds)),
  ];
  const duplicate = duplicates.find((d) => d !== null);
  if (duplicate) return { valid: false, reason: `duplicate code or block assignment ${duplicate}` };
  for (const grid of grids) {
    if (!GRID_CODE_PATTERN.test(grid.code) || !grid.code.startsWith(grid.villageCode)) {
      return { valid: false, reason: `grid code ${grid.code} is not 15 digits under village ${grid.villageCode}` };
    }
    if (villageTownship.get(grid.villageCode) !== grid.townshipCode) {
      return { valid: false, reason: `grid ${grid.code} has unknown village ${grid.villageCode} in ${grid.townshipCode}` };
    }
    if (!polygonIsWellFormed(grid.polygon)) return { valid: false, reason: `grid ${grid.code} polygon is malformed` };
    for (const blockId of grid.blockIds) {
      if (blockVillage.get(blockId) !== grid.villageCode) {
        return { valid: false, reason: `grid ${grid.code} holds block ${blockId} that is not in its village` };
      }
    }
  }
  for (const [index, issue] of issues.entries()) {
    const validation = validateNewIssue(issue);
    if (!validation.valid) return { valid: false, reason: `issue #${index}: ${validation.reason}` };
  }
  if (dataset.lines !== undefined && !Array.isArray(dataset.lines)) return { valid: false, reason: 'lines is not a list' };
  for (const [index, line] of (dataset.lines ?? []).entries()) {
    const validation = lineIsWellFormed(line);
    if (!validation.valid) return { valid: false, reason: `line #${index}: ${validation.reason}` };
  }
  return { valid: true };
}

/** Display name of a grid: village name without its committee suffix, then the sequence number. */
export function gridName(villageName: string, gridCode: string): string {
  const place = villageName.replace(/(居民委员会|村民委员会|居委会|村委会)$/, '');
  return `${place}第${Number(gridCode.slice(12))}网格`;
}
