// PlanStore on the PostgreSQL database of a PostgresGridStore. Every save runs through the grid
// store's writer: one transaction that first locks the store_meta row, which every write of every
// instance on the database locks first too. Saves are thereby serialised across instances (per
// township and beyond), and the base-version check reads the plan inside that transaction, after
// the lock: of two saves on one base, from one instance or two, exactly one wins.
import type pg from 'pg';
import type { PlanChangeset, PlanDiff, PlanSaveResult, PlanVersionSummary, RebalanceProposal, TownshipPlan } from '../../plan/types.ts';
import { applyEdits } from '../../plan/apply.ts';
import { diffPlans } from '../../plan/diff.ts';
import { proposeRebalance } from '../../plan/rebalance.ts';
import { restoreShapes } from '../../plan/restore.ts';
import { PlanError, planChanges, refuseInvalidPlan, type PlanStore, type RebalanceRequest, type RollbackCommand } from '../plan.ts';
import { selectBlockParents, selectPlan, selectVersions, selectVillageOutlines, townshipExists } from './planQueries.ts';
import { writePlanVersion, type PlanVersionWritten } from './planWrite.ts';
import type { Queryable } from './sql.ts';

export interface PostgresPlanOptions {
  now: () => Date;
  /** Runs work in one transaction (after the store-wide write lock) and moves the data version if it commits. */
  write: <T>(work: (db: Queryable) => Promise<T>) => Promise<T>;
  /** Balance tolerance of townships without a stored target (0.25 when absent). */
  tolerance?: number;
}

export class PostgresPlanStore implements PlanStore {
  readonly #pool: pg.Pool;
  readonly #options: PostgresPlanOptions;
  /**
   * Current plans as last read or written, valid while the plan revision stays the same (any save,
   * from any instance, moves it). Plans are never mutated, so sharing them is safe.
   */
  readonly #current = new Map<string, { revision: number; plan: TownshipPlan }>();

  constructor(pool: pg.Pool, options: PostgresPlanOptions) {
    this.#pool = pool;
    this.#options = options;
  }

  getPlan(townshipCode: string): Promise<TownshipPlan | null> {
    return this.#currentPlan(this.#pool, townshipCode);
  }

  async #currentPlan(db: Queryable, townshipCode: string): Promise<TownshipPlan | null> {
    const revision = await revisionOf(db);
    const cached = this.#current.get(townshipCode);
    if (cached && cached.revision === revision) return cached.plan;
    const plan = await selectPlan(db, townshipCode, null, this.#options.tolerance);
    if (plan) this.#remember(revision, plan);
    else this.#current.delete(townshipCode);
    return plan;
  }

  #remember(revision: number, plan: TownshipPlan): void {
    // A few townships at a time: planners work on one or two.
    if (this.#current.size >= 4 && !this.#current.has(plan.townshipCode)) this.#current.delete(this.#current.keys().next().value!);
    this.#current.set(plan.townshipCode, { revision, plan });
  }

  /** Runs a plan write in one transaction and, once it committed, remembers the plan it stored. */
  async #writeVersion(work: (db: Queryable) => Promise<PlanVersionWritten>): Promise<PlanSaveResult> {
    const stored: { revision?: number; plan?: TownshipPlan } = {};
    const result = await this.#options.write(async (db) => {
      const written = await work(db);
      stored.revision = await revisionOf(db);
      stored.plan = written.plan;
      return written.result;
    });
    if (stored.plan && stored.revision !== undefined) this.#remember(stored.revision, stored.plan);
    return result;
  }

  getPlanAt(townshipCode: string, version: number): Promise<TownshipPlan | null> {
    return selectPlan(this.#pool, townshipCode, version, this.#options.tolerance);
  }

  listVersions(townshipCode: string): Promise<PlanVersionSummary[] | null> {
    return selectVersions(this.#pool, townshipCode);
  }

  planRevision(): Promise<number> {
    return revisionOf(this.#pool);
  }

  /** The current plan, read inside the write transaction; refuses a stale base. */
  async #currentFor(db: Queryable, townshipCode: string, baseVersion: number): Promise<TownshipPlan> {
    const current = await this.#currentPlan(db, townshipCode);
    if (!current) throw new PlanError('unknown_township', 'township', `no township ${townshipCode}`);
    if (baseVersion !== current.version) {
      throw new PlanError('stale_base', 'baseVersion', `the plan is at version ${current.version}, not ${baseVersion}`, {
        currentVersion: current.version,
      });
    }
    return current;
  }

  saveChangeset(townshipCode: string, changeset: PlanChangeset): Promise<PlanSaveResult> {
    return this.#writeVersion(async (db) => {
      const current = await this.#currentFor(db, townshipCode, changeset.baseVersion);
      const applied = applyEdits(current, changeset.edits);
      if (!applied.valid) {
        const first = applied.problems[0];
        throw new PlanError('invalid', `edits.${first.edit}.${first.field}`, first.reason, { problems: applied.problems });
      }
      refuseInvalidPlan(applied.plan);
      if (!planChanges(current, applied.plan)) throw new PlanError('invalid', 'edits', 'the changeset changes nothing');
      const parentOf = new Map<string, string>();
      for (const split of applied.splits) for (const id of split.pieceIds) parentOf.set(id, split.blockId);
      return writePlanVersion(db, {
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

  async diff(townshipCode: string, from: number, to: number): Promise<PlanDiff> {
    if (!(await townshipExists(this.#pool, townshipCode))) throw new PlanError('unknown_township', 'township', `no township ${townshipCode}`);
    const before = await this.getPlanAt(townshipCode, from);
    if (!before) throw new PlanError('unknown_version', 'from', `township ${townshipCode} has no version ${from}`);
    const after = await this.getPlanAt(townshipCode, to);
    if (!after) throw new PlanError('unknown_version', 'to', `township ${townshipCode} has no version ${to}`);
    return diffPlans(before, after);
  }

  rollback(townshipCode: string, command: RollbackCommand): Promise<PlanSaveResult> {
    return this.#writeVersion(async (db) => {
      const current = await this.#currentFor(db, townshipCode, command.baseVersion);
      if (!Number.isInteger(command.toVersion) || command.toVersion < 1 || command.toVersion >= current.version) {
        throw new PlanError('unknown_version', 'toVersion', `roll back to a version from 1 to ${current.version - 1}`);
      }
      const target = (await selectPlan(db, townshipCode, command.toVersion, this.#options.tolerance))!;
      const restored = restoreShapes(target, current, await selectBlockParents(db, townshipCode), await selectVillageOutlines(db, townshipCode));
      refuseInvalidPlan(restored);
      return writePlanVersion(db, {
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

  async proposeRebalance(townshipCode: string, request: RebalanceRequest): Promise<RebalanceProposal> {
    const current = await this.getPlan(townshipCode);
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

/** Moves with every saved plan version of any township (versions are never deleted). */
async function revisionOf(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*) AS n FROM grid_versions');
  return rows[0].n;
}
