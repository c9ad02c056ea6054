// The whole grid pipeline on raw layers: blocks → households → balanced grids → exact geometry →
// codes → coverage check. Pure: no I/O; progress goes to a listener.
import type { AreaUnit, Block, CuttingLine, Grid, MultiPolygonCoords, PolygonCoords } from '../geo/types.ts';
import { buildBlocks, type BlockAdjacency, type BuildBlocksStats } from '../geo/blocks.ts';
import { apportionGridCounts, partitionAll } from '../geo/partition.ts';
import { mergePolygons } from '../geo/merge.ts';
import { assignCodes, readingOrder, type GroupToNumber } from '../geo/grid-codes.ts';
import { validateCoverage, type CoverageReport } from '../geo/coverage.ts';
import { summarizeByTownship, type TownshipMetricsRow } from '../geo/metrics.ts';
import { polygonAreaM2 } from '../geo/ring.ts';
import { stageTimer, type ProgressListener } from './progress.ts';

export interface BuildGridsInput {
  /** Villages (the smallest administrative unit); parentCode names the township. */
  villages: AreaUnit[];
  lines: CuttingLine[];
  householdsForBlock: (polygon: PolygonCoords, areaM2: number) => number;
  /** Households per grid; ignored when targetGridCount is set. */
  targetHouseholds?: number;
  /** Total number of grids wanted (e.g. 1069); households per grid follows from it. */
  targetGridCount?: number;
  minBlockAreaM2?: number;
  onProgress?: ProgressListener;
}

export interface BuildGridsResult {
  blocks: Block[];
  adjacency: BlockAdjacency[];
  grids: Grid[];
  /** Each village and township as the exact union of its blocks. */
  villageGeometry: Map<string, MultiPolygonCoords>;
  townshipGeometry: Map<string, MultiPolygonCoords>;
  /** Households per grid the partition aimed at. */
  targetHouseholds: number;
  coverage: CoverageReport;
  metrics: TownshipMetricsRow[];
  blockStats: BuildBlocksStats;
  timings: Record<string, number>;
}

export function buildGrids(input: BuildGridsInput): BuildGridsResult {
  const timer = stageTimer(input.onProgress);

  const { blocks, adjacency, stats: blockStats } = timer.run('blocks', () =>
    buildBlocks({ villages: input.villages, lines: input.lines, minBlockAreaM2: input.minBlockAreaM2 }),
  );
  timer.run('households', () => {
    for (const block of blocks) block.households = Math.max(0, Math.round(input.householdsForBlock(block.polygon, block.areaM2)));
  });

  const totalHouseholds = blocks.reduce((sum, block) => sum + block.households, 0);
  const { targetHouseholds, gridCounts } = timer.run('targets', () => {
    if (input.targetGridCount !== undefined) {
      const counts = apportionGridCounts(blocks, input.targetGridCount, adjacency);
      const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
      return { targetHouseholds: Math.round(totalHouseholds / Math.max(1, total)), gridCounts: counts };
    }
    const target = input.targetHouseholds ?? 300;
    if (!(target > 0)) throw new RangeError('targetHouseholds must be > 0');
    return { targetHouseholds: target, gridCounts: undefined };
  });

  const groupsByVillage = timer.run('partition', () => partitionAll(blocks, adjacency, { targetHouseholds, gridCounts }));

  // One topology for grids, villages and townships, so all their borders share coordinates.
  const indexById = new Map(blocks.map((block, index) => [block.id, index]));
  const gridGroups: Array<{ villageCode: string; blockIds: string[] }> = [];
  for (const [villageCode, groups] of groupsByVillage) for (const blockIds of groups) gridGroups.push({ villageCode, blockIds });
  const villageCodes = [...new Set(blocks.map((block) => block.villageCode))].sort();
  const townshipCodes = [...new Set(blocks.map((block) => block.townshipCode))].sort();
  const indexGroups = [
    ...gridGroups.map((group) => group.blockIds.map((id) => indexById.get(id)!)),
    ...villageCodes.map((code) => indexesWhere(blocks, (block) => block.villageCode === code)),
    ...townshipCodes.map((code) => indexesWhere(blocks, (block) => block.townshipCode === code)),
  ];
  const merged = timer.run('merge', () => mergePolygons(blocks.map((block) => block.polygon), indexGroups));
  const gridParts = merged.slice(0, gridGroups.length);
  const villageGeometry = new Map(villageCodes.map((code, i) => [code, merged[gridGroups.length + i]]));
  const townshipGeometry = new Map(townshipCodes.map((code, i) => [code, merged[gridGroups.length + villageCodes.length + i]]));

  const grids = timer.run('codes', () => numberGrids(gridGroups, gridParts, blocks, indexById));

  const coverage = timer.run('coverage', () =>
    validateCoverage({
      areas: [...villageGeometry].map(([code, coordinates]) => ({ code, geometry: { type: 'MultiPolygon', coordinates } })),
      grids: grids.map((grid, i) => ({
        code: grid.code,
        parentCode: grid.villageCode,
        geometry: { type: 'MultiPolygon', coordinates: gridParts[i] },
      })),
    }),
  );
  const metrics = summarizeByTownship(grids.map((grid) => ({ townshipCode: grid.townshipCode, households: grid.households, polygon: grid.polygon })));

  return { blocks, adjacency, grids, villageGeometry, townshipGeometry, targetHouseholds, coverage, metrics, blockStats, timings: timer.timings };
}

function indexesWhere(blocks: Block[], predicate: (block: Block) => boolean): number[] {
  const indexes: number[] = [];
  blocks.forEach((block, index) => predicate(block) && indexes.push(index));
  return indexes;
}

function numberGrids(
  groups: Array<{ villageCode: string; blockIds: string[] }>,
  parts: MultiPolygonCoords[],
  blocks: Block[],
  indexById: Map<string, number>,
): Grid[] {
  const grids: Grid[] = new Array(groups.length);
  const byVillage = new Map<string, number[]>();
  groups.forEach((group, index) => {
    const list = byVillage.get(group.villageCode) ?? [];
    list.push(index);
    byVillage.set(group.villageCode, list);
  });
  for (const [villageCode, indexes] of byVillage) {
    const toNumber = indexes.map((i) => ({ blockIds: groups[i].blockIds, parts: parts[i] }));
    const numbered = assignCodes(villageCode, toNumber);
    const codes = numbered.valid ? numbered.codes : fallbackCodes(villageCode, toNumber);
    indexes.forEach((groupIndex, n) => {
      const groupBlocks = groups[groupIndex].blockIds.map((id) => blocks[indexById.get(id)!]);
      const polygon = parts[groupIndex][0];
      grids[groupIndex] = {
        code: codes[n],
        townshipCode: groupBlocks[0].townshipCode,
        villageCode,
        blockIds: groups[groupIndex].blockIds,
        households: groupBlocks.reduce((sum, block) => sum + block.households, 0),
        areaM2: parts[groupIndex].reduce((sum, part) => sum + polygonAreaM2(part), 0),
        polygon,
      };
    });
  }
  return grids;
}

/** Units without a 12-digit statistical code (imported data) still get stable, reading-order codes. */
function fallbackCodes(unitCode: string, groups: GroupToNumber[]): string[] {
  const codes: string[] = new Array(groups.length);
  readingOrder(groups).forEach((groupIndex, n) => (codes[groupIndex] = `${unitCode}-${String(n + 1).padStart(3, '0')}`));
  return codes;
}
