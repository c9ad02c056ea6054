// Reads of township plans: the plan at a version (grids and block assignments valid then, block
// shapes as stored now), the version list, and the township's balance target.
import type { Database } from 'better-sqlite3';
import type { PolygonCoords } from '../../geo/types.ts';
import type { BalanceTarget, PlanVersionSummary, TownshipPlan } from '../../plan/types.ts';
import { DEFAULT_TOLERANCE } from '../../plan/validate.ts';

export function polygonOf(geometryText: string): PolygonCoords {
  return (JSON.parse(geometryText) as { coordinates: PolygonCoords }).coordinates;
}

export function currentVersion(db: Database, townshipCode: string): number | null {
  const row = db.prepare('SELECT max(version) AS version FROM grid_versions WHERE township_code = ?').get(townshipCode) as
    | { version: number | null }
    | undefined;
  return row?.version ?? null;
}

/** The stored target, else the mean households per grid of the township's first version. */
export function balanceTarget(db: Database, townshipCode: string, tolerance = DEFAULT_TOLERANCE): BalanceTarget {
  const stored = db.prepare('SELECT households, tolerance FROM plan_targets WHERE township_code = ?').get(townshipCode) as
    | { households: number; tolerance: number }
    | undefined;
  if (stored) return { households: stored.households, tolerance: stored.tolerance };
  const first = db
    .prepare(
      `SELECT avg(households) AS mean FROM grids
       WHERE township_code = ? AND valid_from_version = (SELECT min(version) FROM grid_versions WHERE township_code = ?)`,
    )
    .get(townshipCode, townshipCode) as { mean: number | null };
  return { households: first.mean && first.mean > 0 ? first.mean : 1, tolerance };
}

/** The plan at `version` (the current one when null); null for an unknown township or version. */
export function selectPlan(db: Database, townshipCode: string, version: number | null, tolerance?: number): TownshipPlan | null {
  const latest = currentVersion(db, townshipCode);
  if (latest === null) return null;
  const at = version ?? latest;
  if (!Number.isInteger(at) || at < 1 || at > latest) return null;
  const grids = db
    .prepare(
      `SELECT g.code, c.village_code AS villageCode, g.name FROM grids g JOIN grid_codes c ON c.code = g.code
       WHERE g.township_code = @township AND g.valid_from_version <= @version
         AND (g.valid_to_version IS NULL OR g.valid_to_version > @version)
       ORDER BY g.code`,
    )
    .all({ township: townshipCode, version: at }) as Array<{ code: string; villageCode: string; name: string }>;
  const rows = db
    .prepare(
      `SELECT b.id, b.village_code, b.households, b.area_m2, b.geometry, a.grid_code
       FROM block_assignments a JOIN blocks b ON b.id = a.block_id
       WHERE a.township_code = @township AND a.valid_from_version <= @version
         AND (a.valid_to_version IS NULL OR a.valid_to_version > @version)
       ORDER BY b.id`,
    )
    .all({ township: townshipCode, version: at }) as Array<{
    id: string; village_code: string; households: number; area_m2: number; geometry: string; grid_code: string;
  }>;
  const inPlan = new Set(rows.map((row) => row.id));
  const retiredBlockIds = (db.prepare('SELECT id FROM blocks WHERE township_code = ? ORDER BY id').all(townshipCode) as Array<{ id: string }>)
    .map((row) => row.id)
    .filter((id) => !inPlan.has(id));
  return {
    townshipCode,
    version: at,
    target: balanceTarget(db, townshipCode, tolerance),
    grids,
    blocks: rows.map((row) => ({
      id: row.id,
      villageCode: row.village_code,
      gridCode: row.grid_code,
      households: row.households,
      areaM2: row.area_m2,
      polygon: polygonOf(row.geometry),
    })),
    retiredBlockIds,
  };
}

export function selectVersions(db: Database, townshipCode: string): PlanVersionSummary[] | null {
  if (!db.prepare('SELECT 1 FROM townships WHERE code = ?').get(townshipCode)) return null;
  const rows = db
    .prepare(
      `SELECT v.version, v.author, v.reason, v.created_at, r.restored_version AS rollback_of,
         (SELECT count(*) FROM grids g WHERE g.township_code = v.township_code AND g.valid_from_version <= v.version
            AND (g.valid_to_version IS NULL OR g.valid_to_version > v.version)) AS grid_count
       FROM grid_versions v
       LEFT JOIN plan_rollbacks r ON r.township_code = v.township_code AND r.version = v.version
       WHERE v.township_code = ? ORDER BY v.version DESC`,
    )
    .all(townshipCode) as Array<{ version: number; author: string; reason: string; created_at: string; rollback_of: number | null; grid_count: number }>;
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
export function selectBlockParents(db: Database, townshipCode: string): Map<string, string> {
  const rows = db.prepare('SELECT id, parent_id FROM blocks WHERE township_code = ? AND parent_id IS NOT NULL').all(townshipCode) as Array<{
    id: string; parent_id: string;
  }>;
  return new Map(rows.map((row) => [row.id, row.parent_id]));
}

/** The village outlines of a township as stored now, as polygons. */
export function selectVillageOutlines(db: Database, townshipCode: string): PolygonCoords[] {
  const rows = db.prepare('SELECT geometry FROM villages WHERE township_code = ?').all(townshipCode) as Array<{ geometry: string }>;
  return rows.flatMap((row) => {
    const geometry = JSON.parse(row.geometry) as { type: 'Polygon'; coordinates: PolygonCoords } | { type: 'MultiPolygon'; coordinates: PolygonCoords[] };
    return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  });
}
