// Query parameters of OGC API – Features Part 1: bbox, datetime, limit, offset, f. Anything else is
// refused (the API definition lists no other parameter), naming the parameter.
import { ledgerDayStart } from '../store/ledgerCalendar.ts';
import type { Box } from './geometry.ts';
import type { TimeWindow } from './feature-set.ts';

export const OGC_LIMIT_DEFAULT = 10;
export const OGC_LIMIT_MAX = 10_000;
const DAY_MS = 86_400_000;

export type Parsed<T> = { valid: true; value: T } | { valid: false; field: string; reason: string };

export interface ItemsParameters {
  bbox?: Box;
  datetime?: TimeWindow;
  limit: number;
  offset: number;
}

const FORMAT_VALUES = ['json', 'geojson'];

function refuse<T>(field: string, reason: string): Parsed<T> {
  return { valid: false, field, reason };
}

/** Only `f` (json) is accepted on the non-item resources. */
export function parseFormatOnly(query: Record<string, string>): Parsed<null> {
  for (const [name, value] of Object.entries(query)) {
    if (name !== 'f') return refuse(name, `unknown query parameter ${name}`);
    if (!FORMAT_VALUES.includes(value)) return refuse('f', `f is json (only JSON is served), not ${value}`);
  }
  return { valid: true, value: null };
}

const NUMBER = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/;

export function parseBbox(text: string): Parsed<Box> {
  const parts = text.split(',');
  if ((parts.length !== 4 && parts.length !== 6) || !parts.every((part) => NUMBER.test(part))) {
    return refuse('bbox', 'bbox is minLon,minLat,maxLon,maxLat (or six numbers with heights)');
  }
  const numbers = parts.map(Number);
  // Six numbers carry heights (minLon,minLat,minZ,maxLon,maxLat,maxZ); the features are flat.
  const [minLon, minLat, maxLon, maxLat] = numbers.length === 6 ? [numbers[0], numbers[1], numbers[3], numbers[4]] : numbers;
  if (minLon < -180 || maxLon > 180 || maxLon < -180 || minLon > 180) return refuse('bbox', 'bbox longitudes lie in -180..180');
  if (minLat < -90 || maxLat > 90 || minLat > maxLat) return refuse('bbox', 'bbox latitudes satisfy -90 ≤ minLat ≤ maxLat ≤ 90');
  // minLon > maxLon is a box crossing the antimeridian, which the spec allows.
  return { valid: true, value: [minLon, minLat, maxLon, maxLat] };
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** One end of an interval: a date-time, or a date (its whole ledger day, Asia/Shanghai). */
function parseInstant(text: string, end: 'start' | 'end'): number | null {
  if (DATE_TIME.test(text)) {
    const time = Date.parse(text.toUpperCase());
    return Number.isNaN(time) ? null : time;
  }
  const dayStart = ledgerDayStart(text);
  if (dayStart === null) return null;
  return end === 'start' ? dayStart : dayStart + DAY_MS - 1;
}

export function parseDatetime(text: string): Parsed<TimeWindow> {
  const bad = refuse<TimeWindow>('datetime', 'datetime is an RFC 3339 date-time or date, or an interval start/end with .. for an open end');
  const parts = text.split('/');
  if (parts.length === 1) {
    const start = parseInstant(text, 'start');
    const end = parseInstant(text, 'end');
    return start === null || end === null ? bad : { valid: true, value: { start, end } };
  }
  if (parts.length !== 2) return bad;
  const open = (part: string) => part === '..' || part === '';
  if (open(parts[0]) && open(parts[1])) return { valid: true, value: {} };
  const window: TimeWindow = {};
  if (!open(parts[0])) {
    const start = parseInstant(parts[0], 'start');
    if (start === null) return bad;
    window.start = start;
  }
  if (!open(parts[1])) {
    const end = parseInstant(parts[1], 'end');
    if (end === null) return bad;
    window.end = end;
  }
  if (window.start !== undefined && window.end !== undefined && window.start > window.end) {
    return refuse('datetime', 'datetime interval starts after it ends');
  }
  return { valid: true, value: window };
}

function parseCount(name: string, text: string, minimum: number): Parsed<number> {
  if (!/^\d{1,15}$/.test(text)) return refuse(name, `${name} is a whole number`);
  const value = Number(text);
  if (value < minimum) return refuse(name, `${name} is at least ${minimum}`);
  return { valid: true, value };
}

export function parseItemsParameters(query: Record<string, string>): Parsed<ItemsParameters> {
  const parameters: ItemsParameters = { limit: OGC_LIMIT_DEFAULT, offset: 0 };
  for (const [name, value] of Object.entries(query)) {
    switch (name) {
      case 'f':
        if (!FORMAT_VALUES.includes(value)) return refuse('f', `f is json or geojson (only GeoJSON is served), not ${value}`);
        break;
      case 'bbox': {
        const bbox = parseBbox(value);
        if (!bbox.valid) return bbox;
        parameters.bbox = bbox.value;
        break;
      }
      case 'datetime': {
        const datetime = parseDatetime(value);
        if (!datetime.valid) return datetime;
        parameters.datetime = datetime.value;
        break;
      }
      case 'limit': {
        const limit = parseCount('limit', value, 1);
        if (!limit.valid) return limit;
        // Above the maximum is not an error: the maximum applies (Part 1, /req/core/fc-limit-response-1).
        parameters.limit = Math.min(limit.value, OGC_LIMIT_MAX);
        break;
      }
      case 'offset': {
        const offset = parseCount('offset', value, 0);
        if (!offset.valid) return offset;
        parameters.offset = offset.value;
        break;
      }
      default:
        return refuse(name, `unknown query parameter ${name}`);
    }
  }
  return { valid: true, value: parameters };
}
