// What an export holds: per layer, the columns (CSV header, dBASE field) and the rows of an area,
// read from the store. The same table feeds CSV and Shapefile; GeoJSON uses the /api features.
import type { Feature, Point, Polygon } from 'geojson';
import type { BlockSummary, GridStore, GridSummary, IssueView } from '../store/store.ts';
import { blockFeature, gridFeature, issueFeature } from '../http/geojson.ts';
import type { DbfField } from './shapefile/dbf.ts';

export const EXPORT_LAYERS = ['grids', 'blocks', 'problems'] as const;
export type ExportLayer = (typeof EXPORT_LAYERS)[number];

export type CellValue = string | number | boolean | null;

export interface ExportColumn<R> {
  /** CSV header and GeoJSON-style property name. */
  name: string;
  /** dBASE field (name ≤ 10 characters). */
  field: DbfField;
  value(record: R): CellValue;
}

export interface ExportArea {
  townshipCode?: string;
  gridCode?: string;
}

export type ExportTable =
  | { layer: ExportLayer; kind: 'polygon'; columns: ExportColumn<unknown>[]; rows: CellValue[][]; polygons: Polygon['coordinates'][]; features: Feature[] }
  | { layer: ExportLayer; kind: 'point'; columns: ExportColumn<unknown>[]; rows: CellValue[][]; points: Point['coordinates'][]; features: Feature[] };

export type AreaCheck = { valid: true } | { valid: false; field: 'township' | 'grid'; reason: string };

const text = (name: string): DbfField => ({ name, type: 'C' });
const integer = (name: string): DbfField => ({ name, type: 'N' });
const decimal = (name: string, decimals: number): DbfField => ({ name, type: 'N', decimals });
const logical = (name: string): DbfField => ({ name, type: 'L' });
const round1 = (value: number) => Math.round(value * 10) / 10;

const GRID_COLUMNS: ExportColumn<GridSummary>[] = [
  { name: 'code', field: text('code'), value: (grid) => grid.code },
  { name: 'name', field: text('name'), value: (grid) => grid.name },
  { name: 'townshipCode', field: text('twp_code'), value: (grid) => grid.townshipCode },
  { name: 'villageCode', field: text('vil_code'), value: (grid) => grid.villageCode },
  { name: 'households', field: integer('households'), value: (grid) => grid.households },
  { name: 'areaM2', field: decimal('area_m2', 1), value: (grid) => round1(grid.areaM2) },
  { name: 'version', field: integer('version'), value: (grid) => grid.version },
  { name: 'blockCount', field: integer('block_cnt'), value: (grid) => grid.blockIds.length },
  { name: 'openRed', field: integer('open_red'), value: (grid) => grid.openIssues.red },
  { name: 'openOrange', field: integer('open_orang'), value: (grid) => grid.openIssues.orange },
  { name: 'openYellow', field: integer('open_yello'), value: (grid) => grid.openIssues.yellow },
];

const BLOCK_COLUMNS: ExportColumn<BlockSummary>[] = [
  { name: 'id', field: text('id'), value: (block) => block.id },
  { name: 'gridCode', field: text('grid_code'), value: (block) => block.gridCode },
  { name: 'villageCode', field: text('vil_code'), value: (block) => block.villageCode },
  { name: 'townshipCode', field: text('twp_code'), value: (block) => block.townshipCode },
  { name: 'households', field: integer('households'), value: (block) => block.households },
  { name: 'areaM2', field: decimal('area_m2', 1), value: (block) => round1(block.areaM2) },
];

const PROBLEM_COLUMNS: ExportColumn<IssueView>[] = [
  { name: 'id', field: integer('id'), value: (issue) => issue.id },
  { name: 'title', field: text('title'), value: (issue) => issue.title },
  { name: 'category', field: text('category'), value: (issue) => issue.category },
  { name: 'tier', field: text('tier'), value: (issue) => issue.tier },
  { name: 'status', field: text('status'), value: (issue) => issue.status },
  { name: 'stage', field: text('stage'), value: (issue) => issue.stage },
  { name: 'overdue', field: logical('overdue'), value: (issue) => issue.overdue },
  { name: 'gridCode', field: text('grid_code'), value: (issue) => issue.gridCode },
  { name: 'villageCode', field: text('vil_code'), value: (issue) => issue.villageCode },
  { name: 'townshipCode', field: text('twp_code'), value: (issue) => issue.townshipCode },
  { name: 'reportedAt', field: text('reported'), value: (issue) => issue.reportedAt },
  { name: 'deadlineAt', field: text('deadline'), value: (issue) => issue.deadlineAt },
  { name: 'closedAt', field: text('closed_at'), value: (issue) => issue.closedAt },
  { name: 'satisfaction', field: text('satisfact'), value: (issue) => issue.satisfaction },
  { name: 'responsibleUnit', field: text('resp_unit'), value: (issue) => issue.responsibleUnit },
  { name: 'longTerm', field: logical('long_term'), value: (issue) => issue.longTerm },
  { name: 'reworkCount', field: integer('rework_cnt'), value: (issue) => issue.reworkCount },
  { name: 'extensionCount', field: integer('extend_cnt'), value: (issue) => issue.extensionCount },
  { name: 'synthetic', field: logical('synthetic'), value: (issue) => issue.synthetic },
  { name: 'lon', field: decimal('lon', 7), value: (issue) => issue.lon },
  { name: 'lat', field: decimal('lat', 7), value: (issue) => issue.lat },
];

export function isExportLayer(name: string): name is ExportLayer {
  return (EXPORT_LAYERS as readonly string[]).includes(name);
}

/** Both codes must name something that exists; a grid outside the named township is refused too. */
export async function checkArea(store: GridStore, area: ExportArea): Promise<AreaCheck> {
  if (area.townshipCode !== undefined) {
    const townships = await store.listTownships();
    if (!townships.some((township) => township.code === area.townshipCode)) return { valid: false, field: 'township', reason: `no township ${area.townshipCode}` };
  }
  if (area.gridCode !== undefined) {
    const grid = await store.getGrid(area.gridCode);
    if (!grid) return { valid: false, field: 'grid', reason: `no current grid ${area.gridCode}` };
    if (area.townshipCode !== undefined && grid.townshipCode !== area.townshipCode) {
      return { valid: false, field: 'grid', reason: `grid ${area.gridCode} is not in township ${area.townshipCode}` };
    }
  }
  return { valid: true };
}

function rowsOf<R>(columns: ExportColumn<R>[], records: R[]): CellValue[][] {
  return records.map((record) => columns.map((column) => column.value(record)));
}

async function gridsOf(store: GridStore, area: ExportArea): Promise<GridSummary[]> {
  if (area.gridCode !== undefined) {
    const grid = await store.getGrid(area.gridCode);
    return grid ? [grid] : [];
  }
  return (await store.listGrids({ townshipCode: area.townshipCode })) ?? [];
}

async function blocksOf(store: GridStore, area: ExportArea): Promise<BlockSummary[]> {
  let townshipCodes: string[];
  if (area.gridCode !== undefined) {
    const grid = await store.getGrid(area.gridCode);
    townshipCodes = grid ? [grid.townshipCode] : [];
  } else if (area.townshipCode !== undefined) townshipCodes = [area.townshipCode];
  else townshipCodes = (await store.listTownships()).map((township) => township.code);
  const blocks: BlockSummary[] = [];
  for (const code of townshipCodes) blocks.push(...((await store.listBlocks({ townshipCode: code })) ?? []));
  return area.gridCode === undefined ? blocks : blocks.filter((block) => block.gridCode === area.gridCode);
}

/** The layer's table for an area that passed `checkArea`. */
export async function exportTable(store: GridStore, layer: ExportLayer, area: ExportArea): Promise<ExportTable> {
  switch (layer) {
    case 'grids': {
      const grids = await gridsOf(store, area);
      return {
        layer,
        kind: 'polygon',
        columns: GRID_COLUMNS as ExportColumn<unknown>[],
        rows: rowsOf(GRID_COLUMNS, grids),
        polygons: grids.map((grid) => grid.polygon),
        features: grids.map(gridFeature),
      };
    }
    case 'blocks': {
      const blocks = await blocksOf(store, area);
      return {
        layer,
        kind: 'polygon',
        columns: BLOCK_COLUMNS as ExportColumn<unknown>[],
        rows: rowsOf(BLOCK_COLUMNS, blocks),
        polygons: blocks.map((block) => block.polygon),
        features: blocks.map(blockFeature),
      };
    }
    case 'problems': {
      const issues = await store.exportIssues({ townshipCode: area.townshipCode, gridCode: area.gridCode });
      return {
        layer,
        kind: 'point',
        columns: PROBLEM_COLUMNS as ExportColumn<unknown>[],
        rows: rowsOf(PROBLEM_COLUMNS, issues),
        points: issues.map((issue) => [issue.lon, issue.lat]),
        features: issues.map(issueFeature),
      };
    }
  }
}
