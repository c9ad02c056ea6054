// Property-based fuzzing of every write endpoint: malformed JSON, wrong types, unknown fields,
// GeoJSON-like geometry where numbers belong, junk query strings and content types. Every answer
// must be a JSON 4xx naming the field (Open311: its own error list), never a 5xx, and the database
// file must be byte for byte what it was before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import BetterSqlite3 from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import { createApp } from '../../server/http/app.ts';
import { openSqliteStore, type SqliteGridStore } from '../../server/store/sqlite/sqliteStore.ts';
import { newIssueBody, transitionBody } from '../../server/http/schemas.ts';
import { signInBody, spotCheckBody, visitBody } from '../../server/http/routes/fieldwork.ts';
import { planChangesetBody, planEdit, planRollbackBody } from '../../server/http/plan-schemas.ts';
import { GRID_A, GRID_C, GRID_D, loadFieldworkDataset } from '../fixtures/fieldwork/load.ts';
import { fixtureLocator } from './helpers.ts';
import type { Dataset } from '../../server/model.ts';

const EVENING = new Date('2015-05-06T10:05:00.000Z');
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

let directory: string;
let databasePath: string;
let store: SqliteGridStore;
let app: ReturnType<typeof createApp>;
let dataset: Dataset;
const errors: unknown[] = [];
let before: string;

/** Folds the WAL into the main file, then hashes the file. */
function databaseHash(): string {
  const db = new BetterSqlite3(databasePath);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return createHash('sha256').update(readFileSync(databasePath)).digest('hex');
}

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'gridmap-fuzz-'));
  databasePath = join(directory, 'fuzz.db');
  dataset = loadFieldworkDataset();
  store = openSqliteStore(databasePath, { now: () => EVENING });
  store.seedDataset(dataset);
  app = createApp({ store, locator: fixtureLocator(dataset), attribution: 'test', now: () => EVENING, logError: (error) => errors.push(error) });
  before = databaseHash();
});

afterAll(() => {
  store.close();
  rmSync(directory, { recursive: true, force: true });
});

function centreOf(gridCode: string): { lon: number; lat: number } {
  const ring = dataset.grids.find((grid) => grid.code === gridCode)!.polygon[0];
  const lons = ring.map((p) => p[0]);
  const lats = ring.map((p) => p[1]);
  return { lon: (Math.min(...lons) + Math.max(...lons)) / 2, lat: (Math.min(...lats) + Math.max(...lats)) / 2 };
}

/** JSON as it arrives: what JSON.stringify/parse make of a value. */
const roundTrip = (value: unknown): unknown => {
  const text = JSON.stringify({ value });
  return (JSON.parse(text) as { value?: unknown }).value;
};

const coordinate = fc.oneof(fc.double({ noNaN: false }), fc.integer(), fc.constant(1e308), fc.constant(-0));
const position = fc.array(coordinate, { minLength: 0, maxLength: 4 });
const ring = fc.array(position, { maxLength: 8 });
/** GeoJSON-like geometry: right shape or nearly, with wild coordinates. */
const geometry = fc.oneof(
  fc.record({ type: fc.constant('Point'), coordinates: position }),
  fc.record({ type: fc.constantFrom('LineString', 'MultiPoint'), coordinates: ring }),
  fc.record({ type: fc.constantFrom('Polygon', 'MultiLineString'), coordinates: fc.array(ring, { maxLength: 3 }) }),
  fc.record({ type: fc.constant('MultiPolygon'), coordinates: fc.array(fc.array(ring, { maxLength: 2 }), { maxLength: 2 }) }),
  fc.record({ type: fc.constant('Feature'), geometry: fc.record({ type: fc.constant('Point'), coordinates: position }), properties: fc.jsonValue() }),
  fc.record({ type: fc.constant('GeometryCollection'), geometries: fc.array(fc.record({ type: fc.constant('Point'), coordinates: position }), { maxLength: 3 }) }),
);
const anyValue = fc.oneof(fc.jsonValue(), geometry, fc.string({ maxLength: 300 }), fc.constant(null), fc.constant(''), fc.constant('   '), fc.constant('x'.repeat(5000)));

/** A value the field's own schema refuses (after the JSON round trip). */
function invalidFor(schema: z.ZodType): fc.Arbitrary<unknown> {
  return anyValue.map(roundTrip).filter((value) => value !== undefined && !schema.safeParse(value).success);
}

/** The valid body with one field broken, a required field dropped, or an unknown field added. */
function broken(base: Record<string, unknown>, shape: Record<string, z.ZodType>): fc.Arbitrary<unknown> {
  const fields = Object.keys(shape);
  const required = fields.filter((field) => !shape[field].safeParse(undefined).success);
  return fc.oneof(
    fc.constantFrom(...fields).chain((field) => invalidFor(shape[field]).map((value) => ({ ...base, [field]: value }))),
    fc.constantFrom(...required).map((field) => Object.fromEntries(Object.entries(base).filter(([key]) => key !== field))),
    fc.tuple(fc.string({ minLength: 1, maxLength: 20 }).filter((key) => !fields.includes(key)), anyValue).map(([key, value]) => ({ ...base, [key]: value })),
    fc.tuple(fc.constantFrom('geometry', 'coordinates', 'type', 'features'), geometry).map(([key, value]) => ({ ...base, [key]: value })),
    // Not an object at all.
    fc.oneof(fc.array(fc.jsonValue(), { maxLength: 5 }), fc.string(), fc.integer(), fc.constant(null), geometry),
  );
}

/** Raw bodies: truncated or mangled JSON, bytes, empty. */
const rawBody = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.jsonValue().map((value) => JSON.stringify(value).slice(0, -1)),
  fc.constantFrom('', '{', '{"title":', '[', 'null', '{"a":1}}', '\u0000', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}'),
  fc.uint8Array({ maxLength: 100 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
);
const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant('application/json') },
  { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', 'application/geo+json', '') },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
);
const queryString = fc.oneof(
  fc.constant(''),
  fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 30 }), { maxKeys: 4 }).map((query) => `?${new URLSearchParams(query)}`),
  fc.string({ maxLength: 40 }).map((text) => `?${encodeURIComponent(text)}`),
);

interface Sent {
  path: string;
  body: string;
  type: string;
}

async function send({ path, body, type }: Sent): Promise<Response> {
  const headers: Record<string, string> = {};
  if (type) headers['content-type'] = type;
  return app.request(path, { method: 'POST', headers, body });
}

/** A JSON 4xx naming the field; Open311 answers with its own `[{code, description}]`. */
async function expectRefusal(response: Response, sent: Sent): Promise<void> {
  const context = `${sent.path} ${sent.type} ${sent.body.slice(0, 200)}`;
  expect(response.status, context).toBeGreaterThanOrEqual(400);
  expect(response.status, context).toBeLessThan(500);
  expect(response.headers.get('content-type'), context).toMatch(/^application\/json/);
  const body = (await response.json()) as unknown;
  if (sent.path.startsWith('/open311/')) {
    expect(body, context).toEqual([{ code: response.status, description: expect.any(String) }]);
  } else {
    // The planner's refusals keep their own shape, {error: code, field, reason, problems}.
    const shaped = body as { error?: { code?: unknown; field?: unknown } | string; field?: unknown };
    const code = typeof shaped.error === 'string' ? shaped.error : shaped.error?.code;
    const field = typeof shaped.error === 'object' ? shaped.error.field : shaped.field;
    expect(typeof code, context).toBe('string');
    expect(typeof field === 'string' && field.length > 0, `${context} → ${JSON.stringify(body)}`).toBe(true);
  }
}

function endpointProperty(paths: fc.Arbitrary<string>, bodies: fc.Arbitrary<unknown>) {
  const structured = fc.tuple(paths, queryString, bodies).map(([path, query, body]) => ({ path: `${path}${query}`, body: JSON.stringify(body) ?? '', type: 'application/json' }));
  const raw = fc.tuple(paths, queryString, rawBody, contentType).map(([path, query, body, type]) => ({ path: `${path}${query}`, body, type }));
  return fc.asyncProperty(fc.oneof({ weight: 3, arbitrary: structured }, { weight: 1, arbitrary: raw }), async (sent) => {
    await expectRefusal(await send(sent), sent);
  });
}

const shapeOf = (schema: z.ZodType) => (schema as unknown as { shape: Record<string, z.ZodType> }).shape;

describe('fuzzing the write endpoints', () => {
  it('POST /api/issues', async () => {
    const base = { title: '路灯不亮', category: '道路交通', tier: 'red', ...centreOf(GRID_A) };
    const outside = fc.record({ lon: fc.double({ min: -180, max: 180, noNaN: true }), lat: fc.double({ min: -90, max: 90, noNaN: true }) })
      .filter(({ lon, lat }) => fixtureLocator(dataset).locate(lon, lat) === null)
      .map((point) => ({ ...base, ...point }));
    await fc.assert(endpointProperty(fc.constant('/api/issues'), fc.oneof(broken(base, shapeOf(newIssueBody)), outside)), { numRuns: RUNS * 2 });
  });

  it('POST /api/issues/:id/transitions', async () => {
    const base = { action: 'comment', actor: '网格员', note: '已联系' };
    // Dot segments are left out: URL normalisation makes them another route, not this endpoint.
    const id = fc.oneof(fc.integer({ min: 1, max: 8 }).map(String), fc.string({ minLength: 1, maxLength: 12 }).map(encodeURIComponent).filter((text) => text !== '.' && text !== '..'), fc.constantFrom('0', '-1', '1.5', '1e3', '9007199254740993'));
    const invalid = fc.tuple(id, broken(base, shapeOf(transitionBody)));
    // A well-formed command for a problem that does not exist.
    const unknown = fc.tuple(fc.integer({ min: 1_000_000, max: 2 ** 40 }).map(String), fc.constant(base));
    await fc.assert(
      fc.asyncProperty(fc.oneof(invalid, unknown), queryString, async ([issueId, body], query) => {
        const sent = { path: `/api/issues/${issueId}/transitions${query}`, body: JSON.stringify(body) ?? '', type: 'application/json' };
        await expectRefusal(await send(sent), sent);
      }),
      { numRuns: RUNS * 2 },
    );
    await fc.assert(endpointProperty(fc.constant('/api/issues/1/transitions'), broken(base, shapeOf(transitionBody))), { numRuns: RUNS });
  });

  it('POST /api/contact-days/sign-ins', async () => {
    const base = { personId: 'CD1', gridCode: GRID_A };
    // Well-formed, but nobody by that id, or not on that grid's roster.
    const wrongPlace = fc.oneof(
      fc.stringMatching(/^ZZ[0-9]{1,6}$/).map((personId) => ({ ...base, personId })),
      fc.constant({ personId: 'CD1', gridCode: GRID_C }),
    );
    await fc.assert(endpointProperty(fc.constant('/api/contact-days/sign-ins'), fc.oneof(broken(base, shapeOf(signInBody)), wrongPlace)), { numRuns: RUNS });
  });

  it('POST /api/visits', async () => {
    const base = { personId: 'CD1', gridCode: GRID_A, contactDate: '2015-04-22', kind: 'visited', people: 2 };
    const notSignedIn = fc.constant({ ...base, contactDate: '2015-04-29', personId: 'CD2' });
    await fc.assert(endpointProperty(fc.constant('/api/visits'), fc.oneof(broken(base, shapeOf(visitBody)), notSignedIn)), { numRuns: RUNS });
  });

  it('POST /api/spot-checks', async () => {
    const base = { personId: 'CD2', gridCode: GRID_A, contactDate: '2015-04-29', result: 'present', inspector: '督查组' };
    const actionOnPresent = fc.constant({ ...base, action: 'criticism' });
    await fc.assert(endpointProperty(fc.constant('/api/spot-checks'), fc.oneof(broken(base, shapeOf(spotCheckBody)), actionOnPresent)), { numRuns: RUNS });
  });

  it('POST /open311/v2/requests.json', async () => {
    const centre = centreOf(GRID_A);
    const fields = { service_code: 'roads', lat: String(centre.lat), long: String(centre.lon), description: '井盖缺失' };
    const locator = fixtureLocator(dataset);
    const located = (value: Record<string, unknown>) => {
      const lat = Number(value.lat);
      const lon = Number(value.long);
      return typeof value.service_code === 'string' && ['sanitation', 'dispute', 'roads', 'safety', 'welfare', 'agriculture', 'housing', 'other'].includes(String(value.service_code)) &&
        value.lat !== undefined && value.long !== undefined && String(value.lat).trim() !== '' && String(value.long).trim() !== '' &&
        Number.isFinite(lat) && Number.isFinite(lon) && locator.locate(lon, lat) !== null;
    };
    const mutated = fc.oneof(
      fc.tuple(fc.constantFrom('service_code', 'lat', 'long'), anyValue).map(([field, value]) => ({ ...fields, [field]: value })),
      fc.constantFrom('service_code', 'lat', 'long').map((field) => Object.fromEntries(Object.entries(fields).filter(([key]) => key !== field))),
    ).filter((value) => !located(roundTrip(value) as Record<string, unknown>));
    const asJson = mutated.map((value) => ({ body: JSON.stringify(value), type: 'application/json' }));
    const asForm = mutated.map((value) => ({ body: new URLSearchParams(Object.entries(value).map(([key, field]): [string, string] => [key, typeof field === 'string' ? field : JSON.stringify(field) ?? ''])).toString(), type: 'application/x-www-form-urlencoded' }))
      .filter(({ body }) => !located(Object.fromEntries(new URLSearchParams(body))));
    const raw = fc.tuple(rawBody, contentType).map(([body, type]) => ({ body, type }));
    await fc.assert(
      fc.asyncProperty(fc.oneof(asJson, asForm, raw), queryString, async (request, query) => {
        const sent = { path: `/open311/v2/requests.json${query}`, ...request };
        await expectRefusal(await send(sent), sent);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('POST /api/townships/:code/plan (grid-plan saves and rollbacks)', async () => {
    const township = GRID_A.slice(0, 9);
    const rename = { kind: 'rename_grid', grid: { code: GRID_A }, name: '莲塘一网格' };
    const base = { baseVersion: 1, author: '规划员', reason: '调整', edits: [rename] };
    // Edits whose geometry or references are broken: lines with bad positions, unknown blocks and grids.
    const badLine = fc.oneof(
      fc.array(position, { maxLength: 6 }),
      fc.array(fc.tuple(fc.double({ min: 181, max: 1e9, noNaN: true }), fc.double({ min: -90, max: 90, noNaN: true })), { minLength: 2, maxLength: 5 }),
      fc.constant([[115.95, 28.55]]),
      geometry,
    );
    const badEdit = fc.oneof(
      badLine.map((line) => ({ kind: 'split_block', blockId: 'B1', line })).filter((edit) => !planEdit.safeParse(roundTrip(edit)).success),
      fc.string({ minLength: 1, maxLength: 30 }).map((blockId) => ({ kind: 'move_blocks', blockIds: [`unknown-${blockId}`], to: { code: GRID_A } })),
      fc.constant({ kind: 'move_blocks', blockIds: [], to: { code: GRID_A } }),
      fc.constant({ kind: 'rename_grid', grid: { code: GRID_D }, name: 'other township' }),
      fc.constant({ kind: 'create_grid', newGrid: 'n1', villageCode: '360121999999' }),
      invalidFor(planEdit),
    );
    const bodies = fc.oneof(
      broken(base, shapeOf(planChangesetBody)),
      badEdit.map((edit) => ({ ...base, edits: [edit] })),
      fc.integer({ min: 2, max: 1000 }).map((baseVersion) => ({ ...base, baseVersion })),
    );
    await fc.assert(endpointProperty(fc.constant(`/api/townships/${township}/plan`), bodies), { numRuns: RUNS });
    const rollback = { toVersion: 1, baseVersion: 1, author: '规划员', reason: '回退' };
    await fc.assert(endpointProperty(fc.constant(`/api/townships/${township}/plan/rollback`), fc.oneof(broken(rollback, shapeOf(planRollbackBody)), fc.constant(rollback))), { numRuns: RUNS / 2 });
  });

  it('left no unexpected error and the database byte for byte as it was', () => {
    expect(errors).toEqual([]);
    expect(databaseHash()).toBe(before);
  });

  it('would notice a write (the hash covers what a committed request changes)', async () => {
    const response = await app.request('/api/issues', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: '路灯不亮', category: '道路交通', tier: 'red', ...centreOf(GRID_A) }) });
    expect(response.status).toBe(201);
    expect(databaseHash()).not.toBe(before);
  });
});
