import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { openSqliteStore } from '../../server/store/sqlite/sqliteStore.ts';
import { migrate } from '../../server/store/sqlite/migrate.ts';
import { MIGRATIONS } from '../../server/store/sqlite/migrations.ts';
import type { GridStore } from '../../server/store/store.ts';
import type { TransitionCommand } from '../../server/ledger/types.ts';
import { FIXTURE_NOW, loadFixtureDataset } from '../fixtures/dataset/load.ts';
import { newIssueIn } from './issueFactory.ts';

const directory = mkdtempSync(join(tmpdir(), 'ledger-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const fixture = loadFixtureDataset();
const GRID = '360121100001001';

async function seededStore(path = ':memory:', now: () => Date = () => FIXTURE_NOW) {
  const store = openSqliteStore(path, { now });
  store.seedDataset(loadFixtureDataset());
  const issue = await store.insertIssue(newIssueIn(fixture, GRID, { reportedAt: '2015-04-30T12:00:00.000Z', deadlineAt: '2015-05-03T12:00:00.000Z' }));
  return { store, id: issue.id };
}

async function step(store: GridStore, id: number, command: TransitionCommand, actor = '李干部') {
  const result = await store.transitionIssue(id, command, actor);
  if (!result.ok) throw new Error(`${command.action}: ${result.reason}`);
  return result;
}

describe('ledger of a problem in the SQLite store', () => {
  it('opens every new problem with a report entry in stage reported', async () => {
    const { store, id } = await seededStore();
    expect((await store.getIssue(id))?.stage).toBe('reported');
    expect(await store.listLedger(id)).toEqual([
      expect.objectContaining({ issueId: id, seq: 1, action: 'report', fromStage: null, toStage: 'reported', toTier: 'red', actor: 'reporter' }),
    ]);
    expect(await store.listLedger(999_999)).toBeNull();
    // Fixture problems stored closed carry the closing entry their record implies.
    const closed = (await store.listIssues({ status: 'closed', limit: 1 })).issues[0];
    expect((await store.listLedger(closed.id))?.map((entry) => entry.toStage)).toEqual(['reported', 'closed']);
    store.close();
  });

  it('walks the whole loop with rework and extension, one entry per step, counted in the figures', async () => {
    const { store, id } = await seededStore();
    const before = await store.stats({ level: 'grid', code: GRID });
    await step(store, id, { action: 'accept' });
    await step(store, id, { action: 'dispatch', unit: '莲塘镇城管办' });
    await step(store, id, { action: 'start' });
    await step(store, id, { action: 'extend', reason: '等待材料', deadline: '2015-05-20T00:00:00+08:00' });
    await step(store, id, { action: 'handle', note: '已修复', attachments: ['https://example.org/after.jpg'] });
    await step(store, id, { action: 'rework', reason: '复查仍有问题' });
    await step(store, id, { action: 'handle' });
    await step(store, id, { action: 'verify' });
    const closed = await step(store, id, { action: 'close', satisfaction: 'satisfied' });
    expect(closed.issue).toMatchObject({
      stage: 'closed', status: 'closed', satisfaction: 'satisfied', closedAt: FIXTURE_NOW.toISOString(), responsibleUnit: '莲塘镇城管办',
      reworkCount: 1, extensionCount: 1, deadlineAt: '2015-05-19T16:00:00.000Z', overdue: false,
    });
    const ledger = (await store.listLedger(id)) ?? [];
    expect(ledger.map((entry) => [entry.seq, entry.action])).toEqual([
      [1, 'report'], [2, 'accept'], [3, 'dispatch'], [4, 'start'], [5, 'extend'], [6, 'handle'], [7, 'rework'], [8, 'handle'], [9, 'verify'], [10, 'close'],
    ]);
    expect(ledger[5].attachments).toEqual(['https://example.org/after.jpg']);
    expect(closed.entry).toEqual(ledger[9]);
    const after = await store.stats({ level: 'grid', code: GRID });
    expect(after?.accepted).toBe((before?.accepted ?? 0) + 1);
    expect(after?.closed).toBe((before?.closed ?? 0) + 1);
    // The grid's other accepted problems were never reworked or extended.
    expect(after?.reworkRate).toBe(1 / (after?.accepted ?? 0));
    expect(after?.extensionRate).toBe(1 / (after?.accepted ?? 0));
    const county = await store.stats({ level: 'county' });
    const township = county?.children.find((row) => row.code === '360121100');
    expect(township?.reworkRate).toBe(1 / (township?.accepted ?? 0));
    store.close();
  });

  it('refuses an illegal move or a missing reason and changes nothing at all', async () => {
    const { store, id } = await seededStore();
    const version = store.dataVersion();
    const issue = await store.getIssue(id);
    const ledger = await store.listLedger(id);
    expect(await store.transitionIssue(id, { action: 'close', satisfaction: 'satisfied' }, 'x')).toMatchObject({ ok: false, code: 'invalid_transition', field: 'action' });
    expect(await store.transitionIssue(id, { action: 'reject' }, 'x')).toMatchObject({ ok: false, field: 'reason' });
    expect(await store.transitionIssue(424242, { action: 'accept' }, 'x')).toMatchObject({ ok: false, code: 'unknown_issue' });
    expect(store.dataVersion()).toBe(version);
    expect(await store.getIssue(id)).toEqual(issue);
    expect(await store.listLedger(id)).toEqual(ledger);
    store.close();
  });

  it('keeps overdue on the clock: dispatch restarts it, time passing makes the problem overdue', async () => {
    let clock = FIXTURE_NOW;
    const { store, id } = await seededStore(':memory:', () => clock);
    await step(store, id, { action: 'accept' });
    const { issue } = await step(store, id, { action: 'dispatch', unit: '城管' });
    expect(issue.deadlineAt).toBe('2015-05-04T12:00:00.000Z');
    clock = new Date('2015-05-04T12:00:00.001Z');
    expect((await store.getIssue(id))?.overdue).toBe(true);
    await step(store, id, { action: 'extend', reason: '材料未到', deadline: '2015-05-08T00:00:00Z' });
    expect((await store.getIssue(id))?.overdue).toBe(false);
    store.close();
  });

  it('refuses to update or delete a ledger entry, and stage must agree with status', async () => {
    const path = join(directory, 'append-only.db');
    const { store, id } = await seededStore(path);
    store.close();
    const db = new BetterSqlite3(path);
    expect(() => db.prepare("UPDATE issue_ledger SET actor = 'someone else' WHERE issue_id = ?").run(id)).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM issue_ledger WHERE issue_id = ?').run(id)).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE issues SET stage = 'closed' WHERE id = ?").run(id)).toThrow(/disagree/);
    expect(db.prepare('SELECT count(*) AS n FROM issue_ledger WHERE issue_id = ?').get(id)).toEqual({ n: 1 });
    db.close();
  });

  it('gives problems stored before the lifecycle existed a stage and the entries their record implies', () => {
    const old = new BetterSqlite3(join(directory, 'schema-two.db'));
    migrate(old, MIGRATIONS.slice(0, 2));
    old.exec(`INSERT INTO counties VALUES ('360121', '南昌县', '{}');
      INSERT INTO townships VALUES ('360121100', '360121', '莲塘镇', '{}');
      INSERT INTO villages VALUES ('360121100001', '360121100', '府前路社区', '{}');
      INSERT INTO grid_versions VALUES ('360121100', 1, '2015-01-01T00:00:00.000Z', 'seed', 'r');
      INSERT INTO grid_codes VALUES ('360121100001001', '360121100', '360121100001');
      INSERT INTO grids VALUES ('360121100001001', '360121100', 1, NULL, 'g', 1, 1, '{}');
      INSERT INTO issues (id, title, category, tier, status, lon, lat, grid_code, grid_version, village_code, township_code, reported_at, deadline_at, closed_at, satisfaction, synthetic)
        VALUES (1, 't', 'c', 'red', 'closed', 115.9, 28.5, '360121100001001', 1, '360121100001', '360121100', '2015-04-01T00:00:00.000Z', '2015-04-04T00:00:00.000Z', '2015-04-02T00:00:00.000Z', 'satisfied', 0),
               (2, 't', 'c', 'red', 'open', 115.9, 28.5, '360121100001001', 1, '360121100001', '360121100', '2015-04-01T00:00:00.000Z', '2015-04-04T00:00:00.000Z', NULL, NULL, 0);`);
    migrate(old);
    expect(old.prepare('SELECT id, stage FROM issues ORDER BY id').all()).toEqual([{ id: 1, stage: 'closed' }, { id: 2, stage: 'reported' }]);
    expect(old.prepare('SELECT issue_id, seq, action FROM issue_ledger ORDER BY issue_id, seq').all()).toEqual([
      { issue_id: 1, seq: 1, action: 'report' }, { issue_id: 1, seq: 2, action: 'close' }, { issue_id: 2, seq: 1, action: 'report' },
    ]);
    old.close();
  });
});
