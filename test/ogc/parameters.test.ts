import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { parseBbox, parseDatetime, parseItemsParameters, OGC_LIMIT_MAX } from '../../server/ogc/parameters.ts';
import { intersectsBox } from '../../server/ogc/geometry.ts';
import { buildFeatureSet } from '../../server/ogc/feature-set.ts';

// An L-shape over 0..2 × 0..2 without the upper-right square 1..2 × 1..2.
const ell: Polygon = {
  type: 'Polygon',
  coordinates: [[[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2], [0, 0]]],
};

describe('bbox against geometries', () => {
  it('decides on the geometry, not its bounding box', () => {
    expect(intersectsBox(ell, [1.2, 1.2, 1.8, 1.8])).toBe(false);
    expect(intersectsBox(ell, [0.2, 0.2, 0.4, 0.4])).toBe(true); // wholly inside
    expect(intersectsBox(ell, [-1, -1, 3, 3])).toBe(true); // wholly around
    expect(intersectsBox(ell, [0.9, 0.9, 1.1, 1.1])).toBe(true); // over the inner corner
    expect(intersectsBox(ell, [2, 0.5, 3, 0.6])).toBe(true); // touching an edge
    expect(intersectsBox({ type: 'Point', coordinates: [1, 1] }, [1, 1, 2, 2])).toBe(true);
    expect(intersectsBox({ type: 'Point', coordinates: [0.99, 1] }, [1, 1, 2, 2])).toBe(false);
  });

  it('filters a feature set exactly and keeps collection order', () => {
    const set = buildFeatureSet([
      { type: 'Feature', id: 'a', geometry: ell, properties: {} },
      { type: 'Feature', id: 'b', geometry: { type: 'Point', coordinates: [1.5, 1.5] }, properties: {} },
      { type: 'Feature', id: 'c', geometry: { type: 'Point', coordinates: [0.5, 0.5] }, properties: {} },
    ]);
    expect(set.match({ bbox: [1.2, 1.2, 1.8, 1.8] })).toEqual([1]);
    expect(set.match({ bbox: [0, 0, 2, 2] })).toEqual([0, 1, 2]);
    expect(set.match({})).toEqual([0, 1, 2]);
    expect(set.extent).toEqual([0, 0, 2, 2]);
    expect(set.positionOf('c')).toBe(2);
    expect(JSON.parse(set.json(2)).id).toBe('c');
  });

  it('reads a box crossing the antimeridian as two boxes', () => {
    const set = buildFeatureSet([
      { type: 'Feature', id: 'east', geometry: { type: 'Point', coordinates: [179.5, 0] }, properties: {} },
      { type: 'Feature', id: 'west', geometry: { type: 'Point', coordinates: [-179.5, 0] }, properties: {} },
      { type: 'Feature', id: 'middle', geometry: { type: 'Point', coordinates: [0, 0] }, properties: {} },
    ]);
    const box = parseBbox('179,-1,-179,1');
    expect(box.valid).toBe(true);
    if (box.valid) expect(set.match({ bbox: box.value })).toEqual([0, 1]);
  });
});

describe('item parameters', () => {
  it('parses intervals with open ends', () => {
    expect(parseDatetime('../2015-04-01T00:00:00Z')).toEqual({ valid: true, value: { end: Date.parse('2015-04-01T00:00:00Z') } });
    expect(parseDatetime('2015-04-01T00:00:00Z/')).toEqual({ valid: true, value: { start: Date.parse('2015-04-01T00:00:00Z') } });
    expect(parseDatetime('2015-04-01T00:00:00Z/2015-04-01T00:00:00Z').valid).toBe(true);
    expect(parseDatetime('2015-04-01T00:00:00Z/2015-04-02T00:00:00Z/..').valid).toBe(false);
    expect(parseDatetime('2015-04-01 00:00:00Z').valid).toBe(false);
  });

  it('defaults limit and offset, clamps limit to the maximum', () => {
    expect(parseItemsParameters({})).toEqual({ valid: true, value: { limit: 10, offset: 0 } });
    const clamped = parseItemsParameters({ limit: '999999' });
    expect(clamped.valid && clamped.value.limit).toBe(OGC_LIMIT_MAX);
    expect(parseItemsParameters({ 'bbox-crs': 'x' })).toMatchObject({ valid: false, field: 'bbox-crs' });
  });
});
