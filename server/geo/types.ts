// Plain data shapes shared by the geometry core. Coordinates are WGS84 [lon, lat] degrees.

export type Position = [number, number];
/** A closed ring: first position equals the last. */
export type Ring = Position[];
/** RFC 7946 polygon: exterior ring counter-clockwise first, holes clockwise after. */
export type PolygonCoords = Ring[];
export type MultiPolygonCoords = PolygonCoords[];

export type LineKind = 'street' | 'water' | 'boundary';

/** A line that cuts territory into blocks: a street centre-line, a river, a boundary. */
export interface CuttingLine {
  kind: LineKind;
  coordinates: Position[];
  /** Street class (motorway, primary, residential, lane, ...) or water class (river, canal, ...). */
  class?: string;
  name?: string;
}

/** An administrative area (township or village) given as a polygon. */
export interface AreaUnit {
  code: string;
  name: string;
  /** Code of the enclosing unit (a village's township); absent for top-level units. */
  parentCode?: string;
  geometry: { type: 'Polygon'; coordinates: PolygonCoords } | { type: 'MultiPolygon'; coordinates: MultiPolygonCoords };
}

/** An atomic street block: the smallest unit a grid is made of. */
export interface Block {
  id: string;
  townshipCode: string;
  villageCode: string;
  polygon: PolygonCoords;
  areaM2: number;
  households: number;
}

/** A unit grid: a connected union of blocks of one village. */
export interface Grid {
  code: string;
  townshipCode: string;
  villageCode: string;
  blockIds: string[];
  households: number;
  areaM2: number;
  polygon: PolygonCoords;
}

/** Validation result in the house style: never throws for bad input. */
export type Validation = { valid: true } | { valid: false; reason: string };
