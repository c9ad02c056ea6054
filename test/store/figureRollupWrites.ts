// Random writes through the store's real write paths for the figure-rollup tests: reports in two
// counties of the synthetic lattice fixture, lifecycle transitions, plan saves that move problems.
import BetterSqlite3, { type Database } from 'better-sqlite3';
import fc from 'fast-check';
import type { Dataset, NewIssue, Satisfaction, Tier } from '../../server/model.ts';
import type { TransitionAction, TransitionCommand } from '../../server/ledger/types.ts';
import { SqliteGridStore } from '../../server/store/sqlite/sqliteStore.ts';
import { migrate } from '../../server/store/sqlite/migrate.ts';
import { interiorPoint } from '../../server/geo/interior-point.ts';
import { TOWNSHIP_A, TOWNSHIP_B, VILLAGE_A1, loadLatticeDataset } from '../fixtures/plan/lattice.ts';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
/** 60 days across two month ends (ledger months start at 16:00Z the day before). */
export const SPAN_START = Date.parse('2015-03-20T00:00:00.000Z');
export const SPAN_DAYS = 60;
export const CATEGORIES = ['环境卫生', '道路交通', '矛盾纠纷'];
const TIERS: Tier[] = ['red', 'orange', 'yellow'];
export const SATISFACTIONS: Satisfaction[] = ['satisfied', 'basically_satisfied', 'dissatisfied'];
const ACTIONS: TransitionAction[] = [
  'accept', 'reject', 'dispatch', 'start', 'handle', 'verify', 'rework', 'close', 'return', 'escalate', 'deescalate', 'extend',
  'long_term', 'comment',
];
export const SECOND_COUNTY = '360122';
export const TOWNSHIPS = [TOWNSHIP_A, TOWNSHIP_B, `${SECOND_COUNTY}100`, `${SECOND_COUNTY}101`];

/** The synthetic lattice fixture again as a second county of the same province: codes and block ids renamed. */
export function secondCounty(first: Dataset): Dataset {
  const recode = (code: string) => code.replace(/^360121/, SECOND_COUNTY);
  const reblock = (id: string) => `C${id}`;
  return {
    ...first,
    county: { ...first.county, code: SECOND_COUNTY, name: '第二县' },
    townships: first.townships.map((township) => ({ ...township, code: recode(township.code) })),
    villages: first.villages.map((village) => ({ ...village, code: recode(village.code), townshipCode: recode(village.townshipCode) })),
    blocks: first.blocks.map((block) => ({ ...block, id: reblock(block.id), townshipCode: recode(block.townshipCode), villageCode: recode(block.villageCode) })),
    grids: first.grids.map((grid) => ({
      ...grid, code: recode(grid.code), townshipCode: recode(grid.townshipCode), villageCode: recode(grid.villageCode), blockIds: grid.blockIds.map(reblock),
    })),
    issues: first.issues.map((issue) => ({
      ...issue, gridCode: recode(issue.gridCode), villageCode: recode(issue.villageCode), townshipCode: recode(issue.townshipCode),
    })),
  };
}

export const FIRST = loadLatticeDataset();
export const SECOND = secondCounty(FIRST);

export interface Harness {
  db: Database;
  store: SqliteGridStore;
  clock: { now: Date };
}

export function openHarness(): Harness {
  const db = new BetterSqlite3(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db);
  const clock = { now: new Date(SPAN_START) };
  const store = new SqliteGridStore(db, { now: () => clock.now });
  store.seedDataset(structuredClone(FIRST));
  store.seedDataset(structuredClone(SECOND));
  return { db, store, clock };
}

/** An instant in the span, often right on a ledger-day edge (16:00Z), a UTC midnight or a month start. */
export const instantArbitrary = fc
  .record({
    day: fc.integer({ min: -1, max: SPAN_DAYS + 1 }),
    hour: fc.oneof(fc.constant(16), fc.constant(0), fc.integer({ min: 0, max: 23 })),
    offsetMs: fc.oneof(fc.constant(0), fc.constant(-1), fc.constant(1), fc.integer({ min: 0, max: HOUR_MS - 1 })),
  })
  .map(({ day, hour, offsetMs }) => SPAN_START + day * DAY_MS + hour * HOUR_MS + offsetMs);

export type Operation =
  | { kind: 'insert'; township: number; block: number; category: string; tier: Tier; reportedAt: number; deadlineHours: number;
      closedAfterHours: number | null; satisfaction: Satisfaction | null }
  | { kind: 'transition'; issue: number; action: TransitionAction; satisfaction: Satisfaction; hoursLater: number }
  | { kind: 'advance'; issue: number; choice: number; satisfaction: Satisfaction; hoursLater: number }
  | { kind: 'plan' };

/** The natural next steps from each stage, so problems travel the whole loop (with reworks and extensions). */
const NEXT_ACTIONS: Record<string, TransitionAction[]> = {
  reported: ['accept', 'accept', 'reject'],
  accepted: ['dispatch'],
  dispatched: ['start', 'extend', 'return'],
  in_progress: ['handle', 'extend', 'escalate'],
  handled: ['verify', 'rework'],
  verified: ['close'],
};

export const operationArbitrary: fc.Arbitrary<Operation> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('insert' as const),
      township: fc.integer({ min: 0, max: TOWNSHIPS.length - 1 }),
      block: fc.nat(),
      category: fc.constantFrom(...CATEGORIES),
      tier: fc.constantFrom(...TIERS),
      reportedAt: instantArbitrary,
      deadlineHours: fc.integer({ min: 0, max: 24 * 20 }),
      closedAfterHours: fc.option(fc.integer({ min: 0, max: 24 * 20 }), { nil: null }),
      satisfaction: fc.option(fc.constantFrom(...SATISFACTIONS), { nil: null }),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('transition' as const),
      issue: fc.nat(),
      action: fc.constantFrom(...ACTIONS),
      satisfaction: fc.constantFrom(...SATISFACTIONS),
      hoursLater: fc.integer({ min: 0, max: 24 * 6 }),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      issue: fc.nat(),
      choice: fc.nat(),
      satisfaction: fc.constantFrom(...SATISFACTIONS),
      hoursLater: fc.integer({ min: 0, max: 24 * 6 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'plan' as const }) },
);

function commandFor(operation: { satisfaction: Satisfaction; hoursLater: number }, action: TransitionAction, now: Date): TransitionCommand {
  return {
    action,
    reason: '核实后处理',
    unit: '县城管局',
    note: '备注',
    satisfaction: operation.satisfaction,
    deadline: new Date(now.getTime() + (operation.hoursLater + 24) * HOUR_MS).toISOString(),
  };
}

/** Moves row 2 of township A's west village between its south and north grid (a real plan save). */
function togglePlan(store: SqliteGridStore): void {
  const plan = store.plan.getPlan(TOWNSHIP_A);
  if (!plan) throw new Error('township A has no plan');
  const south = `${VILLAGE_A1}001`, north = `${VILLAGE_A1}002`;
  const holder = store.listBlocks({ townshipCode: TOWNSHIP_A })?.find((block) => block.id === 'A-0-2')?.gridCode;
  store.plan.saveChangeset(TOWNSHIP_A, {
    baseVersion: plan.version,
    author: '规划员',
    reason: '调整网格',
    edits: [{ kind: 'move_blocks', blockIds: ['A-0-2', 'A-1-2', 'A-2-2'], to: { code: holder === south ? north : south } }],
  });
}

export function apply(harness: Harness, operation: Operation, issueIds: number[]): void {
  const { store, clock } = harness;
  if (operation.kind === 'plan') {
    togglePlan(store);
    return;
  }
  if (operation.kind === 'transition' || operation.kind === 'advance') {
    if (issueIds.length === 0) return;
    const id = issueIds[operation.issue % issueIds.length];
    let action: TransitionAction;
    if (operation.kind === 'transition') {
      action = operation.action;
    } else {
      const next = NEXT_ACTIONS[store.getIssue(id)?.stage ?? ''];
      if (!next) return;
      action = next[operation.choice % next.length];
    }
    clock.now = new Date(clock.now.getTime() + operation.hoursLater * HOUR_MS);
    store.transitionIssue(id, commandFor(operation, action, clock.now), '网格员');
    return;
  }
  const blocks = store.listBlocks({ townshipCode: TOWNSHIPS[operation.township] }) ?? [];
  const block = blocks[operation.block % blocks.length];
  const [lon, lat] = interiorPoint(block.polygon) ?? block.polygon[0][0];
  const gridCode = block.gridCode as string;
  const closed = operation.closedAfterHours !== null;
  const issue: NewIssue = {
    title: '路面坑洼积水',
    category: operation.category,
    tier: operation.tier,
    status: closed ? 'closed' : 'open',
    lon,
    lat,
    gridCode,
    villageCode: block.villageCode,
    townshipCode: block.townshipCode,
    reportedAt: new Date(operation.reportedAt).toISOString(),
    deadlineAt: new Date(operation.reportedAt + operation.deadlineHours * HOUR_MS).toISOString(),
    closedAt: closed ? new Date(operation.reportedAt + (operation.closedAfterHours as number) * HOUR_MS).toISOString() : null,
    satisfaction: closed ? operation.satisfaction : null,
    synthetic: true,
  };
  issueIds.push(store.insertIssue(issue).id);
}

