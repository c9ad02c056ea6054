// GeoPackage geometry blobs (GeoPackage 1.3, §2.1.3): the "GP" header with version, flags, SRS id and
// an envelope, followed by little-endian ISO WKB of the (2D) geometry.
type Position = number[];

const WKB_POINT = 1;
const WKB_POLYGON = 3;
const LITTLE_ENDIAN = 1;

/** Flags: bit 0 little-endian; bits 1–3 envelope kind (0 none, 1 [minx, maxx, miny, maxy]); bit 4 empty. */
function header(srsId: number, envelope: [number, number, number, number] | undefined, empty = false): Uint8Array {
  const bytes = new Uint8Array(8 + (envelope ? 32 : 0));
  const view = new DataView(bytes.buffer);
  bytes[0] = 0x47; // G
  bytes[1] = 0x50; // P
  bytes[2] = 0; // version 1
  bytes[3] = LITTLE_ENDIAN | ((envelope ? 1 : 0) << 1) | ((empty ? 1 : 0) << 4);
  view.setInt32(4, srsId, true);
  envelope?.forEach((value, index) => view.setFloat64(8 + index * 8, value, true));
  return bytes;
}

function join(head: Uint8Array, body: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(head.byteLength + body.byteLength);
  bytes.set(head);
  bytes.set(body, head.byteLength);
  return bytes;
}

/** A point needs no envelope: it is its own. */
export function pointBlob([x, y]: Position, srsId: number): Uint8Array {
  const wkb = new DataView(new ArrayBuffer(21));
  wkb.setUint8(0, LITTLE_ENDIAN);
  wkb.setUint32(1, WKB_POINT, true);
  wkb.setFloat64(5, x, true);
  wkb.setFloat64(13, y, true);
  return join(header(srsId, undefined), new Uint8Array(wkb.buffer));
}

/** A polygon's rings as written (RFC 7946 order: exterior counter-clockwise, as GeoPackage prefers). */
export function polygonBlob(rings: Position[][], srsId: number): Uint8Array {
  const pointCount = rings.reduce((sum, ring) => sum + ring.length, 0);
  const wkb = new DataView(new ArrayBuffer(9 + 4 * rings.length + 16 * pointCount));
  wkb.setUint8(0, LITTLE_ENDIAN);
  wkb.setUint32(1, WKB_POLYGON, true);
  wkb.setUint32(5, rings.length, true);
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  let offset = 9;
  for (const ring of rings) {
    wkb.setUint32(offset, ring.length, true);
    offset += 4;
    for (const [x, y] of ring) {
      wkb.setFloat64(offset, x, true);
      wkb.setFloat64(offset + 8, y, true);
      offset += 16;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  const envelope: [number, number, number, number] | undefined = pointCount > 0 ? [minX, maxX, minY, maxY] : undefined;
  return join(header(srsId, envelope, pointCount === 0), new Uint8Array(wkb.buffer));
}
