import { beforeAll, describe, expect, it } from 'vitest';
import * as polyclip from 'polyclip-ts';
import { readMapData } from '../../server/import/read-map-data.ts';
import { filterBoundaries, readBoundaries, unitAreaM2, unitPolygons } from '../../server/import/boundaries.ts';
import { polygonAreaM2, signedArea } from '../../server/geo/ring.ts';
import type { ImportedAreaUnit, MapData } from '../../server/import/map-data-types.ts';

const ANDORRA = 'test/fixtures/osm/andorra.osm.gz';
const PARISHES = ['Andorra la Vella', 'Canillo', 'Encamp', 'Escaldes-Engordany', 'La Massana', 'Ordino', 'Sant Julià de Lòria'];
// Two ways of the Canillo–France border (23305159, 50344406) are missing from the extract: a 4.4 km gap.
const GAP_TOLERANCE_M = 5000;

function expectValidPolygons(unit: ImportedAreaUnit) {
  for (const polygon of unitPolygons(unit)) {
    polygon.forEach((ring, index) => {
      expect(ring.length).toBeGreaterThanOrEqual(4);
      expect(ring[0]).toEqual(ring[ring.length - 1]);
      // RFC 7946: exterior counter-clockwise, holes clockwise.
      expect(signedArea(ring) > 0).toBe(index === 0);
    });
  }
}

describe('Andorra parishes (admin_level 7 inside "Andorra")', () => {
  let strict: MapData;
  let bridged: MapData;
  beforeAll(async () => {
    strict = await readMapData(ANDORRA);
    bridged = await readMapData(ANDORRA, { closeGapsUpToM: GAP_TOLERANCE_M });
  });

  it('skips the parish whose outline does not close, with a warning, when gaps are not bridged', () => {
    const levelSeven = filterBoundaries(strict.boundaries, { adminLevel: 7 });
    expect(levelSeven.map((unit) => unit.name).sort()).toEqual(PARISHES.filter((name) => name !== 'Canillo'));
    const canillo = strict.warnings.find((warning) => warning.includes('"Canillo"'));
    expect(canillo).toMatch(/2 member ways missing from the file/);
    expect(() => filterBoundaries(strict.boundaries, { adminLevel: 7, withinBoundary: 'Andorra' })).toThrow(/"Andorra" not found/);
  });

  it('gives exactly the 7 parishes, valid, summing to Andorra (~468 km²), without overlaps', async () => {
    const parishes = await readBoundaries(ANDORRA, { adminLevel: 7, withinBoundary: 'Andorra', closeGapsUpToM: GAP_TOLERANCE_M });
    expect(parishes.map((unit) => unit.name).sort()).toEqual(PARISHES);
    for (const parish of parishes) {
      expectValidPolygons(parish);
      expect(parish.adminLevel).toBe(7);
      expect(parish.code).toMatch(/^osm-relation-\d+$/);
      expect(unitAreaM2(parish)).toBeGreaterThan(10e6);
    }
    const totalKm2 = parishes.reduce((sum, parish) => sum + unitAreaM2(parish), 0) / 1e6;
    expect(Math.abs(totalKm2 - 468) / 468).toBeLessThan(0.05);

    for (let i = 0; i < parishes.length; i++) {
      for (let j = i + 1; j < parishes.length; j++) {
        const shared = polyclip.intersection(unitPolygons(parishes[i]) as polyclip.Geom, unitPolygons(parishes[j]) as polyclip.Geom);
        const sharedM2 = shared.reduce((sum, polygon) => sum + polygonAreaM2(polygon as [number, number][][]), 0);
        expect(sharedM2, `${parishes[i].name} ∩ ${parishes[j].name}`).toBeLessThan(1000);
      }
    }
  });

  it('reports every bridged gap, and the country outline matches the sum of its parishes', () => {
    expect(bridged.warnings.find((warning) => warning.includes('"Canillo"'))).toMatch(/gaps of 4419 m closed/);
    const andorra = bridged.boundaries.find((unit) => unit.name === 'Andorra' && unit.adminLevel === 2)!;
    const parishes = filterBoundaries(bridged.boundaries, { adminLevel: 7, withinBoundary: 'Andorra' });
    const parishKm2 = parishes.reduce((sum, parish) => sum + unitAreaM2(parish), 0) / 1e6;
    expect(Math.abs(unitAreaM2(andorra) / 1e6 - parishKm2)).toBeLessThan(0.5);
  });

  it('drops areas outside the enclosing boundary (French communes closed from the same extract)', () => {
    const outside = bridged.boundaries.filter((unit) => unit.name !== 'Andorra' && !PARISHES.includes(unit.name));
    expect(outside.length).toBeGreaterThan(0);
    const inside = filterBoundaries(bridged.boundaries, { withinBoundary: 'Andorra' });
    expect(inside.map((unit) => unit.name).sort()).toEqual(PARISHES);
  });
});
