// Hexagon cells sized for the view: a cell stays roughly the same size on screen from the county
// overview down to a township, so neither view turns into one blob or a dust of single points.

/** Target cell radius on screen, in CSS pixels. */
export const HEXAGON_SCREEN_RADIUS_PX = 9;
const EARTH_CIRCUMFERENCE_M = 40_075_016.686;
/** Nanchang's latitude: the cells are sized once per zoom level, not per latitude. */
const REFERENCE_LATITUDE = 28.55;

/** Ground metres per CSS pixel in Web Mercator at a zoom and latitude (512-pixel tiles, as MapLibre). */
export function metresPerPixel(zoom: number, latitude = REFERENCE_LATITUDE): number {
  return (EARTH_CIRCUMFERENCE_M * Math.cos((latitude * Math.PI) / 180)) / (512 * 2 ** zoom);
}

/** Cell radius in metres for a zoom, rounded to whole zoom levels so small zooms do not re-aggregate. */
export function hexagonRadiusM(zoom: number): number {
  const level = Math.max(0, Math.round(zoom));
  return Math.round(HEXAGON_SCREEN_RADIUS_PX * metresPerPixel(level));
}
