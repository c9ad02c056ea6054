// OSM XML reader (.osm, .osm.gz): a streaming scanner over element tags that fills the shared OSM model.
import { createReadStream, statSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { StringDecoder } from 'node:string_decoder';
import { createOsmModel, type OsmModel, type OsmMemberType, type OsmRelation, type OsmWay } from './osm-model.ts';
import { hasGzipMagic } from './file-kind.ts';
import type { ProgressCallback } from './map-data-types.ts';

// One element tag, start or end; quoted attribute values may hold '>' so they are matched whole.
const ELEMENT = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
const ATTRIBUTE = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g;
const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(ENTITY, (_, entity: string) => {
    if (entity[0] !== '#') return NAMED_ENTITIES[entity];
    const code = entity[1] === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
    return String.fromCodePoint(code);
  });
}

function parseAttributes(source: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  ATTRIBUTE.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = ATTRIBUTE.exec(source)) !== null) {
    attributes[match[1]] = decodeEntities(match[2] ?? match[3]);
  }
  return attributes;
}

/** Objects marked deleted (JOSM files) or invisible (history dumps) are not part of the map. */
function isRemoved(attributes: Record<string, string>): boolean {
  return attributes.action === 'delete' || attributes.visible === 'false';
}

/** Feed text in any chunking; elements cut at a chunk edge are kept until the rest arrives. */
export class OsmXmlParser {
  private readonly model = createOsmModel();
  private pending = '';
  private way: OsmWay | null = null;
  private relation: OsmRelation | null = null;
  private skipping = false;
  elementCount = 0;

  push(text: string): void {
    const buffer = this.pending + text;
    ELEMENT.lastIndex = 0;
    let consumed = 0;
    let match: RegExpExecArray | null;
    while ((match = ELEMENT.exec(buffer)) !== null) {
      consumed = ELEMENT.lastIndex;
      this.element(match[1] === '/', match[2], match[3], match[4] === '/');
    }
    // Whatever follows the last complete tag may be the start of one cut by the chunk edge.
    const rest = buffer.slice(consumed);
    const open = rest.lastIndexOf('<');
    this.pending = open === -1 ? '' : rest.slice(open);
  }

  finish(): OsmModel {
    this.push('');
    return this.model;
  }

  private setBounds(values: Array<string | undefined>): void {
    const bounds = values.map((value) => (value === undefined || value === '' ? NaN : Number(value)));
    if (bounds.every(Number.isFinite)) this.model.bounds = bounds as [number, number, number, number];
  }

  private element(closing: boolean, name: string, attributeSource: string, selfClosing: boolean): void {
    if (closing) {
      if (name === 'way' && this.way) {
        if (!this.skipping) this.model.ways.push(this.way);
        this.way = null;
      } else if (name === 'relation' && this.relation) {
        if (!this.skipping) this.model.relations.push(this.relation);
        this.relation = null;
      }
      if (name === 'node' || name === 'way' || name === 'relation') this.skipping = false;
      return;
    }
    switch (name) {
      case 'nd': {
        if (this.way) this.way.nodeIds.push(Number(parseAttributes(attributeSource).ref));
        return;
      }
      case 'tag': {
        const target = this.way ?? this.relation;
        if (!target) return; // node tags play no part in extraction
        const attributes = parseAttributes(attributeSource);
        if (attributes.k !== undefined) target.tags[attributes.k] = attributes.v ?? '';
        return;
      }
      case 'member': {
        if (!this.relation) return;
        const attributes = parseAttributes(attributeSource);
        const type = attributes.type as OsmMemberType;
        if (type === 'node' || type === 'way' || type === 'relation') {
          this.relation.members.push({ type, ref: Number(attributes.ref), role: attributes.role ?? '' });
        }
        return;
      }
      case 'node': {
        this.elementCount++;
        const attributes = parseAttributes(attributeSource);
        const removed = isRemoved(attributes);
        if (!removed && attributes.lat !== undefined && attributes.lon !== undefined) {
          this.model.nodes.add(Number(attributes.id), Number(attributes.lon), Number(attributes.lat));
        }
        this.skipping = !selfClosing && removed;
        return;
      }
      case 'way': {
        this.elementCount++;
        const attributes = parseAttributes(attributeSource);
        const way: OsmWay = { id: Number(attributes.id), nodeIds: [], tags: {} };
        this.skipping = isRemoved(attributes);
        if (selfClosing) {
          if (!this.skipping) this.model.ways.push(way);
          this.skipping = false;
        } else this.way = way;
        return;
      }
      case 'relation': {
        this.elementCount++;
        const attributes = parseAttributes(attributeSource);
        const relation: OsmRelation = { id: Number(attributes.id), members: [], tags: {} };
        this.skipping = isRemoved(attributes);
        if (selfClosing) {
          if (!this.skipping) this.model.relations.push(relation);
          this.skipping = false;
        } else this.relation = relation;
        return;
      }
      case 'bounds': {
        const a = parseAttributes(attributeSource);
        this.setBounds([a.minlon, a.minlat, a.maxlon, a.maxlat]);
        return;
      }
      case 'bound': {
        // Older writers (osmosis) give <bound box="minlat,minlon,maxlat,maxlon"/>.
        const [minLat, minLon, maxLat, maxLon] = (parseAttributes(attributeSource).box ?? '').split(',');
        this.setBounds([minLon, minLat, maxLon, maxLat]);
        return;
      }
    }
  }
}

/** Parse a whole OSM XML document held in memory. */
export function parseOsmXml(text: string): OsmModel {
  const parser = new OsmXmlParser();
  parser.push(text);
  return parser.finish();
}

/** Stream an .osm or gzip-compressed .osm.gz file into the OSM model. */
export async function readOsmXml(path: string, onProgress?: ProgressCallback): Promise<OsmModel> {
  const totalBytes = statSync(path).size;
  const source = createReadStream(path, { highWaterMark: 1 << 20 });
  let readBytes = 0;
  source.on('data', (chunk) => {
    readBytes += chunk.length;
  });
  const stream = hasGzipMagic(path) ? source.pipe(createGunzip()) : source;
  source.on('error', (error) => stream.destroy(error));
  const decoder = new StringDecoder('utf8');
  const parser = new OsmXmlParser();
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    parser.push(decoder.write(chunk));
    onProgress?.('read osm xml', readBytes, totalBytes);
  }
  parser.push(decoder.end());
  return parser.finish();
}
