// Which street lines a county-wide map needs: the main roads and railways. Residential streets,
// lanes and tracks outnumber them many times over and only matter once a view is zoomed in.
export type LineDetail = 'major' | 'minor';

/** Road and railway classes drawn at every zoom; any other class is minor detail. */
export const MAJOR_STREET_CLASSES: ReadonlySet<string> = new Set([
  'motorway',
  'motorway_link',
  'trunk',
  'trunk_link',
  'primary',
  'primary_link',
  'secondary',
  'secondary_link',
  'tertiary',
  'tertiary_link',
  'rail',
  'light_rail',
  'subway',
]);

export function streetDetailOf(lineClass: string): LineDetail {
  return MAJOR_STREET_CLASSES.has(lineClass) ? 'major' : 'minor';
}
