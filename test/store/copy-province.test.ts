// The copy command moves a database of several counties with its province: SQLite → PostgreSQL → SQLite.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyDatabase } from '../../server/store/copy.ts';
import { openSqliteStore } from '../../server/store/sqlite/sqliteStore.ts';
import { openPostgresStore } from '../../server/store/postgres/postgresStore.ts';
import type { GridStore } from '../../server/store/store.ts';
import { FIXTURE_NOW, loadFixtureDataset } from '../fixtures/dataset/load.ts';
import { adminPool, closeAdminPool, dropCreatedSchemas, freshSchemaName, urlWithSchema } from './postgres-harness.ts';
import { countyDataset } from './provinceFixtures.ts';

const directory = mkdtempSync(join(tmpdir(), 'gridcopy-province-'));
const now = () => FIXTURE_NOW;

beforeEach(async () => {
  await adminPool();
});
afterEach(async () => {
  await dropCreatedSchemas();
});
afterAll(async () => {
  await closeAdminPool();
  rmSync(directory, { recursive: true, force: true });
});

async function provinceAnswers(store: GridStore): Promise<Record<string, unknown>> {
  return {
    info: await store.datasetInfo(),
    province: await store.getProvince(),
    counties: await store.listCounties(),
    stats: await store.stats({ level: 'province' }),
  };
}

describe('copy of a province database', () => {
  it('keeps the province, every county and the province figures', async () => {
    const source = join(directory, 'source.db');
    const store = openSqliteStore(source, { now });
    const first = loadFixtureDataset();
    first.province = { code: '36', name: '江西省' };
    store.seedDataset(first);
    store.seedDataset(countyDataset('360122', '测试县', 0.1));
    const expected = await provinceAnswers(store);
    store.close();
    expect((expected.province as { name: string }).name).toBe('江西省');

    const postgres = urlWithSchema(freshSchemaName());
    const there = await copyDatabase(source, postgres);
    expect(there.tables.provinces).toBe(1);
    const copy = await openPostgresStore(postgres, { now });
    try {
      expect(await provinceAnswers(copy)).toEqual(expected);
    } finally {
      await copy.close();
    }

    const back = join(directory, 'back.db');
    await copyDatabase(postgres, back);
    const again = openSqliteStore(back, { now });
    try {
      expect(await provinceAnswers(again)).toEqual(expected);
    } finally {
      again.close();
    }
  });
});
