// The parts of a plan write that reach beyond the township's own rows: vertices a split added on a
// shared border, copied to the shapes outside the plan that share the edge, and open problems moved
// to the grid that now holds their point.
import type { PolygonCoords, Position } from '../../geo/types.ts';
import type { TownshipPlan } from '../../plan/types.ts';
import type { BorderInsertion } from '../../plan/apply.ts';
import { insertEdgePoints, polygonBBox } from '../../geo/split-topology.ts';
import { pointInPolygon } from '../../geo/ring.ts';
import type { Queryable } from './sql.ts';
import { nearestBlock } from '../../plan/saved-plan.ts';

function positionText(position: Position): string {
  return `[${JSON.stringify(position[0])},${JSON.stringify(position[1])}]`;
}

/**
 * Shapes outside the edited township's blocks that share a border edge a split added vertices to:
 * other townships' blocks and current grids, and the village, township and county outlines. Their
 * outline does not move; they only gain the vertices, so shared borders stay identical.
 */
export async function applyOutsideInsertions(db: Queryable, township: string, all: BorderInsertion[]): Promise<void> {
  const onVillageBorder = all.filter((insertion) => insertion.sharedWith !== 'village');
  const onTownshipBorder = all.filter((insertion) => insertion.sharedWith === 'none');
  // Current grids are unique by code, so (code, current) names one row as SQLite's rowid would.
  const targets: Array<{ table: string; key: string; extra: string; township: boolean; insertions: BorderInsertion[] }> = [
    { table: 'blocks', key: 'id', extra: 'AND township_code <> $3', township: true, insertions: onTownshipBorder },
    { table: 'grids', key: 'code', extra: 'AND township_code <> $3 AND valid_to_version IS NULL', township: true, insertions: onTownshipBorder },
    { table: 'villages', key: 'code', extra: '', township: false, insertions: onVillageBorder },
    { table: 'townships', key: 'code', extra: '', township: false, insertions: onTownshipBorder },
    { table: 'counties', key: 'code', extra: '', township: false, insertions: onTownshipBorder },
  ];
  for (const target of targets) {
    const { insertions } = target;
    if (insertions.length === 0) continue;
    const candidates = new Map<string, string>();
    for (const insertion of insertions) {
      const { rows } = await db.query<{ key: string; geometry: string }>(
        `SELECT ${target.key} AS key, geometry FROM ${target.table} WHERE strpos(geometry, $1) > 0 AND strpos(geometry, $2) > 0 ${target.extra}`,
        [positionText(insertion.from), positionText(insertion.to), ...(target.township ? [township] : [])],
      );
      for (const row of rows) candidates.set(row.key, candidates.get(row.key) ?? row.geometry);
    }
    const current = target.table === 'grids' ? ' AND valid_to_version IS NULL' : '';
    for (const [key, text] of candidates) {
      const geometry = JSON.parse(text) as { type: 'Polygon'; coordinates: PolygonCoords } | { type: 'MultiPolygon'; coordinates: PolygonCoords[] };
      let changed = false;
      if (geometry.type === 'Polygon') {
        const updated = insertEdgePoints(geometry.coordinates, insertions);
        if (updated) (geometry.coordinates = updated), (changed = true);
      } else {
        geometry.coordinates = geometry.coordinates.map((part) => {
          const updated = insertEdgePoints(part, insertions);
          if (updated) changed = true;
          return updated ?? part;
        });
      }
      if (changed) await db.query(`UPDATE ${target.table} SET geometry = $1 WHERE ${target.key} = $2${current}`, [JSON.stringify(geometry), key]);
    }
  }
}

/** Moves open problems of reshaped or retired grids to the grid whose block holds their point. */
export async function relocateIssues(
  db: Queryable,
  township: string,
  after: TownshipPlan,
  code: (provisional: string) => string,
  affected: Set<string>,
): Promise<number> {
  if (affected.size === 0) return 0;
  const { rows: issues } = await db.query<{ id: number; lon: number; lat: number; current_grid_code: string }>(
    `SELECT id, lon, lat, current_grid_code FROM issues
     WHERE township_code = $1 AND status = 'open' AND current_grid_code = ANY($2::text[]) ORDER BY id`,
    [township, [...affected]],
  );
  if (issues.length === 0) return 0;
  const boxes = after.blocks.map((block) => polygonBBox(block.polygon));
  const moves = { ids: [] as number[], grids: [] as string[] };
  for (const issue of issues) {
    let home: string | null = null;
    for (let index = 0; index < after.blocks.length && home === null; index++) {
      const box = boxes[index];
      if (issue.lon < box[0] || issue.lon > box[2] || issue.lat < box[1] || issue.lat > box[3]) continue;
      if (pointInPolygon(issue.lon, issue.lat, after.blocks[index].polygon)) home = code(after.blocks[index].gridCode);
    }
    // A point on a border or in a rounding gap goes to the grid of the nearest block.
    if (home === null) home = code(nearestBlock(after.blocks, issue.lon, issue.lat).gridCode);
    if (home !== issue.current_grid_code) {
      moves.ids.push(issue.id);
      moves.grids.push(home);
    }
  }
  // One statement for every move: a reshaped grid may hold thousands of open problems.
  if (moves.ids.length > 0) {
    await db.query(
      'UPDATE issues SET current_grid_code = m.grid FROM unnest($1::integer[], $2::text[]) AS m(id, grid) WHERE issues.id = m.id',
      [moves.ids, moves.grids],
    );
  }
  return moves.ids.length;
}

