// Storage interface of grid-plan editing, kept apart from GridStore so a backend can offer it or not.
// A save is one transaction: the changeset is re-validated against the stored plan, a stale base
// version is refused, and the new version (grids, block assignments, split blocks, problems' current
// grids) commits as a whole or not at all.
import type { Awaitable, GridStore } from './store.ts';
import { validatePlan } from '../plan/validate.ts';
import type {
  PlanChangeset, PlanDiff, PlanProblem, PlanSaveResult, PlanVersionSummary, RebalanceProposal, TownshipPlan,
} from '../plan/types.ts';

export interface RollbackCommand {
  toVersion: number;
  baseVersion: number;
  author: string;
  reason: string;
}

export interface RebalanceRequest {
  /** Refused as stale when given and not the current version. */
  baseVersion?: number;
  /** Households per grid; the township's target when absent. */
  targetHouseholds?: number;
}

export interface PlanStore {
  /** The current plan; null when the township code is unknown. */
  getPlan(townshipCode: string): Awaitable<TownshipPlan | null>;
  /** The plan as it was at a version (block shapes as stored now); null for an unknown township or version. */
  getPlanAt(townshipCode: string, version: number): Awaitable<TownshipPlan | null>;
  /** Throws PlanError ('unknown_township' | 'stale_base' | 'invalid'); nothing is stored on refusal. */
  saveChangeset(townshipCode: string, changeset: PlanChangeset): Awaitable<PlanSaveResult>;
  /** Newest first; null when the township code is unknown. */
  listVersions(townshipCode: string): Awaitable<PlanVersionSummary[] | null>;
  /** Throws PlanError ('unknown_township' | 'unknown_version'). */
  diff(townshipCode: string, from: number, to: number): Awaitable<PlanDiff>;
  /** Restores an earlier version as a new one; throws PlanError like saveChangeset, or 'unknown_version'. */
  rollback(townshipCode: string, command: RollbackCommand): Awaitable<PlanSaveResult>;
  /** A re-partition of the township as a changeset; nothing is stored. */
  proposeRebalance(townshipCode: string, request: RebalanceRequest): Awaitable<RebalanceProposal>;
  /** Increases with every saved plan version anywhere (cheap): point locators rebuild when it moves. */
  planRevision(): Awaitable<number>;
}

export type PlanErrorKind = 'unknown_township' | 'unknown_version' | 'stale_base' | 'invalid';

/** A plan write or read refused; nothing was changed. */
export class PlanError extends Error {
  readonly kind: PlanErrorKind;
  readonly field: string;
  readonly problems: PlanProblem[];
  /** The township's current version (for stale_base). */
  readonly currentVersion: number | null;
  constructor(kind: PlanErrorKind, field: string, message: string, options: { problems?: PlanProblem[]; currentVersion?: number } = {}) {
    super(message);
    this.name = 'PlanError';
    this.kind = kind;
    this.field = field;
    this.problems = options.problems ?? [];
    this.currentVersion = options.currentVersion ?? null;
  }
}

/** The plan store a GridStore offers, if any. */
export function planOf(store: GridStore): PlanStore | null {
  const candidate = (store as GridStore & { plan?: PlanStore }).plan;
  return candidate && typeof candidate.saveChangeset === 'function' ? candidate : null;
}

/** Throws the first problem of an invalid plan as a PlanError carrying them all. */
export function refuseInvalidPlan(plan: TownshipPlan): void {
  const validation = validatePlan(plan);
  if (!validation.valid) {
    const first = validation.problems[0];
    throw new PlanError('invalid', first.field, first.reason, { problems: validation.problems });
  }
}

/** Whether a plan differs from another in blocks, assignments or grid names. */
export function planChanges(before: TownshipPlan, after: TownshipPlan): boolean {
  if (before.blocks.length !== after.blocks.length || before.grids.length !== after.grids.length) return true;
  const blocks = new Map(before.blocks.map((block) => [block.id, block]));
  if (after.blocks.some((block) => blocks.get(block.id)?.gridCode !== block.gridCode || blocks.get(block.id)?.polygon !== block.polygon)) return true;
  const names = new Map(before.grids.map((grid) => [grid.code, grid.name]));
  return after.grids.some((grid) => names.get(grid.code) !== grid.name);
}
