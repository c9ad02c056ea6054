// Pure steps of writing a plan version, shared by the SQLite and PostgreSQL plan stores: what the
// save answers and the plan as stored afterwards, blocks grouped by grid, and the block nearest a
// point (a problem that sits exactly on no block after a split keeps to the closest one).
import type { PolygonCoords } from '../geo/types.ts';
import { ringCentroid } from '../geo/block-graph.ts';
import type { PlanBlock, PlanGrid, PlanSaveResult, TownshipPlan } from './types.ts';

export function geometryText(polygon: PolygonCoords): string {
  return JSON.stringify({ type: 'Polygon', coordinates: polygon });
}

export function blocksOfGrids(plan: TownshipPlan): Map<string, PlanBlock[]> {
  const result = new Map<string, PlanBlock[]>();
  for (const block of plan.blocks) {
    const list = result.get(block.gridCode);
    if (list) list.push(block);
    else result.set(block.gridCode, [block]);
  }
  return result;
}

export function nearestBlock(blocks: PlanBlock[], lon: number, lat: number): PlanBlock {
  let best = blocks[0], bestDistance = Infinity;
  for (const block of blocks) {
    const [x, y] = ringCentroid(block.polygon[0]);
    const distance = (x - lon) ** 2 + (y - lat) ** 2;
    if (distance < bestDistance) (best = block), (bestDistance = distance);
  }
  return best;
}

export interface SavedPlanInput {
  township: string;
  version: number;
  /** The validated plan, new grids still under provisional `new:` codes. */
  after: TownshipPlan;
  /** Issued code by provisional code. */
  finalCode: Map<string, string>;
  changedGrids: string[];
  createdGrids: string[];
  retiredGrids: string[];
  relocatedIssues: number;
  storedGrids: PlanGrid[];
}

const byCode = (x: { code: string }, y: { code: string }) => (x.code < y.code ? -1 : x.code > y.code ? 1 : 0);
const byId = (x: { id: string }, y: { id: string }) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);

/** The save's answer and the plan as now stored (issued codes, sorted grids and blocks). */
export function savedPlan(input: SavedPlanInput): { result: PlanSaveResult; plan: TownshipPlan } {
  const { after, finalCode, version } = input;
  const newCodes: Record<string, string> = {};
  for (const [provisionalCode, issued] of finalCode) newCodes[provisionalCode.slice('new:'.length)] = issued;
  const result: PlanSaveResult = {
    townshipCode: input.township,
    version,
    newCodes,
    changedGrids: [...input.changedGrids].sort(),
    createdGrids: [...input.createdGrids].sort(),
    retiredGrids: [...input.retiredGrids].sort(),
    relocatedIssues: input.relocatedIssues,
  };
  const blocks = after.blocks.map((block) => {
    const issued = finalCode.get(block.gridCode);
    return issued === undefined ? block : { ...block, gridCode: issued };
  });
  return { result, plan: { ...after, version, grids: [...input.storedGrids].sort(byCode), blocks: blocks.sort(byId) } };
}
