// The --boundaries reader: administrative areas from GeoJSON, shapefiles or OSM files.
import type { ImportedAreaUnit, ReadMapDataOptions } from './map-data-types.ts';
import { readMapData } from './read-map-data.ts';

export { filterBoundaries, findBoundary, unitAreaM2, unitPolygons } from './boundary-filter.ts';

/**
 * Areas for --boundaries: a GeoJSON FeatureCollection or a polygon shapefile (.shp, .zip) whose
 * names and codes come from nameField / codeField, or an OSM file whose administrative boundaries
 * are filtered by adminLevel / withinBoundary. Rings come RFC 7946 wound.
 */
export async function readBoundaries(path: string, options: ReadMapDataOptions = {}): Promise<ImportedAreaUnit[]> {
  const data = await readMapData(path, options);
  return data.boundaries;
}
