// OSM PBF reader (.osm.pbf): file blocks → blobs (raw or zlib) → HeaderBlock / PrimitiveBlock → shared OSM model.
// Format: https://wiki.openstreetmap.org/wiki/PBF_Format (fileformat.proto, osmformat.proto).
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import * as zlib from 'node:zlib';
import Pbf from 'pbf';
import { createOsmModel, type OsmMemberType, type OsmModel, type OsmTags } from './osm-model.ts';
import type { ProgressCallback } from './map-data-types.ts';

const SUPPORTED_FEATURES = new Set(['OsmSchema-V0.6', 'DenseNodes']);
const MEMBER_TYPES: OsmMemberType[] = ['node', 'way', 'relation'];
// The format caps a BlobHeader at 64 KiB and a Blob at 32 MiB; larger means a corrupt file.
const MAX_HEADER_BYTES = 64 * 1024;
const MAX_BLOB_BYTES = 32 * 1024 * 1024;

interface BlobHeader {
  type: string;
  dataSize: number;
}

function readBlobHeader(bytes: Uint8Array): BlobHeader {
  return new Pbf(bytes).readFields(
    (tag, header, pbf) => {
      if (tag === 1) header.type = pbf.readString();
      else if (tag === 3) header.dataSize = pbf.readVarint();
    },
    { type: '', dataSize: 0 },
  );
}

/** The payload of a Blob message, decompressed. */
export function blobPayload(bytes: Uint8Array): Uint8Array {
  const blob = new Pbf(bytes).readFields(
    (tag, result, pbf) => {
      if (tag >= 1 && tag <= 7 && tag !== 2) {
        result.kind = tag;
        result.data = pbf.readBytes();
      }
    },
    { kind: 0, data: new Uint8Array(0) as Uint8Array },
  );
  switch (blob.kind) {
    case 1:
      return blob.data;
    case 3:
      return zlib.inflateSync(blob.data);
    case 7: {
      // zstd is built into node:zlib only on newer Node versions.
      const zstd = (zlib as unknown as { zstdDecompressSync?: (data: Uint8Array) => Uint8Array }).zstdDecompressSync;
      if (zstd) return zstd(blob.data);
      throw new Error('PBF blob is zstd-compressed, which this Node version cannot decompress; recompress with zlib (osmium cat -f pbf)');
    }
    case 4:
    case 5:
    case 6:
      throw new Error(`PBF blob uses an unsupported compression (${['', '', '', '', 'lzma', 'bzip2', 'lz4'][blob.kind]}); recompress with zlib`);
    default:
      throw new Error('PBF blob holds no data');
  }
}

/** HeaderBlock: checks the features the file needs and takes its bounding box (nanodegrees). */
export function decodeHeaderBlock(bytes: Uint8Array, model: OsmModel): void {
  const header = new Pbf(bytes).readFields(
    (tag, result, pbf) => {
      if (tag === 1) {
        const box = pbf.readMessage(
          (boxTag, values, boxPbf) => {
            if (boxTag >= 1 && boxTag <= 4) values[boxTag - 1] = boxPbf.readSVarint();
          },
          [0, 0, 0, 0],
        );
        // left, right, top, bottom → [minX, minY, maxX, maxY]
        result.bounds = [box[0] / 1e9, box[3] / 1e9, box[1] / 1e9, box[2] / 1e9];
      } else if (tag === 4) result.required.push(pbf.readString());
    },
    { required: [] as string[], bounds: undefined as [number, number, number, number] | undefined },
  );
  const unsupported = header.required.filter((feature) => !SUPPORTED_FEATURES.has(feature));
  if (unsupported.length > 0) throw new Error(`PBF file requires unsupported features: ${unsupported.join(', ')}`);
  if (header.bounds) model.bounds = header.bounds;
}

interface BlockFrame {
  strings: string[];
  groups: Array<[number, number]>;
  granularity: number;
  latOffset: number;
  lonOffset: number;
}

function tagsFrom(keys: number[], values: number[], strings: string[]): OsmTags {
  const tags: OsmTags = {};
  for (let i = 0; i < keys.length; i++) tags[strings[keys[i]]] = strings[values[i]];
  return tags;
}

/** PrimitiveBlock: string table, coordinate scaling, then its groups of nodes, dense nodes, ways and relations. */
export function decodePrimitiveBlock(bytes: Uint8Array, model: OsmModel): void {
  const pbf = new Pbf(bytes);
  // Scaling fields (17–20) follow the groups in the encoding, so groups are decoded in a second pass.
  const frame = pbf.readFields(
    (tag, result, reader) => {
      if (tag === 1) {
        reader.readMessage((stringTag, strings, stringReader) => {
          if (stringTag === 1) strings.push(stringReader.readString());
        }, result.strings);
      } else if (tag === 2) {
        const end = reader.readVarint() + reader.pos;
        result.groups.push([reader.pos, end]);
        reader.pos = end;
      } else if (tag === 17) result.granularity = reader.readVarint();
      else if (tag === 19) result.latOffset = reader.readVarint(true);
      else if (tag === 20) result.lonOffset = reader.readVarint(true);
    },
    { strings: [], groups: [], granularity: 100, latOffset: 0, lonOffset: 0 } as BlockFrame,
  );
  for (const [start, end] of frame.groups) {
    pbf.pos = start;
    pbf.readFields(
      (tag, _, reader) => {
        if (tag === 1) readNode(reader, frame, model);
        else if (tag === 2) readDenseNodes(reader, frame, model);
        else if (tag === 3) readWay(reader, frame, model);
        else if (tag === 4) readRelation(reader, frame, model);
      },
      null,
      end,
    );
  }
}

/** Dividing the exact nanodegree integer gives the same double as parsing the decimal text of OSM XML. */
function toDegrees(value: number, offset: number, frame: BlockFrame): number {
  return (offset + frame.granularity * value) / 1e9;
}

function readNode(pbf: Pbf, frame: BlockFrame, model: OsmModel): void {
  const node = pbf.readMessage(
    (tag, result, reader) => {
      if (tag === 1) result.id = reader.readSVarint();
      else if (tag === 8) result.lat = reader.readSVarint();
      else if (tag === 9) result.lon = reader.readSVarint();
    },
    { id: 0, lat: 0, lon: 0 },
  );
  model.nodes.add(node.id, toDegrees(node.lon, frame.lonOffset, frame), toDegrees(node.lat, frame.latOffset, frame));
}

function readDenseNodes(pbf: Pbf, frame: BlockFrame, model: OsmModel): void {
  const dense = pbf.readMessage(
    (tag, result, reader) => {
      if (tag === 1) reader.readPackedSVarint(result.ids);
      else if (tag === 8) reader.readPackedSVarint(result.lats);
      else if (tag === 9) reader.readPackedSVarint(result.lons);
    },
    { ids: [] as number[], lats: [] as number[], lons: [] as number[] },
  );
  // Ids and coordinates are delta-coded against the previous node of the group.
  let id = 0, lat = 0, lon = 0;
  for (let i = 0; i < dense.ids.length; i++) {
    id += dense.ids[i];
    lat += dense.lats[i];
    lon += dense.lons[i];
    model.nodes.add(id, toDegrees(lon, frame.lonOffset, frame), toDegrees(lat, frame.latOffset, frame));
  }
}

function readWay(pbf: Pbf, frame: BlockFrame, model: OsmModel): void {
  const way = pbf.readMessage(
    (tag, result, reader) => {
      if (tag === 1) result.id = reader.readVarint(true);
      else if (tag === 2) reader.readPackedVarint(result.keys);
      else if (tag === 3) reader.readPackedVarint(result.values);
      else if (tag === 8) reader.readPackedSVarint(result.refs);
      else if (tag === 9) reader.readPackedSVarint(result.lats);
      else if (tag === 10) reader.readPackedSVarint(result.lons);
    },
    { id: 0, keys: [] as number[], values: [] as number[], refs: [] as number[], lats: [] as number[], lons: [] as number[] },
  );
  const nodeIds: number[] = new Array(way.refs.length);
  let ref = 0, lat = 0, lon = 0;
  // Files written with "LocationsOnWays" carry node positions on the way itself.
  const hasLocations = way.lats.length === way.refs.length && way.refs.length > 0;
  for (let i = 0; i < way.refs.length; i++) {
    ref += way.refs[i];
    nodeIds[i] = ref;
    if (hasLocations) {
      lat += way.lats[i];
      lon += way.lons[i];
      model.nodes.add(ref, toDegrees(lon, frame.lonOffset, frame), toDegrees(lat, frame.latOffset, frame));
    }
  }
  model.ways.push({ id: way.id, nodeIds, tags: tagsFrom(way.keys, way.values, frame.strings) });
}

function readRelation(pbf: Pbf, frame: BlockFrame, model: OsmModel): void {
  const relation = pbf.readMessage(
    (tag, result, reader) => {
      if (tag === 1) result.id = reader.readVarint(true);
      else if (tag === 2) reader.readPackedVarint(result.keys);
      else if (tag === 3) reader.readPackedVarint(result.values);
      else if (tag === 8) reader.readPackedVarint(result.roles);
      else if (tag === 9) reader.readPackedSVarint(result.memberIds);
      else if (tag === 10) reader.readPackedVarint(result.types);
    },
    { id: 0, keys: [] as number[], values: [] as number[], roles: [] as number[], memberIds: [] as number[], types: [] as number[] },
  );
  let ref = 0;
  const members = relation.memberIds.map((delta, i) => {
    ref += delta;
    return { type: MEMBER_TYPES[relation.types[i] ?? 0] ?? 'node', ref, role: frame.strings[relation.roles[i]] ?? '' };
  });
  model.relations.push({ id: relation.id, members, tags: tagsFrom(relation.keys, relation.values, frame.strings) });
}

/** Read a whole .osm.pbf file block by block (each blob is read only when reached). */
export function readOsmPbf(path: string, onProgress?: ProgressCallback): OsmModel {
  const model = createOsmModel();
  const descriptor = openSync(path, 'r');
  try {
    const size = fstatSync(descriptor).size;
    const readExactly = (length: number, position: number): Buffer => {
      const buffer = Buffer.alloc(length);
      const read = readSync(descriptor, buffer, 0, length, position);
      if (read !== length) throw new Error(`${path}: truncated PBF file at byte ${position}`);
      return buffer;
    };
    let position = 0;
    while (position < size) {
      const headerLength = readExactly(4, position).readUInt32BE(0);
      if (headerLength > MAX_HEADER_BYTES) throw new Error(`${path}: not a PBF file (block header of ${headerLength} bytes)`);
      const header = readBlobHeader(readExactly(headerLength, position + 4));
      if (header.dataSize > MAX_BLOB_BYTES) throw new Error(`${path}: PBF blob of ${header.dataSize} bytes exceeds the format limit`);
      const blob = readExactly(header.dataSize, position + 4 + headerLength);
      position += 4 + headerLength + header.dataSize;
      if (header.type === 'OSMHeader') decodeHeaderBlock(blobPayload(blob), model);
      else if (header.type === 'OSMData') decodePrimitiveBlock(blobPayload(blob), model);
      onProgress?.('read osm pbf', position, size);
    }
  } finally {
    closeSync(descriptor);
  }
  return model;
}
