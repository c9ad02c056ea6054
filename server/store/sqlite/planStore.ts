// PlanStore on the SQLite database of a SqliteGridStore: every save runs through the grid store's
// writer (one immediate transaction, data version bumped on commit), and the base-version check
// happens inside that transaction, so of two saves on one base exactly one wins.
import type { Database } from 'better-sqlite3';
import type { PlanChangeset, PlanDiff, PlanSaveResult, PlanVersionSummary, RebalanceProposal, TownshipPlan } from '../../plan/types.ts';
import { applyEdits } from '../../plan/apply.ts';
import { diffPlans } from '../../plan/diff.ts';
import { proposeRebalance } from '../../plan/rebalance.ts';
import { PlanError, planChanges, refuseInvalidPlan, type PlanStore, type RebalanceRequest, type RollbackCommand } from '../plan.ts';
import { selectBlockParents, selectPlan, selectVersions, selectVillageOutlines } from './planQueries.ts';
import { restoreShapes } from '../../plan/restore.ts';
import { writePlanVersion, type PlanVersionWritten } from './planWrite.ts';

export interface SqlitePlanOptions {
  now: () => Date;
  /** Runs work in one immediate transaction and bumps the data version if it commits. */
  write: <T>(work: () => T) => T;
  /** Balance tolerance of townships without a stored target (0.25 when absent). */
  tolerance?: number;
}

export class SqlitePlanStore implements PlanStore {
  readonly #db: Database;
  readonly #options: SqlitePlanOptions;
  /**
   * Current plans as last read or written, valid while the plan revision stays the same (any save,
   * from any connection, moves it). Plans are never mutated, so sharing them is safe; keeping the
   * block polygons' identity also keeps the adjacency cache of the validator warm.
   */
  readonly #current = new Map<string, { revision: number; plan: TownshipPlan }>();

  constructor(db: Database, options: SqlitePlanOptions) {
    this.#db = db;
    this.#options = options;
  }

  getPlan(townshipCode: string): TownshipPlan | null {
    const revision = this.planRevision();
    const cached = this.#current.get(townshipCode);
    if (cached && cached.revision === revision) return cached.plan;
    const plan = selectPlan(this.#db, townshipCode, null, this.#options.tolerance);
    if (plan) this.#remember(revision, plan);
    else this.#current.delete(townshipCode);
    return plan;
  }

  #remember(revision: number, plan: TownshipPlan): void {
    // A few townships at a time: planners work on one or two.
    if (this.#current.size >= 4 && !this.#current.has(plan.townshipCode)) this.#current.delete(this.#current.keys().next().value!);
    this.#current.set(plan.townshipCode, { revision, plan });
  }

  /**
   * Runs a plan write in one transaction and, once it committed, remembers the plan it stored
   * under the revision read inside that transaction (moved by exactly this write).
   */
  #writeVersion(work: () => PlanVersionWritten): PlanSaveResult {
    const stored: { revision?: number; plan?: TownshipPlan } = {};
    const result = this.#options.write(() => {
      const written = work();
      stored.revision = this.planRevision();
      stored.plan = written.plan;
      return written.result;
    });
    if (stored.plan && stored.revision !== undefined) this.#remember(stored.revision, stored.plan);
    return result;
  }

  getPlanAt(townshipCode: string, version: number): TownshipPlan | null {
    return selectPlan(this.#db, townshipCode, version, this.#options.tolerance);
  }

  listVersions(townshipCode: string): PlanVersionSummary[] | null {
    return selectVersions(this.#db, townshipCode);
  }

  planRevision(): number {
    return (this.#db.prepare('SELECT count(*) AS n FROM grid_versions').get() as { n: number }).n;
  }

  /** The current plan, inside the write transaction; refuses a stale base. */
  #currentFor(townshipCode: string, baseVersion: number): TownshipPlan {
    const current = this.getPlan(townshipCode);
    if (!current) throw new PlanError('unknown_township', 'township', `no township ${townshipCode}`);
    if (baseVersion !== current.version) {
      throw new PlanError('stale_base', 'baseVersion', `the plan is at version ${current.version}, not ${baseVersion}`, {
        currentVersion: current.version,
      });
    }
    return current;
  }

  saveChangeset(townshipCode: string, changeset: PlanChangeset): PlanSaveResult {
    return this.#writeVersion(() => {
      const current = this.#currentFor(townshipCode, changeset.baseVersion);
      const applied = applyEdits(current, changeset.edits);
      if (!applied.valid) {
        const first = applied.problems[0];
        throw new PlanError('invalid', `edits.${first.edit}.${first.field}`, first.reason, { problems: applied.problems });
      }
      refuseInvalidPlan(applied.plan);
      if (!planChanges(current, applied.plan)) throw new PlanError('invalid', 'edits', 'the changeset changes nothing');
      const parentOf = new Map<string, string>();
      for (const split of applied.splits) for (const id of split.pieceIds) parentOf.set(id, split.blockId);
      return writePlanVersion(this.#db, {
        before: current,
        after: applied.plan,
        author: changeset.author,
        reason: changeset.reason,
        createdAt: this.#options.now().toISOString(),
        rollbackOf: null,
        parentOf,
        borderInsertions: applied.borderInsertions,
      });
    });
  }

  diff(townshipCode: string, from: number, to: number): PlanDiff {
    if (!this.#db.prepare('SELECT 1 FROM townships WHERE code = ?').get(townshipCode)) {
      throw new PlanError('unknown_township', 'township', `no township ${townshipCode}`);
    }
    const before = this.getPlanAt(townshipCode, from);
    if (!before) throw new PlanError('unknown_version', 'from', `township ${townshipCode} has no version ${from}`);
    const after = this.getPlanAt(townshipCode, to);
    if (!after) throw new PlanError('unknown_version', 'to', `township ${townshipCode} has no version ${to}`);
    return diffPlans(before, after);
  }

  rollback(townshipCode: string, command: RollbackCommand): PlanSaveResult {
    return this.#writeVersion(() => {
      const current = this.#currentFor(townshipCode, command.baseVersion);
      if (!Number.isInteger(command.toVersion) || command.toVersion < 1 || command.toVersion >= current.version) {
        throw new PlanError('unknown_version', 'toVersion', `roll back to a version from 1 to ${current.version - 1}`);
      }
      const target = this.getPlanAt(townshipCode, command.toVersion)!;
      const restored = restoreShapes(target, current, selectBlockParents(this.#db, townshipCode), selectVillageOutlines(this.#db, townshipCode));
      refuseInvalidPlan(restored);
      return writePlanVersion(this.#db, {
        before: current,
        after: restored,
        author: command.author,
        reason: command.reason,
        createdAt: this.#options.now().toISOString(),
        rollbackOf: command.toVersion,
        parentOf: new Map(),
        borderInsertions: [],
      });
    });
  }

  proposeRebalance(townshipCode: string, request: RebalanceRequest): RebalanceProposal {
    const current = this.getPlan(townshipCode);
    if (!current) throw new PlanError('unknown_township', 'township', `no township ${townshipCode}`);
    if (request.baseVersion !== undefined && request.baseVersion !== current.version) {
      throw new PlanError('stale_base', 'baseVersion', `the plan is at version ${current.version}, not ${request.baseVersion}`, {
        currentVersion: current.version,
      });
    }
    const result = proposeRebalance(current, { targetHouseholds: request.targetHouseholds });
    if (!result.valid) throw new PlanError('invalid', 'target', result.reason);
    return result.proposal;
  }
}
