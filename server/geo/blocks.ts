// Atomic street blocks: node village borders, streets and water into one planar graph, take its faces,
// give each face to the village holding its interior point, merge slivers into same-village neighbours
// and trace every block's outline from the shared graph (so neighbours share exact coordinates).
import Flatbush from 'flatbush';
import type { AreaUnit, Block, CuttingLine, PolygonCoords, Position, Validation } from './types.ts';
import { pointInPolygon, polygonAreaM2, polygonPerimeterM } from './ring.ts';
import { nodeLines } from './noding.ts';
import { polygonize, type FaceAdjacency } from './polygonize.ts';
import { traceRegions } from './region-trace.ts';
import { interiorPoint } from './interior-point.ts';
import { DEFAULT_SLIVER_RULES, isSliver, mergeSlivers, type SliverRules } from './sliver-merge.ts';
import { createGridSnapper, DEFAULT_GRID_SIZE } from './grid-snap.ts';

export interface BuildBlocksInput {
  villages: AreaUnit[];
  lines: CuttingLine[];
  /** Faces below this area are merged into a same-village neighbour (default 500 m²). */
  minBlockAreaM2?: number;
  /** Snapping grid in degrees (default 1e-7 ≈ 1 cm). */
  gridSize?: number;
}

export interface BlockAdjacency {
  /** Block ids, a < b. */
  a: string;
  b: string;
  sharedLengthM: number;
}

export interface BuildBlocksStats {
  /** Bounded faces of the noded graph. */
  faces: number;
  /** Merge steps of slivers into same-village neighbours. */
  mergedSlivers: number;
  /** Faces lying in no village. */
  droppedOutside: number;
  /** Slivers in gaps between inconsistent village borders, given to the village they border most. */
  absorbedGapSlivers: number;
  nodingIterations: number;
}

export interface BuildBlocksResult {
  blocks: Block[];
  adjacency: BlockAdjacency[];
  stats: BuildBlocksStats;
}

/** Height of the reading-order bands used to number blocks (metres → degrees of latitude). */
const BAND_DEGREES = 50 / 111_320;
/** A face in no village is a gap sliver only if this share of its perimeter borders village faces. */
const GAP_BORDER_SHARE = 0.8;

export function validateBlockInput(input: BuildBlocksInput): Validation {
  const codes = new Set<string>();
  for (const village of input.villages) {
    if (codes.has(village.code)) return { valid: false, reason: `duplicate village code ${village.code}` };
    codes.add(village.code);
    for (const part of polygonParts(village)) {
      for (const ring of part) {
        if (ring.length < 4) return { valid: false, reason: `village ${village.code} has a ring with fewer than 4 positions` };
        if (!ring.every(isFinitePosition)) return { valid: false, reason: `village ${village.code} has a non-finite coordinate` };
      }
    }
  }
  for (const [i, line] of input.lines.entries()) {
    if (!line.coordinates.every(isFinitePosition)) return { valid: false, reason: `line ${i} has a non-finite coordinate` };
  }
  if (input.minBlockAreaM2 !== undefined && !(input.minBlockAreaM2 >= 0)) return { valid: false, reason: 'minBlockAreaM2 must be ≥ 0' };
  if (input.gridSize !== undefined && !(input.gridSize > 0)) return { valid: false, reason: 'gridSize must be > 0' };
  return { valid: true };
}

export function buildBlocks(input: BuildBlocksInput): BuildBlocksResult {
  const validation = validateBlockInput(input);
  if (!validation.valid) throw new Error(`buildBlocks: ${validation.reason}`);
  const gridSize = input.gridSize ?? DEFAULT_GRID_SIZE;
  const rules: SliverRules = { ...DEFAULT_SLIVER_RULES, minBlockAreaM2: input.minBlockAreaM2 ?? DEFAULT_SLIVER_RULES.minBlockAreaM2 };

  const cutting: Position[][] = [];
  for (const village of input.villages) for (const part of polygonParts(village)) for (const ring of part) cutting.push(ring);
  for (const line of input.lines) if (line.coordinates.length >= 2) cutting.push(line.coordinates);
  const graph = nodeLines(cutting, { gridSize });
  const faces = polygonize(graph);
  const faceCount = faces.faces.length;

  const areaM2 = new Float64Array(faceCount), perimeterM = new Float64Array(faceCount);
  for (let f = 0; f < faceCount; f++) {
    areaM2[f] = polygonAreaM2(faces.faces[f]);
    perimeterM[f] = polygonPerimeterM(faces.faces[f]);
  }
  const neighbours = neighbourLists(faceCount, faces.adjacency);
  const assignment = assignFacesToVillages(input.villages, faces.faces, neighbours, gridSize);
  const villageOfFace = assignment.villageOfFace;
  const absorbedGapSlivers = absorbGapSlivers(villageOfFace, areaM2, perimeterM, neighbours, rules);
  let droppedOutside = 0;
  for (let f = 0; f < faceCount; f++) if (villageOfFace[f] < 0) droppedOutside++;

  const merge = mergeSlivers({ villageOfFace, areaM2, perimeterM, adjacency: faces.adjacency, rules });
  const villageOfGroup = new Int32Array(merge.groupCount);
  for (let f = 0; f < faceCount; f++) if (merge.groupOfFace[f] >= 0) villageOfGroup[merge.groupOfFace[f]] = villageOfFace[f];
  const outlines = traceRegions(faces.structure, merge.groupOfFace, merge.groupCount);

  const blockOfGroup = new Array<string>(merge.groupCount);
  const blocks = numberBlocks(input.villages, outlines, villageOfGroup, blockOfGroup);
  return {
    blocks,
    adjacency: blockAdjacency(faces.adjacency, merge.groupOfFace, blockOfGroup),
    stats: { faces: faceCount, mergedSlivers: merge.mergedSlivers, droppedOutside, absorbedGapSlivers, nodingIterations: graph.iterations },
  };
}

function isFinitePosition(position: Position): boolean {
  return Array.isArray(position) && Number.isFinite(position[0]) && Number.isFinite(position[1]);
}

function polygonParts(village: AreaUnit): PolygonCoords[] {
  return village.geometry.type === 'Polygon' ? [village.geometry.coordinates] : village.geometry.coordinates;
}

type Neighbours = Array<Array<{ face: number; lengthM: number }>>;

function neighbourLists(faceCount: number, adjacency: FaceAdjacency[]): Neighbours {
  const lists: Neighbours = Array.from({ length: faceCount }, () => []);
  for (const { a, b, sharedLengthM } of adjacency) {
    lists[a].push({ face: b, lengthM: sharedLengthM });
    lists[b].push({ face: a, lengthM: sharedLengthM });
  }
  return lists;
}

/**
 * Village of each face by its interior point, tested against the villages snapped to the same grid as the
 * faces. A face inside two overlapping villages goes to the one it borders most among unambiguous faces.
 */
function assignFacesToVillages(villages: AreaUnit[], polygons: PolygonCoords[], neighbours: Neighbours, gridSize: number): { villageOfFace: Int32Array } {
  const snapper = createGridSnapper(gridSize);
  const parts: Array<{ village: number; polygon: PolygonCoords }> = [];
  for (const [village, unit] of villages.entries()) {
    for (const part of polygonParts(unit)) {
      parts.push({ village, polygon: part.map((ring) => ring.map(([x, y]): Position => [snapper.snap(x), snapper.snap(y)])) });
    }
  }
  const index = new Flatbush(Math.max(parts.length, 1));
  for (const { polygon } of parts) {
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (const [x, y] of polygon[0]) {
      minX = Math.min(minX, x); minY = Math.min(minY, y); maxX = Math.max(maxX, x); maxY = Math.max(maxY, y);
    }
    index.add(minX, minY, maxX, maxY);
  }
  if (parts.length === 0) index.add(0, 0, 0, 0);
  index.finish();

  const villageOfFace = new Int32Array(polygons.length).fill(-1);
  const ambiguous: Array<{ face: number; candidates: number[] }> = [];
  for (let f = 0; f < polygons.length; f++) {
    const point = interiorPoint(polygons[f]);
    if (!point) continue;
    const candidates = new Set<number>();
    for (const p of index.search(point[0], point[1], point[0], point[1])) {
      if (p < parts.length && pointInPolygon(point[0], point[1], parts[p].polygon)) candidates.add(parts[p].village);
    }
    if (candidates.size === 1) villageOfFace[f] = [...candidates][0];
    else if (candidates.size > 1) ambiguous.push({ face: f, candidates: [...candidates].sort((a, b) => a - b) });
  }
  const settled = villageOfFace.slice();
  for (const { face, candidates } of ambiguous) {
    let best = candidates[0], bestLength = -1;
    for (const village of candidates) {
      let length = 0;
      for (const neighbour of neighbours[face]) if (settled[neighbour.face] === village) length += neighbour.lengthM;
      if (length > bestLength) {
        best = village;
        bestLength = length;
      }
    }
    villageOfFace[face] = best;
  }
  return { villageOfFace };
}

/**
 * Slivers in no village that are almost entirely surrounded by village faces are gaps between village
 * borders that disagree beyond the grid; they join the village they border most instead of leaving a hole.
 */
function absorbGapSlivers(villageOfFace: Int32Array, areaM2: Float64Array, perimeterM: Float64Array, neighbours: Neighbours, rules: SliverRules): number {
  const settled = villageOfFace.slice();
  let absorbed = 0;
  for (let f = 0; f < settled.length; f++) {
    if (settled[f] >= 0 || !isSliver(areaM2[f], perimeterM[f], rules)) continue;
    const byVillage = new Map<number, number>();
    let bordered = 0;
    for (const { face, lengthM } of neighbours[f]) {
      if (settled[face] < 0) continue;
      bordered += lengthM;
      byVillage.set(settled[face], (byVillage.get(settled[face]) ?? 0) + lengthM);
    }
    if (bordered < GAP_BORDER_SHARE * perimeterM[f]) continue;
    let best = -1, bestLength = -1;
    for (const [village, length] of byVillage) {
      if (length > bestLength || (length === bestLength && village < best)) {
        best = village;
        bestLength = length;
      }
    }
    villageOfFace[f] = best;
    absorbed++;
  }
  return absorbed;
}

/**
 * Block ids `${villageCode}-${seq}`: per village, in reading order of each block's interior point —
 * 50 m latitude bands from the village's northernmost block vertex (north first), then west to east,
 * then north to south within the band.
 */
function numberBlocks(villages: AreaUnit[], outlines: PolygonCoords[][], villageOfGroup: Int32Array, blockOfGroup: string[]): Block[] {
  const entries: Array<{ group: number; polygon: PolygonCoords; point: Position }>[] = villages.map(() => []);
  for (const [group, polygons] of outlines.entries()) {
    for (const polygon of polygons) {
      const point = interiorPoint(polygon) ?? polygon[0][0];
      entries[villageOfGroup[group]].push({ group, polygon, point });
    }
  }
  const blocks: Block[] = [];
  for (const [village, list] of entries.entries()) {
    let north = -Infinity;
    for (const { polygon } of list) for (const position of polygon[0]) north = Math.max(north, position[1]);
    const keyed = list.map((entry) => ({ ...entry, band: Math.floor((north - entry.point[1]) / BAND_DEGREES) }));
    keyed.sort((p, q) => p.band - q.band || p.point[0] - q.point[0] || q.point[1] - p.point[1] || p.group - q.group);
    const unit = villages[village];
    for (const [i, entry] of keyed.entries()) {
      const id = `${unit.code}-${String(i + 1).padStart(4, '0')}`;
      blockOfGroup[entry.group] ??= id;
      blocks.push({
        id,
        townshipCode: unit.parentCode ?? '',
        villageCode: unit.code,
        polygon: entry.polygon,
        areaM2: polygonAreaM2(entry.polygon),
        households: 0,
      });
    }
  }
  return blocks;
}

function blockAdjacency(adjacency: FaceAdjacency[], groupOfFace: Int32Array, blockOfGroup: string[]): BlockAdjacency[] {
  const lengths = new Map<string, { a: string; b: string; sharedLengthM: number }>();
  for (const { a, b, sharedLengthM } of adjacency) {
    const ga = groupOfFace[a], gb = groupOfFace[b];
    if (ga < 0 || gb < 0 || ga === gb) continue;
    const [first, second] = [blockOfGroup[ga], blockOfGroup[gb]].sort();
    const key = `${first}\u0000${second}`;
    const entry = lengths.get(key);
    if (entry) entry.sharedLengthM += sharedLengthM;
    else lengths.set(key, { a: first, b: second, sharedLengthM });
  }
  return [...lengths.values()].sort((p, q) => (p.a < q.a ? -1 : p.a > q.a ? 1 : p.b < q.b ? -1 : p.b > q.b ? 1 : 0));
}
