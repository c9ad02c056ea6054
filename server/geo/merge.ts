// Topology-exact union of blocks: all blocks go into one TopoJSON topology (no quantization), and each
// group is merged along shared arcs, so neighbouring unions share bit-identical borders with no slivers.
import { topology } from 'topojson-server';
import { merge } from 'topojson-client';
import type { GeometryCollection, Polygon as TopologyPolygon } from 'topojson-specification';
import type { Block, MultiPolygonCoords, PolygonCoords, Position } from './types.ts';
import { rewindPolygon, signedArea } from './ring.ts';

/**
 * Union of each group of polygons (groups hold indices into `polygons`). Every result is a list of
 * parts (RFC 7946 winding, largest part first): a group whose blocks do not connect through shared
 * edges yields more than one part so callers can flag it; an empty group yields no part.
 * Blocks must share identical coordinates along common edges (as a planar block arrangement does);
 * otherwise the common edge is not recognised and stays inside the union as a slit.
 */
export function mergePolygons(polygons: PolygonCoords[], groups: number[][]): MultiPolygonCoords[] {
  for (const group of groups) {
    for (const index of group) {
      if (!Number.isInteger(index) || index < 0 || index >= polygons.length) {
        throw new RangeError(`group refers to polygon ${index}, but only ${polygons.length} polygons were given`);
      }
    }
  }
  if (polygons.length === 0) return groups.map(() => []);
  const geometries = buildTopologyGeometries(polygons);
  return groups.map((group) => {
    const unique = [...new Set(group)];
    if (unique.length === 0) return [];
    const merged = merge(geometries.topology, unique.map((index) => geometries.polygons[index]));
    return normaliseParts(merged.coordinates as Position[][][]);
  });
}

/** Union of a single group: the parts of all given polygons merged along shared edges. */
export function mergeAll(polygons: PolygonCoords[]): MultiPolygonCoords {
  return mergePolygons(polygons, [polygons.map((_, index) => index)])[0];
}

/**
 * Union of polygons sharing a key (e.g. all blocks of one village), built on one topology so that
 * neighbouring units share identical borders. Keys come back sorted.
 */
export function mergeByKey(polygons: PolygonCoords[], keys: string[]): Map<string, MultiPolygonCoords> {
  if (keys.length !== polygons.length) throw new RangeError('one key is needed for each polygon');
  const groupsByKey = new Map<string, number[]>();
  keys.forEach((key, index) => {
    const group = groupsByKey.get(key);
    if (group) group.push(index);
    else groupsByKey.set(key, [index]);
  });
  const sortedKeys = [...groupsByKey.keys()].sort();
  const merged = mergePolygons(polygons, sortedKeys.map((key) => groupsByKey.get(key)!));
  return new Map(sortedKeys.map((key, index) => [key, merged[index]]));
}

/** Township or village outlines as the union of their blocks. */
export function mergeBlocksByUnit(blocks: Block[], level: 'villageCode' | 'townshipCode'): Map<string, MultiPolygonCoords> {
  return mergeByKey(blocks.map((block) => block.polygon), blocks.map((block) => block[level]));
}

/**
 * Union of groups of blocks given by block id (e.g. the output of partitioning), all merged on one
 * topology so that adjacent groups share identical borders.
 */
export function mergeBlockGroups(blocks: Block[], groups: string[][]): MultiPolygonCoords[] {
  const indexById = new Map(blocks.map((block, index) => [block.id, index]));
  const indexGroups = groups.map((group) =>
    group.map((id) => {
      const index = indexById.get(id);
      if (index === undefined) throw new RangeError(`unknown block id ${id}`);
      return index;
    }),
  );
  return mergePolygons(blocks.map((block) => block.polygon), indexGroups);
}

function buildTopologyGeometries(polygons: PolygonCoords[]) {
  const collection: GeoJSON.GeometryCollection = {
    type: 'GeometryCollection',
    geometries: polygons.map((coordinates) => ({ type: 'Polygon', coordinates })),
  };
  // No quantization: arcs keep the input coordinates exactly, so shared edges are matched bit for bit.
  const built = topology({ blocks: collection });
  const object = built.objects.blocks as GeometryCollection;
  return { topology: built, polygons: object.geometries as TopologyPolygon[] };
}

function normaliseParts(parts: Position[][][]): MultiPolygonCoords {
  // Fresh position arrays: topojson-client hands out positions shared between outputs.
  const copied = parts
    .filter((part) => part.length > 0)
    .map((part) => rewindPolygon(part.map((ring) => ring.map((position) => [position[0], position[1]] as Position))));
  return copied
    .map((part) => ({ part, area: Math.abs(signedArea(part[0])) }))
    .sort((a, b) => b.area - a.area)
    .map((entry) => entry.part);
}
