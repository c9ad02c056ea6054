// Synthetic township plans for the planner's unit tests: a jittered lattice of quadrilateral
// blocks (neighbours share exact vertices), grids as rectangular tiles of blocks, villages as
// vertical bands. Deterministic from a seed.
import type { PlanBlock, TownshipPlan } from '../../server/plan/types.ts';
import type { Position } from '../../server/geo/types.ts';
import { polygonAreaM2 } from '../../server/geo/ring.ts';
import { mulberry32 } from '../../server/synth/random.ts';

export { mulberry32 };

export interface LatticeOptions {
  columns: number;
  rows: number;
  /** Blocks per grid tile side. */
  tile: number;
  /** Columns per village band. */
  villageColumns: number;
  seed?: number;
}

const ORIGIN: Position = [115.9, 28.5];
const STEP = 0.002;

export function latticePlan(options: LatticeOptions): TownshipPlan {
  const random = mulberry32(options.seed ?? 7);
  const vertex: Position[][] = [];
  for (let i = 0; i <= options.columns; i++) {
    vertex.push([]);
    for (let j = 0; j <= options.rows; j++) {
      const interior = i > 0 && j > 0 && i < options.columns && j < options.rows;
      const jitter = interior ? STEP * 0.3 : 0;
      vertex[i].push([ORIGIN[0] + i * STEP + (random() - 0.5) * jitter, ORIGIN[1] + j * STEP + (random() - 0.5) * jitter]);
    }
  }
  const blocks: PlanBlock[] = [];
  const grids = new Map<string, { code: string; villageCode: string; name: string }>();
  for (let i = 0; i < options.columns; i++) {
    for (let j = 0; j < options.rows; j++) {
      const village = Math.floor(i / options.villageColumns);
      const villageCode = `360121100${String(201 + village).padStart(3, '0')}`;
      const tileX = Math.floor((i % options.villageColumns) / options.tile);
      const tileY = Math.floor(j / options.tile);
      const code = `${villageCode}${String(tileX * 20 + tileY + 1).padStart(3, '0')}`;
      if (!grids.has(code)) grids.set(code, { code, villageCode, name: `网格${grids.size + 1}` });
      const ring: Position[] = [vertex[i][j], vertex[i + 1][j], vertex[i + 1][j + 1], vertex[i][j + 1], vertex[i][j]];
      blocks.push({ id: `b${i}-${j}`, villageCode, gridCode: code, households: 10 + Math.floor(random() * 40), areaM2: polygonAreaM2([ring]), polygon: [ring] });
    }
  }
  const gridList = [...grids.values()];
  const total = blocks.reduce((sum, block) => sum + block.households, 0);
  return {
    townshipCode: '360121100',
    version: 1,
    target: { households: Math.round(total / gridList.length), tolerance: 0.25 },
    grids: gridList,
    blocks,
  };
}
