// Test helper: which compressions and node encodings a PBF file uses, to show both decoder paths are exercised.
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import Pbf from 'pbf';

export interface PbfBlobSummary {
  compressions: Set<string>;
  denseNodeGroups: number;
  plainNodes: number;
}

export function pbfBlobSummary(path: string): PbfBlobSummary {
  const bytes = readFileSync(path);
  const summary: PbfBlobSummary = { compressions: new Set(), denseNodeGroups: 0, plainNodes: 0 };
  let position = 0;
  while (position < bytes.length) {
    const headerLength = bytes.readUInt32BE(position);
    const header = new Pbf(bytes.subarray(position + 4, position + 4 + headerLength)).readFields(
      (tag, result, pbf) => {
        if (tag === 1) result.type = pbf.readString();
        else if (tag === 3) result.size = pbf.readVarint();
      },
      { type: '', size: 0 },
    );
    const start = position + 4 + headerLength;
    const blob = new Pbf(bytes.subarray(start, start + header.size)).readFields(
      (tag, result, pbf) => {
        if (tag === 1 || tag === 3) {
          result.kind = tag === 1 ? 'raw' : 'zlib';
          result.data = pbf.readBytes();
        } else if (tag !== 2) result.kind = `field ${tag}`;
      },
      { kind: '', data: new Uint8Array(0) as Uint8Array },
    );
    summary.compressions.add(blob.kind);
    if (header.type === 'OSMData') {
      const payload = blob.kind === 'zlib' ? inflateSync(blob.data) : blob.data;
      new Pbf(payload).readFields((tag, _, pbf) => {
        if (tag !== 2) return;
        pbf.readMessage((groupTag) => {
          if (groupTag === 1) summary.plainNodes++;
          if (groupTag === 2) summary.denseNodeGroups++;
        }, null);
      }, null);
    }
    position = start + header.size;
  }
  return summary;
}
