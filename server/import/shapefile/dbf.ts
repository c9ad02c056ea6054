// dBASE attribute table (.dbf) reader. Text is decoded with the encoding the .cpg names, else the
// one the header's language driver id implies, else UTF-8 when the bytes are valid UTF-8 and GB18030
// (a superset of GBK, the usual encoding of Chinese shapefiles) when they are not.
export type DbfCell = string | number | boolean | null;
type Decoder = InstanceType<typeof TextDecoder>;

export interface DbfTable {
  fields: Array<{ name: string; type: string; length: number; decimals: number }>;
  /** One entry per record; null for a record marked deleted. */
  records: Array<Record<string, DbfCell> | null>;
  /** The WHATWG label the text was decoded with. */
  encoding: string;
}

export type DbfRead = { valid: true; table: DbfTable } | { valid: false; reason: string };

/** dBASE language driver ids (byte 29) that name a code page. */
const LANGUAGE_DRIVER_ENCODINGS: Record<number, string> = {
  0x03: 'windows-1252', 0x13: 'shift_jis', 0x4d: 'gbk', 0x4e: 'euc-kr', 0x4f: 'big5',
  0x78: 'big5', 0x79: 'euc-kr', 0x7a: 'gbk', 0x7b: 'shift_jis', 0x7c: 'windows-874', 0xc8: 'windows-1250', 0xc9: 'windows-1251', 0xca: 'windows-1254', 0xcb: 'windows-1253',
};

/** The WHATWG encoding label of a .cpg text (UTF-8, GBK, 936, CP936, GB2312, GB18030, 65001, 1252, 88591 …). */
export function encodingFromCpg(text: string): string | undefined {
  const name = text.trim().toLowerCase().replace(/^(cp|ansi[_ ]?|windows-?)(?=\d)/, '');
  if (name === '') return undefined;
  const aliases: Record<string, string> = {
    utf8: 'utf-8', 'utf-8': 'utf-8', '65001': 'utf-8', gbk: 'gbk', '936': 'gbk', gb2312: 'gbk', gb18030: 'gb18030', '54936': 'gb18030',
    big5: 'big5', '950': 'big5', '932': 'shift_jis', sjis: 'shift_jis', shift_jis: 'shift_jis', '949': 'euc-kr', '1252': 'windows-1252',
    '88591': 'iso-8859-1', 'iso-8859-1': 'iso-8859-1', latin1: 'iso-8859-1', '1250': 'windows-1250', '1251': 'windows-1251',
  };
  const label = aliases[name] ?? name;
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return undefined;
  }
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function textEnd(bytes: Uint8Array, start: number, end: number): number {
  // Trailing blanks and NULs are padding.
  while (end > start && (bytes[end - 1] === 0x20 || bytes[end - 1] === 0x00)) end--;
  return end;
}

function cellOf(type: string, bytes: Uint8Array, start: number, end: number, decoder: Decoder, view: DataView): DbfCell {
  switch (type) {
    case 'C':
    case 'V': {
      const stop = textEnd(bytes, start, end);
      return stop === start ? null : decoder.decode(bytes.subarray(start, stop));
    }
    case 'N':
    case 'F': {
      const text = String.fromCharCode(...bytes.subarray(start, end)).trim();
      if (text === '' || /^\*+$/.test(text)) return null;
      const number = Number(text);
      return Number.isFinite(number) ? number : null;
    }
    case 'L': {
      const flag = String.fromCharCode(bytes[start]).toUpperCase();
      return 'TY'.includes(flag) ? true : 'FN'.includes(flag) ? false : null;
    }
    case 'D': {
      const text = String.fromCharCode(...bytes.subarray(start, end)).trim();
      return /^\d{8}$/.test(text) ? `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}` : null;
    }
    case 'I':
      return end - start === 4 ? view.getInt32(start, true) : null;
    case 'O':
    case 'B':
      return end - start === 8 ? view.getFloat64(start, true) : null;
    default:
      // Memo pointers and other binary types carry no value here.
      return null;
  }
}

/** Reads a .dbf; `encoding` (a .cpg's choice or the caller's) wins over the header's language driver. */
export function readDbf(bytes: Uint8Array, source: string, encoding?: string): DbfRead {
  if (bytes.byteLength < 33) return { valid: false, reason: `${source}: too short for a dBASE header` };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const recordCount = view.getUint32(4, true);
  const headerLength = view.getUint16(8, true);
  const recordLength = view.getUint16(10, true);
  if (headerLength > bytes.byteLength || recordLength === 0) return { valid: false, reason: `${source}: header length ${headerLength} / record length ${recordLength} do not fit the file` };

  const rawFields: Array<{ nameBytes: Uint8Array; type: string; length: number; decimals: number; offset: number }> = [];
  let offset = 1;
  for (let at = 32; at + 32 <= headerLength && bytes[at] !== 0x0d; at += 32) {
    const nameBytes = bytes.subarray(at, at + 11);
    const nul = nameBytes.indexOf(0);
    const field = { nameBytes: nameBytes.subarray(0, nul < 0 ? 11 : nul), type: String.fromCharCode(bytes[at + 11]).toUpperCase(), length: bytes[at + 16], decimals: bytes[at + 17], offset };
    // Character fields longer than 255 bytes keep the high byte in the decimal count (Clipper, FoxPro).
    if (field.type === 'C') field.length += field.decimals * 256;
    rawFields.push(field);
    offset += field.length;
  }
  if (offset > recordLength) return { valid: false, reason: `${source}: fields take ${offset} bytes, more than the record length ${recordLength}` };

  const body = bytes.subarray(headerLength, Math.min(bytes.byteLength, headerLength + recordCount * recordLength));
  const chosen = encoding ?? LANGUAGE_DRIVER_ENCODINGS[bytes[29]] ?? (isUtf8(body) && rawFields.every((field) => isUtf8(field.nameBytes)) ? 'utf-8' : 'gb18030');
  let decoder: Decoder;
  try {
    decoder = new TextDecoder(chosen);
  } catch {
    return { valid: false, reason: `${source}: unknown text encoding ${chosen}` };
  }
  const fields = rawFields.map((field) => ({ name: decoder.decode(field.nameBytes).trim(), type: field.type, length: field.length, decimals: field.decimals }));

  const available = Math.floor((bytes.byteLength - headerLength) / recordLength);
  const records: DbfTable['records'] = [];
  for (let index = 0; index < Math.min(recordCount, available); index++) {
    const start = headerLength + index * recordLength;
    if (bytes[start] === 0x2a) {
      records.push(null);
      continue;
    }
    const record: Record<string, DbfCell> = {};
    rawFields.forEach((field, column) => {
      record[fields[column].name] = cellOf(field.type, bytes, start + field.offset, start + field.offset + field.length, decoder, view);
    });
    records.push(record);
  }
  return { valid: true, table: { fields, records, encoding: decoder.encoding } };
}
