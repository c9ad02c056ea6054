import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { toWgs84, geometryToWgs84 } from '../../server/geo/crs.ts';
import { signedArea } from '../../server/geo/ring.ts';
import type { PolygonCoords } from '../../server/geo/types.ts';

describe('GCJ-02 → WGS84', () => {
  it('removes the known offset near the Nanchang County seat', () => {
    // Near 115.94,28.54 GCJ-02 lies about +0.00485° lon and −0.00340° lat from WGS84.
    const gcj: [number, number] = [115.94, 28.54];
    const [lon, lat] = toWgs84(gcj, 'gcj02');
    expect(gcj[0] - lon).toBeCloseTo(0.00485, 4);
    expect(gcj[1] - lat).toBeCloseTo(-0.0034, 4);
  });

  it('is the identity for WGS84 input', () => {
    expect(toWgs84([7.42, 43.73], 'wgs84')).toEqual([7.42, 43.73]);
  });

  it('converts every vertex of the county outline and keeps the ring closed', () => {
    const county = JSON.parse(readFileSync('data/nanchang/county.gcj02.geojson', 'utf8'));
    const source = county.features[0].geometry as { type: 'Polygon'; coordinates: PolygonCoords };
    const converted = geometryToWgs84(source, 'gcj02');
    const ring = converted.coordinates[0];
    expect(ring.length).toBe(source.coordinates[0].length);
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    for (let i = 0; i < ring.length; i++) {
      const dLon = source.coordinates[0][i][0] - ring[i][0];
      const dLat = source.coordinates[0][i][1] - ring[i][1];
      // The offset varies smoothly over a county: a few hundred metres, always east and south.
      expect(dLon).toBeGreaterThan(0.004);
      expect(dLon).toBeLessThan(0.006);
      expect(dLat).toBeLessThan(-0.002);
      expect(dLat).toBeGreaterThan(-0.005);
    }
    expect(Math.sign(signedArea(ring))).toBe(Math.sign(signedArea(source.coordinates[0])));
  });

  it('BD-09 lies further from WGS84 than GCJ-02 does', () => {
    const fromBd = toWgs84([115.9465, 28.5462], 'bd09');
    expect(Math.abs(fromBd[0] - 115.9465)).toBeGreaterThan(0.005);
  });
});
