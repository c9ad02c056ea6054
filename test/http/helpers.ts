// Test wiring: a seeded in-memory store, a locator over the fixture grids, and GeoJSON checks.
import { expect } from 'vitest';
import { createApp, type AppDeps } from '../../server/http/app.ts';
import { openSqliteStore, type SqliteGridStore } from '../../server/store/sqlite/sqliteStore.ts';
import { pointInPolygon, signedArea } from '../../server/geo/ring.ts';
import type { Dataset } from '../../server/model.ts';
import { FIXTURE_NOW, loadFixtureDataset } from '../fixtures/dataset/load.ts';

export const ATTRIBUTION = 'Test attribution: fixture data';

/** Brute-force locator over the fixture's grid polygons (the real one is an index built elsewhere). */
export function fixtureLocator(dataset: Dataset): AppDeps['locator'] {
  return {
    locate: (lon, lat) => dataset.grids.find((g) => pointInPolygon(lon, lat, g.polygon))?.code ?? null,
  };
}

export interface TestApp {
  app: ReturnType<typeof createApp>;
  store: SqliteGridStore;
  dataset: Dataset;
  errors: unknown[];
}

export function makeTestApp(overrides: Partial<AppDeps> = {}): TestApp {
  const dataset = loadFixtureDataset();
  const store = openSqliteStore(':memory:', { now: () => FIXTURE_NOW });
  store.seedDataset(dataset);
  const errors: unknown[] = [];
  const app = createApp({
    store,
    locator: fixtureLocator(dataset),
    attribution: ATTRIBUTION,
    now: () => FIXTURE_NOW,
    logError: (error) => errors.push(error),
    ...overrides,
  });
  return { app, store, dataset, errors };
}

export async function expectError(response: Response, status: number, field?: string): Promise<{ code: string; message: string; field?: string }> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await response.json()) as { error: { code: string; message: string; field?: string } };
  expect(typeof body.error.code).toBe('string');
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message).not.toMatch(/\n\s+at /);
  if (field !== undefined) expect(body.error.field).toBe(field);
  return body.error;
}

type Position = [number, number];

function expectPosition(position: unknown): asserts position is Position {
  expect(Array.isArray(position)).toBe(true);
  const [lon, lat] = position as number[];
  expect(lon).toBeGreaterThanOrEqual(-180);
  expect(lon).toBeLessThanOrEqual(180);
  expect(lat).toBeGreaterThanOrEqual(-90);
  expect(lat).toBeLessThanOrEqual(90);
}

function expectPolygon(rings: Position[][]): void {
  expect(rings.length).toBeGreaterThan(0);
  rings.forEach((ring, index) => {
    expect(ring.length).toBeGreaterThanOrEqual(4);
    ring.forEach(expectPosition);
    expect(ring[ring.length - 1]).toEqual(ring[0]);
    // RFC 7946 §3.1.6: exterior counter-clockwise, holes clockwise.
    if (index === 0) expect(signedArea(ring)).toBeGreaterThan(0);
    else expect(signedArea(ring)).toBeLessThan(0);
  });
}

interface AnyGeometry {
  type: string;
  coordinates: unknown;
}

export function expectValidGeometry(geometry: AnyGeometry): void {
  if (geometry.type === 'Point') expectPosition(geometry.coordinates);
  else if (geometry.type === 'Polygon') expectPolygon(geometry.coordinates as Position[][]);
  else if (geometry.type === 'MultiPolygon') (geometry.coordinates as Position[][][]).forEach(expectPolygon);
  else throw new Error(`unexpected geometry type ${geometry.type}`);
}

export interface AnyFeature {
  type: string;
  id?: string | number;
  geometry: AnyGeometry;
  properties: Record<string, unknown>;
}

export function expectFeature(feature: AnyFeature): void {
  expect(feature.type).toBe('Feature');
  expect(feature.properties).toBeTypeOf('object');
  expectValidGeometry(feature.geometry);
}

export function expectFeatureCollection(body: { type: string; attribution?: unknown; features: AnyFeature[] }): void {
  expect(body.type).toBe('FeatureCollection');
  expect(body.attribution).toBe(ATTRIBUTION);
  expect(Array.isArray(body.features)).toBe(true);
  body.features.forEach(expectFeature);
}
