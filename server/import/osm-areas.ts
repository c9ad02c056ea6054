// Area geometry from OSM: closed ways and multipolygon/boundary relations assembled from member ways.
import type { MultiPolygonCoords, PolygonCoords, Position } from '../geo/types.ts';
import { rewindPolygon } from '../geo/ring.ts';
import { isCompleteClosedWay, wayRuns, type NodeStore, type OsmRelation, type OsmWay } from './osm-model.ts';
import { assembleRings, closeGaps, nestRings, type RingPiece } from './ring-assembly.ts';

/** Roles that carry area outline: outer and inner rings, and untagged members of older relations. */
const AREA_ROLES = new Set(['outer', 'inner', '', 'exclave', 'enclave']);

export type RelationAreaResult =
  | { ok: true; polygons: MultiPolygonCoords; bridgedGapsM: number[] }
  | { ok: false; reason: string };

/** Polygon of a closed way whose nodes are all present, RFC 7946 wound; undefined otherwise. */
export function closedWayPolygon(way: OsmWay, nodes: NodeStore): PolygonCoords | undefined {
  if (!isCompleteClosedWay(way, nodes)) return undefined;
  const ring = way.nodeIds.map((id) => nodes.get(id)!);
  return rewindPolygon([ring]);
}

export interface RelationAreaOptions {
  /** Bridge gaps up to this many metres between loose outline ends (default 0: outlines must close exactly). */
  closeGapsUpToM?: number;
}

/** Assemble a relation's outline ways into polygons; reports why when the rings do not close. */
export function relationArea(
  relation: OsmRelation,
  wayById: Map<number, OsmWay>,
  nodes: NodeStore,
  options: RelationAreaOptions = {},
): RelationAreaResult {
  const pieces: RingPiece[] = [];
  let missingWays = 0;
  let truncatedWays = 0;
  const seen = new Set<number>();
  for (const member of relation.members) {
    // A way listed twice (a common editing slip) would leave a spurious open chain.
    if (member.type !== 'way' || !AREA_ROLES.has(member.role) || seen.has(member.ref)) continue;
    seen.add(member.ref);
    const way = wayById.get(member.ref);
    if (!way) {
      missingWays++;
      continue;
    }
    const runs = wayRuns(way, nodes);
    const kept = runs.reduce((sum, run) => sum + run.nodeIds.length, 0);
    if (kept < way.nodeIds.length) truncatedWays++;
    pieces.push(...runs);
  }
  if (pieces.length === 0) {
    return { ok: false, reason: missingWays > 0 ? `all ${missingWays} outline ways missing from the file` : 'no outline ways' };
  }
  const assembled = assembleRings(pieces);
  const rings = assembled.rings;
  let bridgedGapsM: number[] = [];
  let openChains = assembled.unclosed.map((chain) => chain.coordinates);
  if (openChains.length > 0 && (options.closeGapsUpToM ?? 0) > 0) {
    const closing = closeGaps(openChains, options.closeGapsUpToM!);
    rings.push(...closing.rings);
    bridgedGapsM = closing.bridgedGapsM;
    openChains = closing.unclosed;
  }
  if (openChains.length > 0) {
    const ends = openChains.map((chain) => `${formatPosition(chain[0])}…${formatPosition(chain[chain.length - 1])}`);
    const causes = [
      missingWays > 0 ? `${missingWays} member ways missing from the file` : '',
      truncatedWays > 0 ? `${truncatedWays} member ways cut short by missing nodes` : '',
    ].filter(Boolean);
    return {
      ok: false,
      reason: `${openChains.length} open chain(s) with loose ends ${ends.join(', ')}${causes.length ? ` (${causes.join(', ')})` : ''}`,
    };
  }
  if (rings.length === 0) return { ok: false, reason: 'no outline ways' };
  return { ok: true, polygons: nestRings(rings), bridgedGapsM };
}

function formatPosition(position: Position): string {
  return `${position[0].toFixed(5)},${position[1].toFixed(5)}`;
}

export function wayIndex(ways: OsmWay[]): Map<number, OsmWay> {
  const index = new Map<number, OsmWay>();
  for (const way of ways) index.set(way.id, way);
  return index;
}

/** Ids of the ways that are area members of the given relations. */
export function memberWayIds(relations: OsmRelation[]): Set<number> {
  const ids = new Set<number>();
  for (const relation of relations) {
    for (const member of relation.members) if (member.type === 'way' && AREA_ROLES.has(member.role)) ids.add(member.ref);
  }
  return ids;
}
