// Where the map looks: the drill-down focus, its level, and the box the camera fits to it.
import type { CountyCollection, GridCollection, TownshipCollection } from '../../api/types.ts';
import { shapesBBox, type BBox } from '../../map/geometry.ts';

export interface MapFocus {
  /** A province database's county (null at the province level; always null in a county database). */
  county?: string | null;
  township: string | null;
  grid: string | null;
}

export function viewLevel(focus: MapFocus, province: boolean): 'province' | 'county' | 'township' | 'grid' {
  if (focus.grid) return 'grid';
  if (focus.township) return 'township';
  return province && !focus.county ? 'province' : 'county';
}

export function focusKey(focus: MapFocus): string {
  return `${focus.county ?? ''}/${focus.township ?? ''}/${focus.grid ?? ''}`;
}

export function fitMaxZoom(focus: MapFocus): number {
  return focus.grid ? 16.5 : 15;
}

export function focusBBox(focus: MapFocus, townships?: TownshipCollection, grids?: GridCollection, counties?: CountyCollection): BBox | null {
  if (focus.grid) {
    const feature = grids?.features.find((candidate) => candidate.properties.code === focus.grid);
    if (feature) return shapesBBox([feature.geometry]);
    if (!grids) return null;
  }
  if (focus.township) {
    const feature = townships?.features.find((candidate) => candidate.properties.code === focus.township);
    return feature ? shapesBBox([feature.geometry]) : null;
  }
  if (focus.county && counties) {
    const feature = counties.features.find((candidate) => candidate.properties.code === focus.county);
    if (feature) return shapesBBox([feature.geometry]);
  }
  // The province: every county.
  if (counties && !focus.county) return shapesBBox(counties.features.map((feature) => feature.geometry));
  return townships ? shapesBBox(townships.features.map((feature) => feature.geometry)) : null;
}
