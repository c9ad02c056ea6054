// Problem tiles from the column store: `issues` draws one point per problem, `issue-cells` one point
// per occupied cell of a 64×64 grid over the tile (the cell is the tile at z+6 below it), at the
// centroid of its problems. Both report the earliest deadline that would turn one of their problems
// overdue, after which the tile is cut again.
import type { TileAddress } from './coordinates.ts';
import { STATUSES, TIERS, type IssueColumns } from './issue-columns.ts';
import { TILE_BUFFER, TILE_EXTENT, type VtFeature } from './vt.ts';

export const CELLS_PER_SIDE = 64;

export interface IssueTileFeatures {
  features: VtFeature[];
  /** Epoch ms after which a problem of the tile turns overdue; null when none will. */
  changesAfter: number | null;
}

/** [minX, minY, maxX, maxY] of a tile in world coordinates, grown by `margin` tile widths. */
function worldBox({ z, x, y }: TileAddress, margin: number): [number, number, number, number] {
  const n = 2 ** z;
  return [(x - margin) / n, (y - margin) / n, (x + 1 + margin) / n, (y + 1 + margin) / n];
}

class DeadlineWatch {
  earliest: number | null = null;
  constructor(readonly now: number) {}
  /** Whether the problem is overdue now; remembers when an open one on time will become so. */
  overdue(columns: IssueColumns, position: number): boolean {
    if (columns.status[position] !== 0) return false;
    const deadline = columns.deadline[position];
    if (deadline < this.now) return true;
    if (this.earliest === null || deadline < this.earliest) this.earliest = deadline;
    return false;
  }
}

export function issuePointFeatures(countyColumns: readonly IssueColumns[], address: TileAddress, now: number): IssueTileFeatures {
  const { z, x, y } = address;
  const n = 2 ** z;
  const [minX, minY, maxX, maxY] = worldBox(address, TILE_BUFFER / TILE_EXTENT);
  const watch = new DeadlineWatch(now);
  const found: Array<{ id: number; feature: VtFeature }> = [];
  for (const columns of countyColumns) {
    columns.forEachIn(minX, minY, maxX, maxY, (position) => {
      const id = columns.id[position];
      found.push({
        id,
        feature: {
          id,
          type: 1,
          geometry: [[Math.round((columns.worldX[position] * n - x) * TILE_EXTENT), Math.round((columns.worldY[position] * n - y) * TILE_EXTENT)]],
          tags: {
            id,
            tier: TIERS[columns.tier[position]],
            status: STATUSES[columns.status[position]],
            overdue: watch.overdue(columns, position),
            category: columns.categories.names[columns.category[position]],
            gridCode: columns.gridCodes.names[columns.grid[position]],
            townshipCode: columns.townshipCodes.names[columns.township[position]],
          },
        },
      });
    });
  }
  // By id: the same tile whatever order the columns were filled in.
  found.sort((a, b) => a.id - b.id);
  return { features: found.map(({ feature }) => feature), changesAfter: watch.earliest };
}

export function issueCellFeatures(countyColumns: readonly IssueColumns[], address: TileAddress, now: number): IssueTileFeatures {
  const { z, x, y } = address;
  const cells = CELLS_PER_SIDE * CELLS_PER_SIDE;
  const scale = 2 ** z * CELLS_PER_SIDE;
  const count = new Uint32Array(cells), open = new Uint32Array(cells), overdue = new Uint32Array(cells);
  const openByTier = [new Uint32Array(cells), new Uint32Array(cells), new Uint32Array(cells)];
  const sumX = new Float64Array(cells), sumY = new Float64Array(cells);
  const watch = new DeadlineWatch(now);
  const [minX, minY, maxX, maxY] = worldBox(address, 0);
  const firstColumn = x * CELLS_PER_SIDE, firstRow = y * CELLS_PER_SIDE;
  for (const columns of countyColumns) {
    columns.forEachIn(minX, minY, maxX, maxY, (position) => {
      // The cell is the tile at z+6 holding the point, found the way tileOf rounds.
      const column = Math.floor(columns.worldX[position] * scale) - firstColumn;
      const row = Math.floor(columns.worldY[position] * scale) - firstRow;
      if (column < 0 || column >= CELLS_PER_SIDE || row < 0 || row >= CELLS_PER_SIDE) return;
      const cell = row * CELLS_PER_SIDE + column;
      count[cell]++;
      sumX[cell] += columns.worldX[position];
      sumY[cell] += columns.worldY[position];
      if (columns.status[position] === 0) {
        open[cell]++;
        openByTier[columns.tier[position]][cell]++;
      }
      if (watch.overdue(columns, position)) overdue[cell]++;
    });
  }
  const n = 2 ** z;
  const features: VtFeature[] = [];
  for (let cell = 0; cell < cells; cell++) {
    if (count[cell] === 0) continue;
    features.push({
      type: 1,
      geometry: [[Math.round(((sumX[cell] / count[cell]) * n - x) * TILE_EXTENT), Math.round(((sumY[cell] / count[cell]) * n - y) * TILE_EXTENT)]],
      tags: {
        count: count[cell],
        open: open[cell],
        openRed: openByTier[0][cell],
        openOrange: openByTier[1][cell],
        openYellow: openByTier[2][cell],
        overdue: overdue[cell],
      },
    });
  }
  return { features, changesAfter: watch.earliest };
}
