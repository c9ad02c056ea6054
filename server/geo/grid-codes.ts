// 15-digit unit-grid codes: the 12-digit village code (statistical division code) plus a 3-digit
// sequence within the village, numbered in reading order (north to south in bands, west to east).
import type { MultiPolygonCoords, Position, Validation } from './types.ts';
import { polygonAreaM2 } from './ring.ts';
import { interiorPointOfParts } from './interior-point.ts';

const METRES_PER_DEGREE_LATITUDE = 111_319.49;
export const MAX_SEQUENCE = 999;

/** A group of blocks to be numbered, with its merged geometry (one or more parts). */
export interface GroupToNumber {
  blockIds: string[];
  parts: MultiPolygonCoords;
}

/** Codes already issued in the village, and the highest sequence ever issued there. */
export interface PreviousCodes {
  grids: Array<{ code: string; blockIds: string[] }>;
  highestSequence: number;
}

export type AssignCodesResult =
  | { valid: true; codes: string[]; highestSequence: number }
  | { valid: false; reason: string };

/** Province code of synthetic data (the generated province): outside 11–82, so never a real one. */
export const SYNTHETIC_PROVINCE_CODE = '99';

/**
 * 12-digit village code: province (2, 11–82, or 99 for synthetic data), prefecture (2), county (2),
 * township (3), village (3); the township and village parts are never 000 (000 would denote the
 * enclosing unit itself).
 */
export function validateVillageCode(code: string): Validation {
  if (typeof code !== 'string' || !/^\d{12}$/.test(code)) return { valid: false, reason: 'village code must be 12 digits' };
  const province = Number(code.slice(0, 2));
  if ((province < 11 || province > 82) && code.slice(0, 2) !== SYNTHETIC_PROVINCE_CODE) return { valid: false, reason: `province part ${code.slice(0, 2)} is not a province` };
  if (code.slice(4, 6) === '00') return { valid: false, reason: 'county part is 00' };
  if (code.slice(6, 9) === '000') return { valid: false, reason: 'township part is 000' };
  if (code.slice(9, 12) === '000') return { valid: false, reason: 'village part is 000' };
  return { valid: true };
}

/** A grid code: a valid village code followed by a sequence 001–999 (optionally of a given village). */
export function validateGridCode(code: string, villageCode?: string): Validation {
  if (typeof code !== 'string' || !/^\d{15}$/.test(code)) return { valid: false, reason: 'grid code must be 15 digits' };
  const village = validateVillageCode(code.slice(0, 12));
  if (!village.valid) return village;
  if (code.slice(12) === '000') return { valid: false, reason: 'sequence 000 is not used' };
  if (villageCode !== undefined && code.slice(0, 12) !== villageCode) {
    return { valid: false, reason: `grid code does not belong to village ${villageCode}` };
  }
  return { valid: true };
}

export function gridCode(villageCode: string, sequence: number): string {
  return villageCode + String(sequence).padStart(3, '0');
}

export function sequenceOf(code: string): number {
  return Number(code.slice(12));
}

/**
 * Reading order of the groups of one village. Each group is represented by an interior point of its
 * largest part. The village is cut into horizontal bands, counted from its northern edge (the
 * northernmost vertex of all groups), each as high as the typical grid side — the square root of the
 * mean grid area. Groups are ordered by band (north first), then by longitude of the point (west
 * first), then by latitude (north first), then by smallest block id. Returns group indices in order.
 */
export function readingOrder(groups: GroupToNumber[]): number[] {
  if (groups.length === 0) return [];
  let north = -Infinity, totalArea = 0;
  for (const group of groups) {
    for (const part of group.parts) {
      for (const position of part[0] ?? []) if (position[1] > north) north = position[1];
      totalArea += polygonAreaM2(part);
    }
  }
  const bandHeight = Math.sqrt(totalArea / groups.length) / METRES_PER_DEGREE_LATITUDE;
  const entries = groups.map((group, index) => {
    const point: Position = interiorPointOfParts(group.parts) ?? [0, 0];
    const band = bandHeight > 0 ? Math.floor((north - point[1]) / bandHeight) : 0;
    const firstId = [...group.blockIds].sort()[0] ?? '';
    return { index, point, band, firstId };
  });
  entries.sort(
    (x, y) =>
      x.band - y.band ||
      x.point[0] - y.point[0] ||
      y.point[1] - x.point[1] ||
      (x.firstId < y.firstId ? -1 : x.firstId > y.firstId ? 1 : 0),
  );
  return entries.map((entry) => entry.index);
}

/**
 * Codes for the groups of a village, aligned with `groups`. Without `previous`, sequences run 1..n in
 * reading order. With `previous`, a group made of exactly the same blocks as an earlier grid keeps
 * that grid's code; the other groups get fresh sequences after the highest ever issued, in reading
 * order, so retired sequences are never reused. Fails when a sequence would pass 999.
 */
export function assignCodes(villageCode: string, groups: GroupToNumber[], previous?: PreviousCodes): AssignCodesResult {
  const village = validateVillageCode(villageCode);
  if (!village.valid) return village;
  const codes: string[] = groups.map(() => '');
  let highest = 0;
  if (previous) {
    highest = Math.max(0, Math.floor(previous.highestSequence));
    const previousByBlocks = new Map<string, string>();
    for (const grid of previous.grids) {
      if (!validateGridCode(grid.code, villageCode).valid) continue;
      highest = Math.max(highest, sequenceOf(grid.code));
      const key = blockSetKey(grid.blockIds);
      if (!previousByBlocks.has(key)) previousByBlocks.set(key, grid.code);
    }
    const used = new Set<string>();
    groups.forEach((group, index) => {
      const code = previousByBlocks.get(blockSetKey(group.blockIds));
      if (code !== undefined && !used.has(code)) {
        codes[index] = code;
        used.add(code);
      }
    });
  }
  for (const index of readingOrder(groups)) {
    if (codes[index] !== '') continue;
    highest++;
    if (highest > MAX_SEQUENCE) {
      return { valid: false, reason: `village ${villageCode} would need a sequence above ${MAX_SEQUENCE}` };
    }
    codes[index] = gridCode(villageCode, highest);
  }
  return { valid: true, codes, highestSequence: highest };
}

function blockSetKey(blockIds: string[]): string {
  return [...new Set(blockIds)].sort().join('\u0000');
}
