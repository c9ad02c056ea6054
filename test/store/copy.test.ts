// The copy command moves a whole store between SQLite and PostgreSQL, both ways, in one transaction
// on the target, and only into an empty target.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { CopyError, copyDatabase } from '../../server/store/copy.ts';
import { COPIED_TABLES } from '../../server/store/copy-tables.ts';
import { openSqliteStore } from '../../server/store/sqlite/sqliteStore.ts';
import { openPostgresStore } from '../../server/store/postgres/postgresStore.ts';
import { FIXTURE_NOW, loadFixtureDataset } from '../fixtures/dataset/load.ts';
import { newIssueIn } from './issueFactory.ts';
import { planOf } from '../../server/store/plan.ts';
import { LATTICE_NOW, TOWNSHIP_A, VILLAGE_A1, cellCentre, horizontalCut, loadLatticeDataset } from '../fixtures/plan/lattice.ts';
import { changeset } from './planContract.ts';
import { adminPool, closeAdminPool, dropCreatedSchemas, freshSchemaName, urlWithSchema } from './postgres-harness.ts';
import { applySameWrites, richDataset, storeAnswers } from './postgres-answers.ts';
import { accessOf, type AccessStore } from '../../server/store/access.ts';
import { newSecret, secretHash } from '../../server/access/secrets.ts';

const directory = mkdtempSync(join(tmpdir(), 'gridcopy-'));
let files = 0;
const now = () => FIXTURE_NOW;

// An unreachable PostgreSQL fails every test of the file with the steps to start it.
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

function freshFile(): string {
  return join(directory, `copy-${++files}.db`);
}

/** A SQLite file holding the rich dataset after the shared writes. */
async function writtenSqliteFile(): Promise<string> {
  const path = freshFile();
  const store = openSqliteStore(path, { now });
  store.seedDataset(richDataset());
  await applySameWrites(store);
  store.close();
  return path;
}

async function answersOfSqlite(path: string): Promise<Record<string, unknown>> {
  const store = openSqliteStore(path, { now });
  try {
    return await storeAnswers(store);
  } finally {
    store.close();
  }
}

async function answersOfPostgres(url: string): Promise<Record<string, unknown>> {
  const store = await openPostgresStore(url, { now });
  try {
    return await storeAnswers(store);
  } finally {
    await store.close();
  }
}

async function rowCount(url: string, table: string): Promise<number> {
  const schema = new URL(url).searchParams.get('schema');
  const { rows } = await (await adminPool()).query<{ n: string }>(`SELECT count(*) AS n FROM ${schema}.${table}`);
  return Number(rows[0].n);
}

describe('copy between SQLite and PostgreSQL', () => {
  it('round-trips SQLite → PostgreSQL → SQLite with every answer, id and sequence kept', async () => {
    const source = await writtenSqliteFile();
    const expected = await answersOfSqlite(source);
    const postgres = urlWithSchema(freshSchemaName());
    const there = await copyDatabase(source, postgres);
    expect(there.tables.issues).toBe((expected.issues as unknown[]).length);
    expect(there.tables.contact_sign_ins).toBeGreaterThan(0);
    expect(await answersOfPostgres(postgres)).toEqual(expected);

    const back = freshFile();
    const again = await copyDatabase(postgres, back);
    expect(again.tables).toEqual(there.tables);
    expect(again.dataVersion).toBeGreaterThanOrEqual(there.dataVersion);
    expect(await answersOfSqlite(back)).toEqual(expected);

    // New rows continue the copied ids on both sides, and the version moves on from the copy.
    const original = openSqliteStore(source, { now });
    const copy = await openPostgresStore(postgres, { now });
    try {
      const versionAfterCopy = copy.dataVersion();
      const fixture = loadFixtureDataset();
      const inSqlite = original.insertIssue(newIssueIn(fixture, '360121100002001'));
      const inPostgres = await copy.insertIssue(newIssueIn(fixture, '360121100002001'));
      expect(inPostgres).toEqual(inSqlite);
      expect(copy.dataVersion()).toBeGreaterThan(versionAfterCopy);
      const person = { id: 'VL900', name: '志愿者', kind: 'volunteer' as const, organisation: null, synthetic: false };
      await copy.fieldwork.addPerson(person);
      expect(await copy.fieldwork.getPerson('VL900')).toEqual(person);
    } finally {
      original.close();
      await copy.close();
    }
  });

  it('carries grid-plan history: versions, moved and split blocks, problems in their current grid', async () => {
    const source = freshFile();
    const store = openSqliteStore(source, { now: () => LATTICE_NOW });
    store.seedDataset(loadLatticeDataset());
    const plan = planOf(store)!;
    const home = (await plan.getPlan(TOWNSHIP_A))!.blocks.find((block) => block.id === 'A-0-2')!;
    const grid = (await store.getGrid(home.gridCode!))!;
    const [lon, lat] = cellCentre(0, 2);
    const moved = store.insertIssue({
      title: '排水沟堵塞', category: '环境卫生', tier: 'red', status: 'open', lon, lat,
      gridCode: grid.code, villageCode: grid.villageCode, townshipCode: grid.townshipCode,
      reportedAt: '2015-04-30T12:00:00.000Z', deadlineAt: '2015-05-03T12:00:00.000Z', closedAt: null, satisfaction: null, synthetic: false,
    });
    const north = `${VILLAGE_A1}002`;
    await plan.saveChangeset(TOWNSHIP_A, changeset(1, [{ kind: 'move_blocks', blockIds: ['A-0-2'], to: { code: north } }]));
    await plan.saveChangeset(TOWNSHIP_A, changeset(2, [{ kind: 'split_block', blockId: 'A-1-2', line: horizontalCut(1, 2) }]));
    await plan.saveChangeset(TOWNSHIP_A, changeset(3, [{ kind: 'rename_grid', grid: { code: north }, name: '北片' }]));
    const expected = await storeAnswers(store);
    const expectedPlan = { current: await plan.getPlan(TOWNSHIP_A), first: await plan.getPlanAt(TOWNSHIP_A, 1), versions: await plan.listVersions(TOWNSHIP_A) };
    store.close();

    const postgres = urlWithSchema(freshSchemaName());
    await copyDatabase(source, postgres);
    const there = await openPostgresStore(postgres, { now: () => LATTICE_NOW });
    try {
      expect(await storeAnswers(there)).toEqual(expected);
      // The problem counts in the grid its block moved to, and still names the grid it was reported in.
      const inNorth = (await there.listIssues({ limit: 100, gridCode: north })).issues;
      expect(inNorth.find((issue) => issue.id === moved.id)?.gridCode).toBe(grid.code);
      expect((await there.listIssues({ limit: 100, gridCode: grid.code })).issues.map((issue) => issue.id)).not.toContain(moved.id);
      // PostgreSQL's plan store reads the copied history as SQLite's did.
      const therePlan = planOf(there)!;
      expect({
        current: await therePlan.getPlan(TOWNSHIP_A), first: await therePlan.getPlanAt(TOWNSHIP_A, 1), versions: await therePlan.listVersions(TOWNSHIP_A),
      }).toEqual(expectedPlan);
    } finally {
      await there.close();
    }

    const back = freshFile();
    await copyDatabase(postgres, back);
    const again = openSqliteStore(back, { now: () => LATTICE_NOW });
    try {
      expect(await storeAnswers(again)).toEqual(expected);
      const againPlan = planOf(again)!;
      expect({
        current: await againPlan.getPlan(TOWNSHIP_A), first: await againPlan.getPlanAt(TOWNSHIP_A, 1), versions: await againPlan.listVersions(TOWNSHIP_A),
      }).toEqual(expectedPlan);
    } finally {
      again.close();
    }
  });

  it('carries accounts, sessions, API tokens and the audit log both ways, with ids continuing', async () => {
    const source = freshFile();
    const store = openSqliteStore(source, { now });
    store.seedDataset(loadFixtureDataset());
    const access = store.access;
    const admin = access.createUser({ username: 'Admin', displayName: '管理员', role: 'admin', scopeCodes: [], passwordHash: 'scrypt$a', createdBy: 'cli' });
    access.createUser({ username: 'planner', displayName: '规划', role: 'township_planner', scopeCodes: ['360121100'], passwordHash: null, createdBy: 'Admin' });
    access.updateUser('planner', { disabled: true, updatedBy: 'Admin' });
    const session = secretHash(newSecret());
    access.createSession(session, admin.id, new Date(now().getTime() + 3_600_000).toISOString());
    const ended = secretHash(newSecret());
    access.createSession(ended, admin.id, new Date(now().getTime() + 3_600_000).toISOString());
    access.revokeSession(ended);
    const tokenSecret = newSecret();
    access.createToken(secretHash(tokenSecret), 'Admin', 'wall-1', 'Admin');
    const revoked = access.createToken(secretHash(newSecret()), 'planner', 'old', 'Admin');
    access.revokeToken(revoked.id);
    for (const status of [200, 201, 403]) {
      access.appendAudit({ actor: 'Admin', via: 'session', action: 'POST /api/admin/users', target: '/api/admin/users', outcome: status === 403 ? 'denied' : 'ok', status, address: '127.0.0.1', detail: null });
    }
    const answers = async (target: AccessStore) => ({
      users: await target.listUsers(),
      tokens: await target.listTokens(),
      audit: await target.listAudit({ limit: 100 }),
      session: (await target.sessionUser(session))?.username ?? null,
      ended: await target.sessionUser(ended),
      hash: await target.passwordHashOf('admin'),
    });
    const expected = await answers(access);
    store.close();

    const postgres = urlWithSchema(freshSchemaName());
    const there = await copyDatabase(source, postgres);
    expect([there.tables.users, there.tables.sessions, there.tables.api_tokens, there.tables.audit_log]).toEqual([2, 2, 2, 3]);
    const copy = await openPostgresStore(postgres, { now });
    try {
      expect(await answers(accessOf(copy)!)).toEqual(expected);
      // The database keeps the copied audit log append-only, and new rows continue the copied ids.
      const schema = new URL(postgres).searchParams.get('schema');
      await expect((await adminPool()).query(`DELETE FROM ${schema}.audit_log`)).rejects.toThrow(/append-only/);
      const next = await copy.access.appendAudit({ actor: 'Admin', via: 'cli', action: 'cli create-token', target: 'wall', outcome: 'ok', status: null, address: null, detail: null });
      expect(next.id).toBe(expected.audit[0].id + 1);
      const user = await copy.access.createUser({ username: 'wall', displayName: '大屏', role: 'viewer', scopeCodes: [], passwordHash: null, createdBy: 'Admin' });
      expect(user.id).toBe(Math.max(...expected.users.map((u) => u.id)) + 1);
      expect((await copy.access.tokenUser(secretHash(tokenSecret)))?.username).toBe('Admin');
    } finally {
      await copy.close();
    }

    const back = freshFile();
    const again = await copyDatabase(postgres, back);
    expect([again.tables.users, again.tables.audit_log]).toEqual([3, 4]);
    const returned = openSqliteStore(back, { now });
    try {
      const answered = await answers(returned.access);
      expect(answered.users.filter((u) => u.username !== 'wall')).toEqual(expected.users);
      expect(answered.audit.slice(1)).toEqual(expected.audit);
      expect(answered.tokens.find((token) => token.name === 'wall-1')?.lastUsedAt).toBe(now().toISOString());
      expect([answered.session, answered.ended, answered.hash]).toEqual([expected.session, expected.ended, expected.hash]);
      expect(() => returned.access.createUser({ username: 'WALL', displayName: 'x', role: 'viewer', scopeCodes: [], passwordHash: null, createdBy: 'cli' })).toThrow(/exists/);
    } finally {
      returned.close();
    }
  });

  it('refuses a non-empty target, either way, leaving it unchanged', async () => {
    const source = await writtenSqliteFile();
    const postgres = urlWithSchema(freshSchemaName());
    const seeded = await openPostgresStore(postgres, { now });
    await seeded.seedDataset(loadFixtureDataset());
    const version = seeded.dataVersion();
    await seeded.close();
    await expect(copyDatabase(source, postgres)).rejects.toThrow(/already holds data/);
    const after = await openPostgresStore(postgres, { now });
    expect(after.dataVersion()).toBe(version);
    expect((await after.stats({ level: 'county' }))?.collected).toBe(loadFixtureDataset().issues.length);
    await after.close();

    const target = await writtenSqliteFile();
    const before = await answersOfSqlite(target);
    await expect(copyDatabase(postgres, target)).rejects.toBeInstanceOf(CopyError);
    expect(await answersOfSqlite(target)).toEqual(before);
    await expect(copyDatabase(source, `sqlite:${source}`)).rejects.toThrow(/same database/);
  });

  it('writes nothing when a row fails on the target halfway', async () => {
    const source = await writtenSqliteFile();
    // SQLite accepts text in an integer column; PostgreSQL refuses it, after the tables before issues went in.
    const db = new BetterSqlite3(source);
    db.prepare("UPDATE issues SET rework_count = 'many' WHERE id = (SELECT max(id) FROM issues)").run();
    db.close();
    const postgres = urlWithSchema(freshSchemaName());
    await expect(copyDatabase(source, postgres)).rejects.toThrow(/integer/);
    for (const table of COPIED_TABLES.map((spec) => spec.name)) expect(await rowCount(postgres, table)).toBe(0);
  });

  it('refuses a source with rows in tables it does not know', async () => {
    const source = await writtenSqliteFile();
    const db = new BetterSqlite3(source);
    db.exec("CREATE TABLE later_feature (x TEXT); INSERT INTO later_feature VALUES ('kept');");
    db.close();
    await expect(copyDatabase(source, freshFile())).rejects.toThrow(/later_feature/);
  });

  it('runs from the command line: `copy FROM TO`, exit 1 on a refusal', async () => {
    const source = await writtenSqliteFile();
    const postgres = urlWithSchema(freshSchemaName());
    const run = promisify(execFile);
    const cli = ['--import', 'tsx', 'server/cli.ts', 'copy', source, postgres];
    const { stdout } = await run(process.execPath, cli, { cwd: process.cwd() });
    const report = JSON.parse(stdout) as { tables: Record<string, number> };
    expect(report.tables.issues).toBe(richDataset().issues.length + 1);
    const refused = await run(process.execPath, cli, { cwd: process.cwd() }).then(() => null, (error: { code: number; stderr: string }) => error);
    expect(refused?.code).toBe(1);
    expect(refused?.stderr).toMatch(/already holds data/);
  });
});
