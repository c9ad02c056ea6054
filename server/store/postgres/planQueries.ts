// Reads of township plans on PostgreSQL: the plan at a version (grids and block assignments valid
// then, block shapes as stored now), the version list, and the township's balance target. Every
// function takes the connection to read on, so a save reads inside its own transaction.
import type { PolygonCoords } from '../../geo/types.ts';
import type { BalanceTarget, PlanVersionSummary, TownshipPlan } from '../../plan/types.ts';
import { DEFAULT_TOLERANCE } from '../../plan/validate.ts';
import type { Queryable } from './sql.ts';

export function polygonOf(geometryText: string): PolygonCoords {
  return (JSON.parse(geometryText) as { coordinates: PolygonCoords }).coordinates;
}

export async function currentVersion(db: Queryable, townshipCode: string): Promise<number | null> {
  const { rows } = await db.query<{ version: number | null }>('SELECT max(version) AS version FROM grid_versions WHERE township_code = $1', [
    townshipCode,
  ]);
  return rows[0]?.version ?? null;
}

/** The stored target, else the mean households per grid of the township's first version. */
export async function balanceTarget(db: Queryable, townshipCode: string, tolerance = DEFAULT_TOLERANCE): Promise<BalanceTarget> {
  const stored = await db.query<{ households: number; tolerance: number }>(
    'SELECT households, tolerance FROM plan_targets WHERE township_code = $1',
    [townshipCode],
  );
  if (stored.rows[0]) return { households: stored.rows[0].households, tolerance: stored.rows[0].tolerance };
  const { rows } = await db.query<{ mean: number | null }>(
    `SELECT avg(households)::double precision AS mean FROM grids
     WHERE township_code = $1 AND valid_from_version = (SELECT min(version) FROM grid_versions WHERE township_code = $1)`,
    [townshipCode],
  );
  const mean = rows[0]?.mean ?? null;
  return { households: mean && mean > 0 ? mean : 1, tolerance };
}

/** The plan at `version` (the current one when null); null for an unknown township or version. */
export async function selectPlan(db: Queryable, townshipCode: string, version: number | null, tolerance?: number): Promise<TownshipPlan | null> {
  const latest = await currentVersion(db, townshipCode);
  if (latest === null) return null;
  const at = version ?? latest;
  if (!Number.isInteger(at) || at < 1 || at > latest) return null;
  const grids = await db.query<{ code: string; villageCode: string; name: string }>(
    `SELECT g.code, c.village_code AS "villageCode", g.name FROM grids g JOIN grid_codes c ON c.code = g.code
     WHERE g.township_code = $1 AND g.valid_from_version <= $2 AND (g.valid_to_version IS NULL OR g.valid_to_version > $2)
     ORDER BY g.code`,
    [townshipCode, at],
  );
  const blocks = await db.query<{ id: string; village_code: string; households: number; area_m2: number; geometry: string; grid_code: string }>(
    `SELECT b.id, b.village_code, b.households, b.area_m2, b.geometry, a.grid_code
     FROM block_assignments a JOIN blocks b ON b.id = a.block_id
     WHERE a.township_code = $1 AND a.valid_from_version <= $2 AND (a.valid_to_version IS NULL OR a.valid_to_version > $2)
     ORDER BY b.id`,
    [townshipCode, at],
  );
  const inPlan = new Set(blocks.rows.map((row) => row.id));
  const all = await db.query<{ id: string }>('SELECT id FROM blocks WHERE township_code = $1 ORDER BY id', [townshipCode]);
  return {
    townshipCode,
    version: at,
    target: await balanceTarget(db, townshipCode, tolerance),
    grids: grids.rows,
    blocks: blocks.rows.map((row) => ({
      id: row.id,
      villageCode: row.village_code,
      gridCode: row.grid_code,
      households: row.households,
      areaM2: row.area_m2,
      polygon: polygonOf(row.geometry),
    })),
    retiredBlockIds: all.rows.map((row) => row.id).filter((id) => !inPlan.has(id)),
  };
}

export async function townshipExists(db: Queryable, townshipCode: string): Promise<boolean> {
  return ((await db.query('SELECT 1 FROM townships WHERE code = $1', [townshipCode])).rowCount ?? 0) > 0;
}

export async function selectVersions(db: Queryable, townshipCode: string): Promise<PlanVersionSummary[] | null> {
  if (!(await townshipExists(db, townshipCode))) return null;
  const { rows } = await db.query<{ version: number; author: string; reason: string; created_at: string; rollback_of: number | null; grid_count: number }>(
    `SELECT v.version, v.author, v.reason, v.created_at, r.restored_version AS rollback_of,
       (SELECT count(*) FROM grids g WHERE g.township_code = v.township_code AND g.valid_from_version <= v.version
          AND (g.valid_to_version IS NULL OR g.valid_to_version > v.version)) AS grid_count
     FROM grid_versions v
     LEFT JOIN plan_rollbacks r ON r.township_code = v.township_code AND r.version = v.version
     WHERE v.township_code = $1 ORDER BY v.version DESC`,
    [townshipCode],
  );
  return rows.map((row) => ({
    version: row.version,
    author: row.author,
    reason: row.reason,
    createdAt: row.created_at,
    gridCount: row.grid_count,
    rollbackOf: row.rollback_of,
  }));
}

/** Parent of every block of the township that was cut from another. */
export async function selectBlockParents(db: Queryable, townshipCode: string): Promise<Map<string, string>> {
  const { rows } = await db.query<{ id: string; parent_id: string }>(
    'SELECT id, parent_id FROM blocks WHERE township_code = $1 AND parent_id IS NOT NULL',
    [townshipCode],
  );
  return new Map(rows.map((row) => [row.id, row.parent_id]));
}

/** The village outlines of a township as stored now, as polygons. */
export async function selectVillageOutlines(db: Queryable, townshipCode: string): Promise<PolygonCoords[]> {
  const { rows } = await db.query<{ geometry: string }>('SELECT geometry FROM villages WHERE township_code = $1', [townshipCode]);
  return rows.flatMap((row) => {
    const geometry = JSON.parse(row.geometry) as { type: 'Polygon'; coordinates: PolygonCoords } | { type: 'MultiPolygon'; coordinates: PolygonCoords[] };
    return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  });
}
