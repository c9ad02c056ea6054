import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { buildNanchangDataset, type NanchangBuild } from '../../server/build/nanchang-dataset.ts';
import { buildLocator } from '../../server/geo/locate.ts';
import { validateGridCode } from '../../server/geo/grid-codes.ts';
import { polygonAreaM2, signedArea } from '../../server/geo/ring.ts';
import { geometryToWgs84 } from '../../server/geo/crs.ts';
import { openSqliteStore } from '../../server/store/sqlite/sqliteStore.ts';
import { validateStore } from '../../server/build/validate-store.ts';
import type { PolygonCoords } from '../../server/geo/types.ts';

// The built-in dataset, built once from the raw layers exactly as the first server start does.
let built: NanchangBuild;
beforeAll(() => {
  built = buildNanchangDataset({ now: new Date('2026-11-25T12:00:00+08:00') });
}, 120_000);

const csvCodes = (path: string) => readFileSync(path, 'utf8').trim().split('\n').slice(1).map((line) => line.split(',')[0]);

describe('the built-in Nanchang County dataset', () => {
  it('holds the 24 real township-level units and 471 real villages, each with grids', () => {
    const { dataset } = built;
    expect(dataset.townships.map((unit) => unit.code).sort()).toEqual(csvCodes('data/nanchang/townships.csv').sort());
    expect(dataset.villages.map((unit) => unit.code).sort()).toEqual(csvCodes('data/nanchang/villages.csv').sort());
    const villagesWithGrids = new Set(dataset.grids.map((grid) => grid.villageCode));
    expect(villagesWithGrids.size).toBe(471);
  });

  it('is cut into 1069 grids with unique 15-digit codes of their village', () => {
    const { grids } = built.dataset;
    expect(grids).toHaveLength(1069);
    expect(new Set(grids.map((grid) => grid.code)).size).toBe(1069);
    for (const grid of grids) {
      expect(validateGridCode(grid.code, grid.villageCode)).toEqual({ valid: true });
      expect(grid.code.slice(0, 9)).toBe(grid.townshipCode);
      expect(signedArea(grid.polygon[0])).toBeGreaterThan(0);
    }
  });

  it('covers every village exactly: no gap, overlap, split grid or stray block', () => {
    const { coverage, blockStats } = built.build;
    expect(coverage.valid).toBe(true);
    expect(coverage.exactlyTiledAreas).toBe(471);
    expect(blockStats.faces).toBeGreaterThan(10_000);
  });

  it('covers the real county outline (converted from GCJ-02) to within 0.1 % of its area', () => {
    const source = JSON.parse(readFileSync('data/nanchang/county.gcj02.geojson', 'utf8')).features[0].geometry;
    const outline = geometryToWgs84(source as { type: 'Polygon'; coordinates: PolygonCoords }, 'gcj02');
    const countyM2 = polygonAreaM2(outline.coordinates);
    const gridsM2 = built.dataset.grids.reduce((sum, grid) => sum + grid.areaM2, 0);
    expect(countyM2 / 1e6).toBeGreaterThan(1700);
    expect(Math.abs(gridsM2 - countyM2) / countyM2).toBeLessThan(1e-3);
  });

  it('balances households within each township', () => {
    for (const row of built.build.metrics) {
      expect(row.coefficientOfVariation).toBeLessThan(0.5);
      expect(row.meanCompactness).toBeGreaterThan(0.2);
    }
  });

  it('places every seeded problem inside the grid it names', () => {
    const { grids, issues } = built.dataset;
    expect(issues).toHaveLength(7773);
    const locator = buildLocator(grids);
    for (const issue of issues) expect(locator.locate(issue.lon, issue.lat)).toBe(issue.gridCode);
  });

  it('stores in SQLite and passes the stored-data validation', async () => {
    const store = openSqliteStore(':memory:');
    store.seedDataset(built.dataset);
    const result = await validateStore(store);
    expect(result.counts).toEqual({ townships: 24, villages: 471, grids: 1069 });
    expect(result.grids.valid).toBe(true);
    expect(result.villages.valid).toBe(true);
    store.close();
  });
});
