// Residential streets, lanes and tracks are most of the street data but invisible at the county
// view: they are drawn from this zoom, and fetched a little before the view gets there.
export const MINOR_STREETS_MIN_ZOOM = 11.5;
/** Fetching starts this much below the drawing zoom, so a flight into a township finds them ready. */
export const MINOR_STREETS_PREFETCH_ZOOMS = 1;

/** Whether a view at this zoom (or on its way to it) needs the minor streets. */
export function needsMinorStreets(zoom: number): boolean {
  return zoom >= MINOR_STREETS_MIN_ZOOM - MINOR_STREETS_PREFETCH_ZOOMS;
}
