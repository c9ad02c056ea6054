// TileJSON 3.0.0 for one layer: where its tiles are, their zoom range, bounds and fields.
import { TILE_LAYERS, type TileLayerId } from './layers.ts';
import type { LayerSummary } from './tile-service.ts';

export interface TileJson {
  tilejson: '3.0.0';
  name: string;
  description: string;
  attribution: string;
  scheme: 'xyz';
  tiles: string[];
  minzoom: number;
  maxzoom: number;
  bounds: [number, number, number, number];
  center: [number, number, number];
  vector_layers: Array<{ id: string; description: string; minzoom: number; maxzoom: number; fields: Record<string, string> }>;
  /** Features of the layer (problems for issue-cells): lets a client choose GeoJSON or tiles. */
  featureCount: number;
}

/** `origin` is the scheme and host the request came in on, so the tile URLs resolve for that client. */
export function tileJson(origin: string, layer: TileLayerId, summary: LayerSummary, attribution: string): TileJson {
  const definition = TILE_LAYERS[layer];
  const bounds = summary.bounds ?? [-180, -85.0511, 180, 85.0511];
  const centreZoom = Math.max(definition.minzoom, Math.min(definition.maxzoom, 10));
  return {
    tilejson: '3.0.0',
    name: layer,
    description: definition.description,
    attribution,
    scheme: 'xyz',
    tiles: [`${origin}/tiles/${layer}/{z}/{x}/{y}.mvt`],
    minzoom: definition.minzoom,
    maxzoom: definition.maxzoom,
    bounds,
    center: [(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2, centreZoom],
    vector_layers: [{ id: layer, description: definition.description, minzoom: definition.minzoom, maxzoom: definition.maxzoom, fields: { ...definition.fields } }],
    featureCount: summary.featureCount,
  };
}
