// The first picture appears whole. While the worker cuts the first tiles, the map would otherwise
// redraw every layer each time a few tiles arrive, and on a machine without a GPU each of those
// frames costs as much as the final one and slows the tile cutting it waits for. Until every source
// has its tiles the layers carry paint that MapLibre skips drawing (only the background shows);
// then one change restores them all and the next frame draws the complete map.
import type { LayerSpecification } from 'maplibre-gl';

type Paint = Record<string, unknown>;

/** Paint values that make MapLibre skip a layer entirely, by layer type; null: left as it is. */
export function curtainPaint(layer: LayerSpecification): Paint | null {
  switch (layer.type) {
    case 'fill':
      return { 'fill-layer-opacity': 0 };
    case 'line':
      return { 'line-layer-opacity': 0 };
    case 'symbol':
      return { 'text-opacity': 0, 'icon-opacity': 0 };
    case 'circle':
      return { 'circle-opacity': 0, 'circle-stroke-opacity': 0 };
    case 'heatmap':
      return { 'heatmap-opacity': 0 };
    default:
      return null;
  }
}

/** The layer with its curtain paint in place (the same layer when it has none). */
export function behindCurtain<L extends LayerSpecification>(layer: L): L {
  const hidden = curtainPaint(layer);
  if (!hidden) return layer;
  return { ...layer, paint: { ...(('paint' in layer ? layer.paint : undefined) ?? {}), ...hidden } } as L;
}

/** What each curtain property goes back to: the layer's own value, else MapLibre's default (1). */
export function revealedPaint(layer: LayerSpecification): Paint | null {
  const hidden = curtainPaint(layer);
  if (!hidden) return null;
  const own = (('paint' in layer ? layer.paint : undefined) ?? {}) as Paint;
  const revealed: Paint = {};
  for (const property of Object.keys(hidden)) revealed[property] = own[property] ?? 1;
  return revealed;
}
