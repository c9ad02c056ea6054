// The pre-aggregated figures answer exactly what the scan of every problem answers, field by field,
// whatever the writes before (reports, lifecycle transitions, plan saves, failed transactions) and
// whatever the question (scope, grouping, reporting window, category, clock).
import { afterEach, describe, expect, it } from 'vitest';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import fc from 'fast-check';
import type { Dataset } from '../../server/model.ts';
import type { IssueFilter } from '../../server/store/store.ts';
import type { TransitionAction } from '../../server/ledger/types.ts';
import type { LedgerFigures } from '../../server/store/ledgerFigures.ts';
import { migrate } from '../../server/store/sqlite/migrate.ts';
import { MIGRATIONS } from '../../server/store/sqlite/migrations.ts';
import { OPEN_BY_DEADLINE_TABLES, ROLLUP_BACK_FILL, ROLLUP_MIGRATIONS, ROLLUP_TABLES } from '../../server/store/sqlite/migrations-rollup.ts';
import { writeDataset } from '../../server/store/sqlite/seed.ts';
import { writeTransition } from '../../server/store/sqlite/ledgerQueries.ts';
import { DEFAULT_DEADLINE_RULES } from '../../server/ledger/deadlines.ts';
import { datasetId } from '../../server/store/datasetRules.ts';
import { planWindow, rollupLedgerFigures, rollupLedgerFiguresBy, type RollupGroup, type RollupScope } from '../../server/store/sqlite/figureRollup.ts';
import { scanLedgerFigures, scanLedgerFiguresBy } from '../../server/store/sqlite/statsQueries.ts';
import { TOWNSHIP_B } from '../fixtures/plan/lattice.ts';
import {
  CATEGORIES, DAY_MS, FIRST, SECOND, SECOND_COUNTY, TOWNSHIPS, apply, instantArbitrary, openHarness, operationArbitrary,
  secondCounty, type Harness,
} from './figureRollupWrites.ts';

const handles: Database[] = [];
afterEach(() => {
  for (const db of handles.splice(0)) if (db.open) db.close();
});

/** A fresh database of two seeded counties, closed after the test. */
function harness(): Harness {
  const opened = openHarness();
  handles.push(opened.db);
  return opened;
}
interface Question {
  scope: RollupScope | null;
  group: RollupGroup | null;
  from: number | null;
  before: number | null;
  category: string | null;
  now: number;
}

const scopeArbitrary: fc.Arbitrary<RollupScope | null> = fc.oneof(
  fc.constant(null),
  fc.constantFrom('360121', SECOND_COUNTY, '360199').map((value) => ({ column: 'county' as const, value })),
  fc.constantFrom(...TOWNSHIPS, '360121199').map((value) => ({ column: 'township_code' as const, value })),
  fc.constantFrom(...FIRST.grids.map((grid) => grid.code)).map((value) => ({ column: 'grid_code' as const, value })),
);

const questionArbitrary: fc.Arbitrary<Question> = fc.record({
  scope: scopeArbitrary,
  group: fc.constantFrom<RollupGroup | null>(null, 'county', 'township_code', 'grid_code'),
  from: fc.option(instantArbitrary, { nil: null }),
  before: fc.option(instantArbitrary, { nil: null }),
  // Half without a category: a window with one is left to the scan.
  category: fc.option(fc.constantFrom(...CATEGORIES, '其他'), { nil: null, freq: 2 }),
  now: instantArbitrary.map((instant) => instant + 10 * DAY_MS),
});

function filterOf(question: Question): IssueFilter {
  const filter: IssueFilter = {};
  if (question.from !== null) filter.reportedFrom = new Date(question.from).toISOString();
  if (question.before !== null) filter.reportedBefore = new Date(question.before).toISOString();
  if (question.category !== null) filter.category = question.category;
  return filter;
}

/** Whether the rollups must answer (the rest is left to the scan by design). */
function rollupAnswers(question: Question): boolean {
  const windowed = question.from !== null || question.before !== null;
  return question.scope?.column !== 'grid_code' && question.group !== 'grid_code' && !(windowed && question.category !== null);
}

function sortedEntries(map: Map<string, LedgerFigures>): Array<[string, LedgerFigures]> {
  return [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Asserts the rollup answer equals the scan answer (or that the rollup leaves the question to the scan). */
function expectSameAnswer(db: Database, question: Question): void {
  const filter = filterOf(question);
  const nowIso = new Date(question.now).toISOString();
  // The scan's scope type is the store's; the rollup's is structurally the same.
  const scope = question.scope as Parameters<typeof scanLedgerFigures>[1];
  if (question.group === null) {
    const fast = rollupLedgerFigures(db, question.scope, nowIso, filter);
    if (!rollupAnswers(question)) return void expect(fast).toBeNull();
    expect(fast).toEqual(scanLedgerFigures(db, scope, nowIso, filter));
  } else {
    const fast = rollupLedgerFiguresBy(db, question.group, question.scope, nowIso, filter);
    if (!rollupAnswers(question)) return void expect(fast).toBeNull();
    expect(fast).not.toBeNull();
    expect(sortedEntries(fast as Map<string, LedgerFigures>)).toEqual(sortedEntries(scanLedgerFiguresBy(db, question.group, scope, nowIso, filter)));
  }
}

/** Each rollup table's non-empty rows against the same counts grouped afresh from the problems. */
function expectRollupsMatchProblems(db: Database): void {
  for (const table of [...ROLLUP_TABLES, ...OPEN_BY_DEADLINE_TABLES]) {
    const keys = table.keys.map((key) => key.column);
    const stored = db.prepare(`SELECT * FROM ${table.name} WHERE ${table.name.includes('open_by') ? 'open' : 'collected'} <> 0 ORDER BY ${keys.join(', ')}`).all();
    db.exec('SAVEPOINT recount');
    db.exec(`DELETE FROM ${table.name}`);
    const backFill = ROLLUP_BACK_FILL.find((statement) => statement.startsWith(`INSERT INTO ${table.name} `));
    db.exec(backFill as string);
    const recounted = db.prepare(`SELECT * FROM ${table.name} ORDER BY ${keys.join(', ')}`).all();
    db.exec('ROLLBACK TO recount; RELEASE recount');
    expect(stored, table.name).toEqual(recounted);
  }
}

function rollupSnapshot(db: Database): Record<string, unknown[]> {
  const tables = [...ROLLUP_TABLES, ...OPEN_BY_DEADLINE_TABLES];
  return Object.fromEntries(tables.map((table) => [table.name, db.prepare(`SELECT * FROM ${table.name} ORDER BY 1, 2`).all()]));
}

describe('pre-aggregated ledger figures', () => {
  it('answer like the scan after random writes, for random scopes, windows, categories and clocks', () => {
    fc.assert(
      fc.property(
        fc.array(operationArbitrary, { minLength: 1, maxLength: 80, size: 'max' }),
        fc.array(questionArbitrary, { minLength: 1, maxLength: 30, size: 'max' }),
        (operations, questions) => {
          const opened = harness();
          const issueIds: number[] = [];
          for (const operation of operations) apply(opened, operation, issueIds);
          expectRollupsMatchProblems(opened.db);
          for (const question of questions) expectSameAnswer(opened.db, question);
          opened.db.close();
        },
      ),
      { numRuns: 50 },
    );
  });

  it('answer every question the store asks through stats()', () => {
    const opened = harness();
    const issueIds: number[] = [];
    const operations = fc.sample(operationArbitrary, { numRuns: 150, seed: 7 });
    for (const operation of operations) apply(opened, operation, issueIds);
    // A year-long window (whole months), a month, one day and a few hours, at every scope.
    const windows: Array<[string | null, string | null]> = [
      [null, null], ['2015-03-20T16:00:00.000Z', '2015-05-20T16:00:00.000Z'], ['2015-03-31T16:00:00.000Z', '2015-04-30T16:00:00.000Z'],
      ['2015-04-10T16:00:00.000Z', '2015-04-11T16:00:00.000Z'], ['2015-04-10T03:00:00.000Z', '2015-04-10T09:30:00.000Z'],
      ['2015-03-01T00:00:00.000Z', null], [null, '2015-04-15T12:34:56.789Z'],
    ];
    const scopes: Array<RollupScope | null> = [null, { column: 'county', value: '360121' }, { column: 'township_code', value: TOWNSHIP_B }];
    for (const [from, before] of windows) {
      for (const scope of scopes) {
        for (const group of [null, 'county', 'township_code'] as const) {
          expectSameAnswer(opened.db, {
            scope, group, from: from === null ? null : Date.parse(from), before: before === null ? null : Date.parse(before), category: null,
            now: Date.parse('2015-04-25T00:00:00.000Z'),
          });
        }
      }
    }
    expect(issueIds.length).toBeGreaterThan(30);
  });

  it('leave the rollups untouched when a transaction fails after writing problems', () => {
    const opened = harness();
    const issueIds: number[] = [];
    for (const operation of fc.sample(operationArbitrary, { numRuns: 40, seed: 11 })) apply(opened, operation, issueIds);
    const before = rollupSnapshot(opened.db);

    // A third county whose last problem names a grid that does not exist: its earlier problems are
    // written (and counted by the triggers) before the seed fails and rolls back.
    const third = secondCounty(FIRST);
    const recoded = JSON.parse(JSON.stringify(third).replaceAll(SECOND_COUNTY, '360123').replaceAll('"C', '"E')) as Dataset;
    recoded.issues.push({ ...recoded.issues[0], gridCode: '360123100001099' });
    expect(() => opened.store.seedDataset(recoded)).toThrow();
    expect(rollupSnapshot(opened.db)).toEqual(before);

    // A hand-made transaction: every open problem closed, then a failure.
    const failing = opened.db.transaction(() => {
      const closed = opened.db.prepare("UPDATE issues SET status = 'closed', stage = 'closed', closed_at = reported_at WHERE status = 'open'").run();
      expect(closed.changes).toBeGreaterThan(0);
      throw new Error('refused');
    });
    expect(() => failing()).toThrow('refused');
    expect(rollupSnapshot(opened.db)).toEqual(before);
  });

  it('are back-filled when the migration runs on an existing database', () => {
    const migrationIndex = MIGRATIONS.indexOf(ROLLUP_MIGRATIONS[0]);
    expect(migrationIndex).toBeGreaterThan(0);
    // The same history written once before the migration (raw writes at the older schema) and once after.
    const write = (db: Database) => {
      db.transaction(() => {
        writeDataset(db, structuredClone(FIRST), datasetId(FIRST), '2015-03-19T00:00:00.000Z');
        writeDataset(db, structuredClone(SECOND), datasetId(SECOND), '2015-03-19T00:00:00.000Z');
        const ids = (db.prepare('SELECT id FROM issues ORDER BY id').all() as Array<{ id: number }>).map((row) => row.id);
        const now = new Date('2015-04-21T00:00:00.000Z');
        for (const [index, id] of ids.entries()) {
          const actions: TransitionAction[] = index % 3 === 0 ? ['accept', 'dispatch', 'start'] : index % 3 === 1 ? ['reject'] : ['accept'];
          for (const action of actions) {
            writeTransition(db, id, { action, reason: '核实', unit: '县城管局' }, '网格员', now, DEFAULT_DEADLINE_RULES);
          }
        }
      })();
    };
    const old = new BetterSqlite3(':memory:');
    handles.push(old);
    migrate(old, MIGRATIONS.slice(0, migrationIndex));
    write(old);
    expect(old.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'issue_figures_by_day'").get()).toEqual({ n: 0 });
    migrate(old);

    const fresh = new BetterSqlite3(':memory:');
    handles.push(fresh);
    migrate(fresh);
    write(fresh);

    const snapshot = rollupSnapshot(old);
    expect(snapshot.issue_figures_by_township.length).toBeGreaterThan(0);
    expect(snapshot.issue_open_by_deadline_day.length).toBeGreaterThan(0);
    expect(snapshot).toEqual(rollupSnapshot(fresh));
    const nowIso = '2015-04-22T00:00:00.000Z';
    expect(rollupLedgerFigures(old, null, nowIso)).toEqual(scanLedgerFigures(old, null, nowIso));
    expect(rollupLedgerFigures(old, null, nowIso)?.accepted).toBeGreaterThan(0);
  });

  it('cut a window into partial days, whole ledger days and whole ledger months', () => {
    // 2015-04-10 08:00 to 2015-06-03 20:00 in ledger time (UTC+8).
    expect(planWindow('2015-04-10T00:00:00.000Z', '2015-06-03T12:00:00.000Z')).toEqual({
      scans: [
        { from: '2015-04-10T00:00:00.000Z', before: '2015-04-10T16:00:00.000Z' },
        { from: '2015-06-02T16:00:00.000Z', before: '2015-06-03T12:00:00.000Z' },
      ],
      days: [{ from: '2015-04-11', before: '2015-05-01' }, { from: '2015-06-01', before: '2015-06-03' }],
      months: [{ from: '2015-05', before: '2015-06' }],
    });
    // Whole ledger days as the API asks for them: nothing to scan.
    expect(planWindow('2015-03-31T16:00:00.000Z', '2015-05-31T16:00:00.000Z')).toEqual({
      scans: [], days: [], months: [{ from: '2015-04', before: '2015-06' }],
    });
    // Under a day: all scanned.
    expect(planWindow('2015-04-10T17:00:00.000Z', '2015-04-11T15:00:00.000Z')).toEqual({
      scans: [{ from: '2015-04-10T17:00:00.000Z', before: '2015-04-11T15:00:00.000Z' }], days: [], months: [],
    });
    // Open ends: every month before, every day after.
    expect(planWindow(undefined, '2015-04-03T16:00:00.000Z')).toEqual({
      scans: [], days: [{ from: '2015-04-01', before: '2015-04-04' }], months: [{ from: '', before: '2015-04' }],
    });
    // Not a canonical timestamp: string order is not time order, so the scan answers.
    expect(planWindow('2015-04-10T00:00:00Z', undefined)).toBeNull();
  });
});
