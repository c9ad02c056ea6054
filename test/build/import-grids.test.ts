import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importGrids } from '../../server/build/import-grids.ts';
import { validateCoverage } from '../../server/geo/coverage.ts';
import { signedArea } from '../../server/geo/ring.ts';

// Real OpenStreetMap extracts (ODbL, see test/fixtures/osm/README.md): grids must tile every boundary.
describe('build-grids on real OSM data', () => {
  it('cuts the seven parishes of Andorra into grids with no gap and no overlap', async () => {
    const result = await importGrids({
      boundaries: 'test/fixtures/osm/andorra.osm.gz',
      adminLevel: 7,
      within: 'Andorra',
      closeGapsM: 5000,
      streets: 'test/fixtures/osm/andorra.osm.gz',
      targetHouseholds: 40,
    });
    expect(result.units.map((unit) => unit.name).sort()).toEqual(
      ['Andorra la Vella', 'Canillo', 'Encamp', 'Escaldes-Engordany', 'La Massana', 'Ordino', 'Sant Julià de Lòria'].sort(),
    );
    expect(result.householdsSource).toBe('buildings');
    const { coverage, grids, blocks } = result.build;
    expect(coverage.valid).toBe(true);
    expect(coverage.gaps).toHaveLength(0);
    expect(coverage.overlaps).toHaveLength(0);
    expect(blocks.length).toBeGreaterThan(300);
    expect(grids.length).toBeGreaterThan(7);
    // The grids cover the parishes' own outlines, not only the union of the blocks.
    expect(result.areaCheck.relativeDifference).toBeLessThan(1e-4);
    // Every grid lies in one parish and is one ring-valid polygon.
    const units = new Set(result.units.map((unit) => unit.code));
    for (const feature of result.featureCollection.features) {
      expect(units.has(feature.properties.unitCode)).toBe(true);
      expect(signedArea(feature.geometry.coordinates[0] as [number, number][])).toBeGreaterThan(0);
    }
    // An independent check against the input outlines (clipping, not the shared-edge proof).
    const independent = validateCoverage(
      {
        areas: result.units.map((unit) => ({ code: unit.code, geometry: unit.geometry })),
        grids: grids.map((grid) => ({ code: grid.code, parentCode: grid.villageCode, geometry: { type: 'Polygon', coordinates: grid.polygon } })),
      },
      { toleranceM2: 50 },
    );
    expect(independent.gaps).toEqual([]);
    expect(independent.overlaps).toEqual([]);
  });

  it('cuts Monaco (PBF) inside its outline, households from building footprints', async () => {
    const result = await importGrids({
      boundaries: 'test/fixtures/osm/monaco.osm.pbf',
      adminLevel: 2,
      streets: 'test/fixtures/osm/monaco.osm.pbf',
      targetHouseholds: 100,
    });
    expect(result.units).toHaveLength(1);
    expect(result.build.coverage.valid).toBe(true);
    expect(result.areaCheck.relativeDifference).toBeLessThan(1e-4);
    const total = result.build.grids.reduce((sum, grid) => sum + grid.households, 0);
    expect(total).toBeGreaterThan(1000);
    // Balanced down to the atomic block: a grid passes three times the target only when one block does.
    const blockHouseholds = new Map(result.build.blocks.map((block) => [block.id, block.households]));
    for (const grid of result.build.grids) {
      const largestBlock = Math.max(...grid.blockIds.map((id) => blockHouseholds.get(id)!));
      expect(grid.households).toBeLessThanOrEqual(Math.max(300, largestBlock));
    }
  });

  it('falls back to block area when the data has no buildings, and says so', async () => {
    // A few GeoJSON-lines streets across Monaco, without any building.
    const streets = join(mkdtempSync(join(tmpdir(), 'gridmap-')), 'streets.geojsonl');
    const lines = [0.25, 0.5, 0.75].flatMap((t) => [
      [[7.40 + 0.04 * t, 43.72], [7.40 + 0.04 * t, 43.76]],
      [[7.40, 43.72 + 0.035 * t], [7.44, 43.72 + 0.035 * t]],
    ]);
    writeFileSync(streets, lines.map((coordinates) => JSON.stringify({ type: 'Feature', properties: { highway: 'residential' }, geometry: { type: 'LineString', coordinates } })).join('\n'));
    const result = await importGrids({
      boundaries: 'test/fixtures/osm/monaco.osm.gz',
      adminLevel: 2,
      streets,
      householdsPerKm2: 5000,
      targetHouseholds: 500,
    });
    expect(result.householdsSource).toBe('area');
    expect(result.build.coverage.valid).toBe(true);
    // 5,000 households per km² over Monaco's ~2 km² land: about 10,000 households in all.
    const total = result.build.grids.reduce((sum, grid) => sum + grid.households, 0);
    expect(total).toBeGreaterThan(0.9 * 5000 * (result.areaCheck.boundariesM2 / 1e6));
    expect(total).toBeLessThan(1.1 * 5000 * (result.areaCheck.boundariesM2 / 1e6));
  });
});
