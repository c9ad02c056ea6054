// The same dataset and the same writes give the same answers from SQLite and PostgreSQL: figures,
// points, ledgers, exports, pages, trends and fieldwork, compared answer by answer.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../server/store/sqlite/sqliteStore.ts';
import { FIXTURE_NOW } from '../fixtures/dataset/load.ts';
import { adminPool, closeAdminPool, dropCreatedSchemas, openTestStore } from './postgres-harness.ts';
import { applySameWrites, richDataset, storeAnswers } from './postgres-answers.ts';

// An unreachable PostgreSQL fails every test of the file with the steps to start it.
beforeEach(async () => {
  await adminPool();
});
afterEach(async () => {
  await dropCreatedSchemas();
});
afterAll(async () => {
  await closeAdminPool();
});

describe('SQLite and PostgreSQL answer alike', () => {
  it('on a seeded ledger with histories and fieldwork, before and after the same writes', async () => {
    const dataset = richDataset();
    const now = () => FIXTURE_NOW;
    const sqlite = openSqliteStore(':memory:', { now });
    const postgres = await openTestStore({ now });
    try {
      sqlite.seedDataset(dataset);
      await postgres.seedDataset(richDataset());
      const seeded = await storeAnswers(sqlite);
      expect((seeded.issues as unknown[]).length).toBe(dataset.issues.length);
      expect(await storeAnswers(postgres)).toEqual(seeded);

      await applySameWrites(sqlite);
      await applySameWrites(postgres);
      const written = await storeAnswers(sqlite);
      expect(written).not.toEqual(seeded);
      expect(await storeAnswers(postgres)).toEqual(written);
    } finally {
      sqlite.close();
      await postgres.close();
    }
  });
});
