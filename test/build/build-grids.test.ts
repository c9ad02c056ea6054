import { describe, expect, it } from 'vitest';
import { buildGrids } from '../../server/build/build-grids.ts';
import { validateGridCode } from '../../server/geo/grid-codes.ts';
import { polygonAreaM2, signedArea } from '../../server/geo/ring.ts';
import type { AreaUnit, CuttingLine, Position } from '../../server/geo/types.ts';

// A township of two villages side by side, cut by a street lattice with one river across it.
function layers(): { villages: AreaUnit[]; lines: CuttingLine[] } {
  const rect = (x0: number, y0: number, x1: number, y1: number): Position[] => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
  const villages: AreaUnit[] = [
    { code: '360121100001', name: '东村村委会', parentCode: '360121100', geometry: { type: 'Polygon', coordinates: [rect(116, 28.5, 116.02, 28.52)] } },
    { code: '360121100002', name: '西村村委会', parentCode: '360121100', geometry: { type: 'Polygon', coordinates: [rect(116.02, 28.5, 116.04, 28.52)] } },
  ];
  const lines: CuttingLine[] = [];
  for (let i = 1; i < 10; i++) {
    lines.push({ kind: 'street', coordinates: [[115.999 + i * 0.0042, 28.499], [116.0 + i * 0.0041, 28.521]] });
    lines.push({ kind: 'street', coordinates: [[115.999, 28.5 + i * 0.002], [116.041, 28.5005 + i * 0.002]] });
  }
  lines.push({ kind: 'water', coordinates: [[115.999, 28.503], [116.01, 28.515], [116.041, 28.51]] });
  return { villages, lines };
}

const households = (_polygon: unknown, areaM2: number) => areaM2 / 1000;

describe('buildGrids', () => {
  it('cuts villages into contiguous, balanced, exactly covering grids with 15-digit codes', () => {
    const { villages, lines } = layers();
    const result = buildGrids({ villages, lines, householdsForBlock: households, targetGridCount: 6 });
    expect(result.grids).toHaveLength(6);
    expect(result.coverage.valid).toBe(true);
    for (const grid of result.grids) {
      expect(validateGridCode(grid.code, grid.villageCode)).toEqual({ valid: true });
      expect(signedArea(grid.polygon[0])).toBeGreaterThan(0);
      expect(grid.households).toBe(grid.blockIds.reduce((sum, id) => sum + result.blocks.find((b) => b.id === id)!.households, 0));
    }
    // Every block is in exactly one grid.
    const assigned = result.grids.flatMap((grid) => grid.blockIds).sort();
    expect(assigned).toEqual(result.blocks.map((block) => block.id).sort());
    // Grid areas add up to the villages' areas.
    const gridArea = result.grids.reduce((sum, grid) => sum + grid.areaM2, 0);
    const villageArea = villages.reduce((sum, village) => sum + polygonAreaM2(village.geometry.coordinates as never), 0);
    expect(Math.abs(gridArea - villageArea) / villageArea).toBeLessThan(1e-6);
    expect(result.metrics[0].coefficientOfVariation).toBeLessThan(0.35);
  });

  it('is deterministic', () => {
    const a = buildGrids({ ...layers(), householdsForBlock: households, targetHouseholds: 40 });
    const b = buildGrids({ ...layers(), householdsForBlock: households, targetHouseholds: 40 });
    expect(JSON.stringify(a.grids)).toBe(JSON.stringify(b.grids));
  });

});
