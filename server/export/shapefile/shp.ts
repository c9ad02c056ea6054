// ESRI Shapefile main file (.shp) and index (.shx) for polygons and points (ESRI whitepaper, 1998):
// big-endian file code and lengths in 16-bit words, little-endian shape content.
export type ShapeKind = 'polygon' | 'point';

const SHAPE_TYPE: Record<ShapeKind, number> = { point: 1, polygon: 5 };
const HEADER_BYTES = 100;

type Position = number[];
/** A polygon's rings (first outer, then holes) as GeoJSON coordinates. */
export type PolygonRings = Position[][];

export interface ShapeFiles {
  shp: Uint8Array;
  shx: Uint8Array;
  /** [minX, minY, maxX, maxY] of every shape; zeros when there are none. */
  bbox: [number, number, number, number];
}

/** Twice the signed area: positive for counter-clockwise rings (x east, y north). */
function signedArea2(ring: Position[]): number {
  let sum = 0;
  // Edge j → i contributes (x_j − x_i)(y_j + y_i): the trapezoid rule, positive when counter-clockwise.
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) sum += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return sum;
}

/** Shapefile order: outer rings clockwise, holes counter-clockwise; every ring closed. */
export function shapefileRings(polygons: PolygonRings[]): Position[][] {
  const rings: Position[][] = [];
  for (const polygon of polygons) {
    polygon.forEach((ring, index) => {
      const closed = ring.length > 0 && (ring[0][0] !== ring.at(-1)![0] || ring[0][1] !== ring.at(-1)![1]) ? [...ring, ring[0]] : ring;
      const clockwise = signedArea2(closed) < 0;
      const wantClockwise = index === 0;
      rings.push(clockwise === wantClockwise ? closed : [...closed].reverse());
    });
  }
  return rings;
}

function writeHeader(view: DataView, kind: ShapeKind, byteLength: number, bbox: [number, number, number, number]): void {
  view.setInt32(0, 9994, false);
  view.setInt32(24, byteLength / 2, false);
  view.setInt32(28, 1000, true);
  view.setInt32(32, SHAPE_TYPE[kind], true);
  bbox.forEach((value, index) => view.setFloat64(36 + index * 8, value, true));
  // Z and M ranges (68..99) stay zero.
}

/**
 * Writes shapes in order: each entry a point [x, y] or a polygon's parts (rings of one or more
 * polygons). Record numbers start at 1.
 */
export function writeShapes(kind: 'point', shapes: Position[]): ShapeFiles;
export function writeShapes(kind: 'polygon', shapes: PolygonRings[][]): ShapeFiles;
export function writeShapes(kind: ShapeKind, shapes: Position[] | PolygonRings[][]): ShapeFiles {
  const contents: Uint8Array[] = [];
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const extend = (x: number, y: number) => {
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
  };

  for (const shape of shapes) {
    if (kind === 'point') {
      const [x, y] = shape as Position;
      const content = new DataView(new ArrayBuffer(20));
      content.setInt32(0, 1, true);
      content.setFloat64(4, x, true);
      content.setFloat64(12, y, true);
      extend(x, y);
      contents.push(new Uint8Array(content.buffer));
      continue;
    }
    const rings = shapefileRings(shape as PolygonRings[]);
    const pointCount = rings.reduce((sum, ring) => sum + ring.length, 0);
    const content = new DataView(new ArrayBuffer(44 + 4 * rings.length + 16 * pointCount));
    let ringMinX = Infinity, ringMinY = Infinity, ringMaxX = -Infinity, ringMaxY = -Infinity;
    for (const ring of rings) {
      for (const [x, y] of ring) {
        if (x < ringMinX) ringMinX = x;
        if (y < ringMinY) ringMinY = y;
        if (x > ringMaxX) ringMaxX = x;
        if (y > ringMaxY) ringMaxY = y;
      }
    }
    extend(ringMinX, ringMinY);
    extend(ringMaxX, ringMaxY);
    content.setInt32(0, 5, true);
    [ringMinX, ringMinY, ringMaxX, ringMaxY].forEach((value, index) => content.setFloat64(4 + index * 8, value, true));
    content.setInt32(36, rings.length, true);
    content.setInt32(40, pointCount, true);
    let offset = 44;
    let start = 0;
    for (const ring of rings) {
      content.setInt32(offset, start, true);
      offset += 4;
      start += ring.length;
    }
    for (const ring of rings) {
      for (const [x, y] of ring) {
        content.setFloat64(offset, x, true);
        content.setFloat64(offset + 8, y, true);
        offset += 16;
      }
    }
    contents.push(new Uint8Array(content.buffer));
  }

  const bbox: [number, number, number, number] = shapes.length === 0 ? [0, 0, 0, 0] : [minX, minY, maxX, maxY];
  const shpLength = HEADER_BYTES + contents.reduce((sum, content) => sum + 8 + content.byteLength, 0);
  const shxLength = HEADER_BYTES + 8 * contents.length;
  const shp = new Uint8Array(shpLength);
  const shx = new Uint8Array(shxLength);
  const shpView = new DataView(shp.buffer);
  const shxView = new DataView(shx.buffer);
  writeHeader(shpView, kind, shpLength, bbox);
  writeHeader(shxView, kind, shxLength, bbox);

  let offset = HEADER_BYTES;
  contents.forEach((content, index) => {
    shxView.setInt32(HEADER_BYTES + index * 8, offset / 2, false);
    shxView.setInt32(HEADER_BYTES + index * 8 + 4, content.byteLength / 2, false);
    shpView.setInt32(offset, index + 1, false);
    shpView.setInt32(offset + 4, content.byteLength / 2, false);
    shp.set(content, offset + 8);
    offset += 8 + content.byteLength;
  });
  return { shp, shx, bbox };
}
