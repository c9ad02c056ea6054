import { describe, expect, it } from 'vitest';
import { readMapData } from '../../server/import/read-map-data.ts';
import { readBoundaries } from '../../server/import/boundaries.ts';
import { signedArea } from '../../server/geo/ring.ts';
import type { PolygonCoords } from '../../server/geo/types.ts';

const COLLECTION = 'test/fixtures/osm/geojson/map-data.geojson';
const LINES = 'test/fixtures/osm/geojson/map-data.geojsonl';
const GCJ02 = 'test/fixtures/osm/geojson/gcj02-county-seat.geojson';

describe('GeoJSON FeatureCollection', () => {
  it('sorts lines into streets and water, and drops footways and tunnels', async () => {
    const data = await readMapData(COLLECTION);
    expect(data.streets).toEqual([
      { kind: 'street', class: 'residential', name: 'Elm Road', coordinates: [[10, 50], [10.01, 50]] },
      { kind: 'street', coordinates: [[10, 50.002], [10.01, 50.002]] },
      { kind: 'street', coordinates: [[10, 50.003], [10.01, 50.003]] },
    ]);
    expect(data.water.map((line) => [line.class, line.name, line.coordinates.length])).toEqual([
      ['river', 'Fluss', 3],
      ['water', 'Lake', 4],
    ]);
  });

  it('recognises buildings by their building property and rewinds them', async () => {
    const data = await readMapData(COLLECTION);
    expect(data.buildings).toHaveLength(1);
    expect(data.buildings[0].levels).toBe(4);
    expect(signedArea(data.buildings[0].polygon[0])).toBeGreaterThan(0);
  });

  it('turns other polygons into areas with code from code|adcode|id, RFC 7946 wound', async () => {
    const data = await readMapData(COLLECTION);
    expect(data.boundaries.map((unit) => [unit.code, unit.name, unit.parentCode, unit.geometry.type])).toEqual([
      ['360121100', '莲塘镇', '360121', 'Polygon'],
      ['north', 'North Village', undefined, 'MultiPolygon'],
    ]);
    const township = data.boundaries[0].geometry.coordinates as PolygonCoords;
    expect(signedArea(township[0])).toBeGreaterThan(0); // the file has it clockwise
  });

  it('treats every line and polygon outline as water when the file is given as water', async () => {
    const data = await readMapData(COLLECTION, { defaultLineKind: 'water' });
    expect(data.streets).toEqual([]);
    expect(data.boundaries).toEqual([]);
    // 5 lines (the tunnel, a culvert here, stays out) + the lake, the township and the village's 2 parts as outlines.
    expect(data.water).toHaveLength(9);
    expect(data.water.slice(0, 5).map((line) => line.coordinates[0][1])).toEqual([50, 50.001, 50.002, 50.003, 50.005]);
    expect(data.buildings).toHaveLength(1);
  });
});

describe('GeoJSON lines', () => {
  it('reads one Feature per line like the FeatureCollection, reporting a broken line', async () => {
    const [lines, collection] = await Promise.all([readMapData(LINES), readMapData(COLLECTION)]);
    expect(lines.streets).toEqual(collection.streets);
    expect(lines.water).toEqual(collection.water);
    expect(lines.buildings).toEqual(collection.buildings);
    expect(lines.boundaries.map((unit) => unit.code)).toEqual(['360121100', 'north']);
    expect(lines.warnings).toEqual(['line 4: not valid JSON; skipped']);
  });
});

describe('datum conversion', () => {
  it('moves GCJ-02 coordinates near the Nanchang County seat by the known offset', async () => {
    const data = await readMapData(GCJ02, { crs: 'gcj02' });
    const [lon, lat] = data.streets[0].coordinates[0];
    expect(115.94 - lon).toBeCloseTo(0.00485, 4);
    expect(28.54 - lat).toBeCloseTo(-0.0034, 4);
    expect(Math.abs(115.94 - lon - 0.00485)).toBeLessThan(1e-4);
    expect(Math.abs(28.54 - lat + 0.0034)).toBeLessThan(1e-4);
  });

  it('converts boundaries too, keeping them closed and counter-clockwise', async () => {
    const [county] = await readBoundaries(GCJ02, { crs: 'gcj02' });
    expect(county.code).toBe('360121');
    const ring = (county.geometry.coordinates as PolygonCoords)[0];
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    expect(signedArea(ring)).toBeGreaterThan(0);
    expect(ring[0][0]).toBeLessThan(115.93);
    const unconverted = await readBoundaries(GCJ02);
    expect((unconverted[0].geometry.coordinates as PolygonCoords)[0][0]).toEqual([115.93, 28.53]);
  });
});
