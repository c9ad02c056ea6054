// The in-memory OSM model both readers (XML and PBF) fill, so one extraction step serves both formats.
import type { Position } from '../geo/types.ts';

export type OsmTags = Record<string, string>;
export type OsmMemberType = 'node' | 'way' | 'relation';
export type Bounds = [number, number, number, number];

export interface OsmWay {
  id: number;
  nodeIds: number[];
  tags: OsmTags;
}

export interface OsmMember {
  type: OsmMemberType;
  ref: number;
  role: string;
}

export interface OsmRelation {
  id: number;
  members: OsmMember[];
  tags: OsmTags;
}

/** Node locations in flat typed arrays: an extract may hold millions of nodes, objects per node cost too much. */
export class NodeStore {
  private indexById = new Map<number, number>();
  private longitudes = new Float64Array(1024);
  private latitudes = new Float64Array(1024);

  get size(): number {
    return this.indexById.size;
  }

  add(id: number, lon: number, lat: number): void {
    let index = this.indexById.get(id);
    if (index === undefined) {
      index = this.indexById.size;
      if (index === this.longitudes.length) this.grow();
      this.indexById.set(id, index);
    }
    this.longitudes[index] = lon;
    this.latitudes[index] = lat;
  }

  get(id: number): Position | undefined {
    const index = this.indexById.get(id);
    return index === undefined ? undefined : [this.longitudes[index], this.latitudes[index]];
  }

  has(id: number): boolean {
    return this.indexById.has(id);
  }

  private grow(): void {
    const longitudes = new Float64Array(this.longitudes.length * 2);
    const latitudes = new Float64Array(this.latitudes.length * 2);
    longitudes.set(this.longitudes);
    latitudes.set(this.latitudes);
    this.longitudes = longitudes;
    this.latitudes = latitudes;
  }
}

export interface OsmModel {
  nodes: NodeStore;
  ways: OsmWay[];
  relations: OsmRelation[];
  /** Bounds declared by the file (XML <bounds>, PBF header bbox), if any. */
  bounds?: Bounds;
}

export function createOsmModel(): OsmModel {
  return { nodes: new NodeStore(), ways: [], relations: [] };
}

/** A stretch of a way whose nodes are all present: node ids and their positions, index for index. */
export interface WayRun {
  wayId: number;
  nodeIds: number[];
  coordinates: Position[];
}

/**
 * Split a way into runs of present nodes. Extracts cut at a bounding box keep ways whose
 * outer nodes are missing; the present stretches stay usable, the gaps are dropped.
 * Runs shorter than two nodes carry no line and are left out.
 */
export function wayRuns(way: OsmWay, nodes: NodeStore): WayRun[] {
  const runs: WayRun[] = [];
  let current: WayRun = { wayId: way.id, nodeIds: [], coordinates: [] };
  const flush = () => {
    if (current.nodeIds.length >= 2) runs.push(current);
    current = { wayId: way.id, nodeIds: [], coordinates: [] };
  };
  for (const nodeId of way.nodeIds) {
    const position = nodes.get(nodeId);
    if (position === undefined) {
      flush();
      continue;
    }
    const last = current.nodeIds.length - 1;
    // A repeated node (same id twice in a row) adds no geometry.
    if (last >= 0 && current.nodeIds[last] === nodeId) continue;
    current.nodeIds.push(nodeId);
    current.coordinates.push(position);
  }
  flush();
  return runs;
}

/** True when every node of the way is present and the way ends where it starts (an area outline). */
export function isCompleteClosedWay(way: OsmWay, nodes: NodeStore): boolean {
  const ids = way.nodeIds;
  if (ids.length < 4 || ids[0] !== ids[ids.length - 1]) return false;
  for (const id of ids) if (!nodes.has(id)) return false;
  return true;
}
