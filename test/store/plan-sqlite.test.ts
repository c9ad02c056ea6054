import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../server/store/sqlite/sqliteStore.ts';
import { PlanError } from '../../server/store/plan.ts';
import { schemaVersion } from '../../server/store/sqlite/migrate.ts';
import BetterSqlite3 from 'better-sqlite3';
import { migrate } from '../../server/store/sqlite/migrate.ts';
import { LATTICE_NOW, TOWNSHIP_A, VILLAGE_A1, loadLatticeDataset } from '../fixtures/plan/lattice.ts';
import { changeset, runPlanContract } from './planContract.ts';

runPlanContract('sqlite :memory:', ({ now }) => openSqliteStore(':memory:', { now }));

describe('sqlite plan specifics', () => {
  it('the plan step is migration 5 and gives every problem a current grid', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db);
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(5);
    const columns = (db.prepare('PRAGMA table_info(issues)').all() as Array<{ name: string }>).map((c) => c.name);
    expect(columns).toContain('current_grid_code');
    db.close();
  });

  it('two connections saving on one base: the second sees the first inside its transaction', () => {
    const directory = mkdtempSync(join(tmpdir(), 'gridmap-plan-'));
    try {
      const path = join(directory, 'plan.db');
      const first = openSqliteStore(path, { now: () => LATTICE_NOW });
      first.seedDataset(loadLatticeDataset());
      const second = openSqliteStore(path, { now: () => LATTICE_NOW });
      expect(second.plan.getPlan(TOWNSHIP_A)!.version).toBe(1);
      first.plan.saveChangeset(TOWNSHIP_A, changeset(1, [{ kind: 'move_blocks', blockIds: ['A-0-2'], to: { code: `${VILLAGE_A1}002` } }]));
      let error: unknown;
      try {
        second.plan.saveChangeset(TOWNSHIP_A, changeset(1, [{ kind: 'move_blocks', blockIds: ['A-2-2'], to: { code: `${VILLAGE_A1}002` } }]));
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(PlanError);
      expect((error as PlanError).currentVersion).toBe(2);
      expect(second.plan.getPlan(TOWNSHIP_A)!.blocks.find((b) => b.id === 'A-2-2')!.gridCode).toBe(`${VILLAGE_A1}001`);
      first.close();
      second.close();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('stores the township target at the first save', () => {
    const store = openSqliteStore(':memory:', { now: () => LATTICE_NOW, planTolerance: 0.1 });
    store.seedDataset(loadLatticeDataset());
    const target = store.plan.getPlan(TOWNSHIP_A)!.target;
    expect(target.tolerance).toBe(0.1);
    store.plan.saveChangeset(TOWNSHIP_A, changeset(1, [{ kind: 'rename_grid', grid: { code: `${VILLAGE_A1}001` }, name: '一号' }]));
    expect(store.plan.getPlan(TOWNSHIP_A)!.target).toEqual(target);
    store.close();
  });
});
