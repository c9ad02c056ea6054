import { describe, expect, it } from 'vitest';
import { MAJOR_STREET_CLASSES, streetDetailOf } from '../../server/store/lineDetail.ts';

describe('street detail', () => {
  it('keeps main roads and railways for the county view and leaves the rest to zoomed-in views', () => {
    for (const lineClass of ['motorway', 'trunk_link', 'primary', 'secondary', 'tertiary', 'rail']) expect(streetDetailOf(lineClass)).toBe('major');
    for (const lineClass of ['residential', 'lane', 'track', 'service', 'unclassified', 'footway', '']) expect(streetDetailOf(lineClass)).toBe('minor');
    expect(MAJOR_STREET_CLASSES.has('residential')).toBe(false);
  });
});
