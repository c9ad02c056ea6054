// Decodes the PNG screenshots the browser takes (8-bit RGB or RGBA, not interlaced) into RGBA
// pixels, so tests can look at what was drawn without an image library.
import { inflateSync } from 'node:zlib';

export interface RgbaImage {
  width: number;
  height: number;
  /** Row-major RGBA, 4 bytes per pixel. */
  pixels: Uint8Array;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CHANNELS_BY_COLOUR_TYPE: Record<number, number> = { 2: 3, 6: 4 };

export function decodePng(file: Uint8Array): RgbaImage {
  const bytes = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  if (!bytes.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG file');
  let width = 0;
  let height = 0;
  let channels = 0;
  const compressed: Buffer[] = [];
  for (let offset = 8; offset < bytes.length; ) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const bitDepth = data[8];
      channels = CHANNELS_BY_COLOUR_TYPE[data[9]] ?? 0;
      if (bitDepth !== 8 || channels === 0 || data[12] !== 0) throw new Error(`unsupported PNG: depth ${bitDepth}, colour type ${data[9]}, interlace ${data[12]}`);
    } else if (type === 'IDAT') {
      compressed.push(data);
    } else if (type === 'IEND') {
      break;
    }
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(compressed));
  const stride = width * channels;
  const rows = unfilter(raw, stride, height, channels);
  const pixels = new Uint8Array(width * height * 4);
  for (let index = 0, source = 0; index < width * height; index++, source += channels) {
    pixels[index * 4] = rows[source];
    pixels[index * 4 + 1] = rows[source + 1];
    pixels[index * 4 + 2] = rows[source + 2];
    pixels[index * 4 + 3] = channels === 4 ? rows[source + 3] : 255;
  }
  return { width, height, pixels };
}

/** Undoes the per-row PNG filters (none, sub, up, average, Paeth). */
function unfilter(raw: Uint8Array, stride: number, height: number, bytesPerPixel: number): Uint8Array {
  const out = new Uint8Array(stride * height);
  for (let row = 0; row < height; row++) {
    const filter = raw[row * (stride + 1)];
    const line = raw.subarray(row * (stride + 1) + 1, (row + 1) * (stride + 1));
    const base = row * stride;
    for (let column = 0; column < stride; column++) {
      const left = column >= bytesPerPixel ? out[base + column - bytesPerPixel] : 0;
      const up = row > 0 ? out[base - stride + column] : 0;
      const upLeft = row > 0 && column >= bytesPerPixel ? out[base - stride + column - bytesPerPixel] : 0;
      let predicted: number;
      switch (filter) {
        case 0: predicted = 0; break;
        case 1: predicted = left; break;
        case 2: predicted = up; break;
        case 3: predicted = (left + up) >> 1; break;
        case 4: predicted = paeth(left, up, upLeft); break;
        default: throw new Error(`bad PNG filter ${filter} on row ${row}`);
      }
      out[base + column] = (line[column] + predicted) & 0xff;
    }
  }
  return out;
}

function paeth(left: number, up: number, upLeft: number): number {
  const estimate = left + up - upLeft;
  const toLeft = Math.abs(estimate - left);
  const toUp = Math.abs(estimate - up);
  const toUpLeft = Math.abs(estimate - upLeft);
  if (toLeft <= toUp && toLeft <= toUpLeft) return left;
  return toUp <= toUpLeft ? up : upLeft;
}
