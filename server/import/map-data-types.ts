// Shapes handed from the map-data readers to the block builder.
import type { AreaUnit, CuttingLine, PolygonCoords } from '../geo/types.ts';
import type { CrsOption } from './crs-option.ts';

export type ProgressCallback = (stage: string, done: number, total?: number) => void;

/** An administrative area as read from map data, with the OSM facts that help pick the right level. */
export interface ImportedAreaUnit extends AreaUnit {
  adminLevel?: number;
  /** Chinese name (OSM name:zh) when the source has one. */
  nameZh?: string;
}

export interface Building {
  polygon: PolygonCoords;
  /** Above-ground storeys from building:levels; null when unknown. */
  levels: number | null;
}

export interface MapData {
  streets: CuttingLine[];
  water: CuttingLine[];
  buildings: Building[];
  boundaries: ImportedAreaUnit[];
  /** [minX, minY, maxX, maxY]: bounds declared by the file, else the extent of streets and buildings. */
  bounds?: [number, number, number, number];
  /** Things skipped rather than failed on: boundary relations that do not close, and the like. */
  warnings: string[];
}

export interface BoundaryFilter {
  /** Keep only boundaries of this OSM admin_level. */
  adminLevel?: number;
  /** Keep only boundaries whose interior point lies inside the boundary with this name (or code). */
  withinBoundary?: string;
}

export interface ReadMapDataOptions extends BoundaryFilter {
  /**
   * System of the source coordinates (a name, or a resolved system such as a Gauss–Krüger zone);
   * every coordinate is converted to WGS84. Default: what the file declares (.prj, GeoJSON crs), else wgs84.
   */
  crs?: CrsOption;
  /** Shapefile and GeoJSON areas: the attributes holding each area's name and code. */
  nameField?: string;
  codeField?: string;
  /** Text encoding of a shapefile's .dbf, overriding its .cpg (utf-8, gbk, gb18030…). */
  encoding?: string;
  /** What GeoJSON lines without water tags are: streets (default) or water (a file given as --water). */
  defaultLineKind?: 'street' | 'water';
  /** Keep streets, railways and waterways marked as tunnels or culverts (default false: they cut no surface blocks). */
  keepTunnels?: boolean;
  /**
   * Close boundary outlines whose loose ends lie at most this many metres apart with straight
   * segments (each one reported in warnings). Default 0: an outline that does not close is skipped.
   */
  closeGapsUpToM?: number;
  onProgress?: ProgressCallback;
}
