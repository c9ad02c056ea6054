import { describe, expect, it } from 'vitest';
import type { Polygon, Position } from 'geojson';
import { labelPoint, shapesBBox } from '../../web/src/map/geometry.ts';
import { areaKeys, gridShortLabel, labelCollection, pointsCollection, villageShortLabel } from '../../web/src/map/map-data.ts';
import { pointColumns } from './point-columns.ts';

function inside(point: [number, number], ring: Position[]): boolean {
  let result = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > point[1] !== yj > point[1] && point[0] < ((xj - xi) * (point[1] - yi)) / (yj - yi) + xi) result = !result;
  }
  return result;
}

describe('label points', () => {
  it('lies inside a U-shaped area whose centroid is outside it', () => {
    const ring: Position[] = [
      [0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0],
    ];
    const point = labelPoint({ type: 'Polygon', coordinates: [ring] })!;
    expect(inside(point, ring)).toBe(true);
  });

  it('avoids holes and picks the largest part of a multipolygon', () => {
    const outer: Position[] = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]];
    const hole: Position[] = [[1, 1], [1, 9], [9, 9], [9, 1], [1, 1]];
    const small: Position[] = [[20, 0], [21, 0], [21, 1], [20, 1], [20, 0]];
    const point = labelPoint({ type: 'MultiPolygon', coordinates: [[small], [outer, hole]] })!;
    expect(inside(point, outer) && !inside(point, hole)).toBe(true);
  });

  it('returns null for degenerate shapes and computes extents', () => {
    expect(labelPoint({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 0]]] })).toBeNull();
    const square: Polygon = { type: 'Polygon', coordinates: [[[1, 2], [3, 2], [3, 5], [1, 5], [1, 2]]] };
    expect(shapesBBox([square, { type: 'Polygon', coordinates: [[[0, 3], [2, 3], [2, 4], [0, 3]]] }])).toEqual([0, 2, 3, 5]);
    expect(shapesBBox([])).toBeNull();
  });
});

describe('map data', () => {
  it('gathers the selected points into one multipoint per tier and overdue flag, red last', () => {
    const columns = pointColumns([
      { tier: 'red' },
      { tier: 'orange', overdue: true },
      { tier: 'yellow' },
      { tier: 'red', overdue: true },
      { tier: 'red' },
      { tier: 'yellow' },
    ]);
    // The last yellow point is not selected.
    const collection = pointsCollection(columns, [0, 1, 2, 3, 4]);
    expect(collection.features.map((feature) => feature.properties)).toEqual([
      { tier: 'yellow', overdue: false },
      { tier: 'orange', overdue: true },
      { tier: 'red', overdue: false },
      { tier: 'red', overdue: true },
    ]);
    const at = (index: number) => [columns.lon[index], columns.lat[index]];
    expect(collection.features.map((feature) => feature.geometry)).toEqual([
      { type: 'MultiPoint', coordinates: [at(2)] },
      { type: 'MultiPoint', coordinates: [at(1)] },
      { type: 'MultiPoint', coordinates: [at(0), at(4)] },
      { type: 'MultiPoint', coordinates: [at(3)] },
    ]);
    expect(pointsCollection(columns, []).features).toEqual([]);
  });

  it('hangs one label on each area', () => {
    const area = { type: 'Feature' as const, properties: { code: '1', name: '莲塘镇' }, geometry: { type: 'Polygon' as const, coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] } };
    expect(labelCollection([area]).features[0].properties).toEqual({ code: '1', name: '莲塘镇' });
  });

  it('shortens grid and village labels', () => {
    expect(gridShortLabel('南农社区第4网格')).toBe('第4网格');
    expect(gridShortLabel('网格A')).toBe('网格A');
    expect(villageShortLabel('南农社区居委会')).toBe('南农社区');
    expect(villageShortLabel('新联村委会')).toBe('新联');
    expect(villageShortLabel('村委会')).toBe('村委会');
  });
});

describe('map sources', () => {
  it('keeps only the keys the map reads from areas, sharing their geometry', () => {
    const geometry = { type: 'Polygon' as const, coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] };
    const grids = {
      type: 'FeatureCollection' as const,
      features: [{ type: 'Feature' as const, geometry, properties: { code: '360121100024004', townshipCode: '360121100', name: '第4网格', households: 312, openIssues: { red: 1, orange: 0, yellow: 2 } } }],
    };
    const slim = areaKeys(grids);
    expect(slim.features[0].properties).toEqual({ code: '360121100024004' });
    expect(slim.features[0].geometry).toBe(geometry);
    const townships = { type: 'FeatureCollection' as const, features: [{ type: 'Feature' as const, geometry, properties: { code: '360121100', name: '莲塘镇' } }] };
    expect(areaKeys(townships).features[0].properties).toEqual({ code: '360121100' });
  });
});
