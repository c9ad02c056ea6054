// dBASE III attribute table (.dbf) for a shapefile: character (UTF-8, declared by the .cpg),
// numeric and logical fields; names at most 10 characters.
export type DbfValue = string | number | boolean | null;

export interface DbfField {
  /** 1–10 ASCII characters. */
  name: string;
  type: 'C' | 'N' | 'L';
  /** Digits after the decimal point, for N fields. */
  decimals?: number;
}

interface SizedField extends DbfField {
  length: number;
}

const MAX_CHARACTER_BYTES = 254;
const MAX_NUMERIC_WIDTH = 20;
const encoder = new TextEncoder();

/** The longest prefix of `text` that fits in `limit` UTF-8 bytes without splitting a character. */
export function utf8Prefix(text: string, limit: number): Uint8Array {
  const bytes = encoder.encode(text);
  if (bytes.length <= limit) return bytes;
  let end = limit;
  // Continuation bytes look like 10xxxxxx: back up to the start of the cut character.
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end);
}

function numericText(value: number, decimals: number): string {
  return decimals > 0 ? value.toFixed(decimals) : String(Math.round(value));
}

/** Checks a field list; the reason names the first problem. */
export function validateFields(fields: readonly DbfField[]): { valid: true } | { valid: false; reason: string } {
  const seen = new Set<string>();
  for (const field of fields) {
    if (!/^[A-Za-z][A-Za-z0-9_]{0,9}$/.test(field.name)) return { valid: false, reason: `field name ${field.name} is not 1–10 ASCII letters, digits or _` };
    const key = field.name.toUpperCase();
    if (seen.has(key)) return { valid: false, reason: `field name ${field.name} is repeated` };
    seen.add(key);
  }
  return { valid: true };
}

function sizeFields(fields: readonly DbfField[], records: ReadonlyArray<readonly DbfValue[]>): SizedField[] {
  return fields.map((field, column) => {
    if (field.type === 'L') return { ...field, length: 1 };
    let length = 1;
    for (const record of records) {
      const value = record[column];
      if (value === null || value === undefined) continue;
      const width = field.type === 'C' ? encoder.encode(String(value)).length : numericText(Number(value), field.decimals ?? 0).length;
      if (width > length) length = width;
    }
    return { ...field, length: Math.min(length, field.type === 'C' ? MAX_CHARACTER_BYTES : MAX_NUMERIC_WIDTH) };
  });
}

export function writeDbf(fields: readonly DbfField[], records: ReadonlyArray<readonly DbfValue[]>, today = new Date()): Uint8Array {
  const check = validateFields(fields);
  if (!check.valid) throw new Error(check.reason);
  const sized = sizeFields(fields, records);
  const headerLength = 32 + 32 * sized.length + 1;
  const recordLength = 1 + sized.reduce((sum, field) => sum + field.length, 0);
  const bytes = new Uint8Array(headerLength + recordLength * records.length + 1);
  const view = new DataView(bytes.buffer);

  view.setUint8(0, 0x03);
  view.setUint8(1, today.getUTCFullYear() - 1900);
  view.setUint8(2, today.getUTCMonth() + 1);
  view.setUint8(3, today.getUTCDate());
  view.setUint32(4, records.length, true);
  view.setUint16(8, headerLength, true);
  view.setUint16(10, recordLength, true);
  sized.forEach((field, index) => {
    const at = 32 + index * 32;
    bytes.set(encoder.encode(field.name), at);
    bytes[at + 11] = field.type.charCodeAt(0);
    bytes[at + 16] = field.length;
    bytes[at + 17] = field.type === 'N' ? (field.decimals ?? 0) : 0;
  });
  bytes[headerLength - 1] = 0x0d;

  let offset = headerLength;
  for (const record of records) {
    bytes.fill(0x20, offset, offset + recordLength); // ' ' = not deleted, and blank padding
    let at = offset + 1;
    sized.forEach((field, column) => {
      const value = record[column];
      if (value !== null && value !== undefined) {
        if (field.type === 'C') bytes.set(utf8Prefix(String(value), field.length), at);
        else if (field.type === 'L') bytes[at] = value ? 0x54 : 0x46; // T / F
        else {
          const text = numericText(Number(value), field.decimals ?? 0);
          // Numbers are right-aligned; one too wide for the field is left blank rather than cut.
          if (text.length <= field.length) bytes.set(encoder.encode(text), at + field.length - text.length);
        }
      }
      at += field.length;
    });
    offset += recordLength;
  }
  bytes[offset] = 0x1a;
  return bytes;
}
