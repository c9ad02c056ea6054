// Tiles cut from partitions: merged across partition borders, rebuilt identically after eviction,
// refreshed by a write only where it landed, and problem density counted per cell.
import { afterAll, describe, expect, it } from 'vitest';
import Pbf from 'pbf';
import { VectorTile, type VectorTileLayer } from '@mapbox/vector-tile';
import GeoJSONVT from 'geojson-vt';
import type { Dataset } from '../../server/model.ts';
import { openSqliteStore } from '../../server/store/sqlite/sqliteStore.ts';
import { createEventBus } from '../../server/events/bus.ts';
import { publishingStore } from '../../server/events/publishing-store.ts';
import { createTileService, type TileServiceOptions } from '../../server/tiles/tile-service.ts';
import { tileOf, type TileAddress } from '../../server/tiles/coordinates.ts';
import { FIXTURE_NOW, loadFixtureDataset } from '../fixtures/dataset/load.ts';
import { countyDataset } from '../store/provinceFixtures.ts';

function decodeLayer(bytes: Uint8Array | undefined, layer: string): VectorTileLayer | null {
  if (!bytes) return null;
  return new VectorTile(new Pbf(bytes) as unknown as ConstructorParameters<typeof VectorTile>[0]).layers[layer] ?? null;
}

function propertyOf(layer: VectorTileLayer | null, name: string): Array<string | number | boolean> {
  if (!layer) return [];
  return Array.from({ length: layer.length }, (_, index) => layer.feature(index).properties[name]);
}

function shifted(value: unknown, dx: number): unknown {
  if (Array.isArray(value) && typeof value[0] === 'number') return [Math.round((Number(value[0]) + dx) * 1e7) / 1e7, ...value.slice(1)];
  return Array.isArray(value) ? value.map((item) => shifted(item, dx)) : value;
}

/** The fixture recoded as another county `dx` degrees east, area outlines included. */
function movedCounty(code: string, name: string, dx: number): Dataset {
  const dataset = countyDataset(code, name, dx);
  const original = loadFixtureDataset();
  const move = <T extends { coordinates: unknown }>(geometry: T): T => ({ ...geometry, coordinates: shifted(geometry.coordinates, dx) });
  dataset.county.geometry = move(original.county.geometry);
  dataset.townships.forEach((township, index) => (township.geometry = move(original.townships[index].geometry)));
  dataset.villages.forEach((village, index) => (village.geometry = move(original.villages[index].geometry)));
  return dataset;
}

/** The fixture county (A), a copy right next to it (B) and one a degree further east (C). */
function province() {
  const home = loadFixtureDataset();
  const width = 115.97 - 115.93;
  const datasets: Dataset[] = [home, movedCounty('360199', '相邻县', width), movedCounty('360198', '远县', 1)];
  const raw = openSqliteStore(':memory:', { now: () => FIXTURE_NOW });
  for (const dataset of datasets) raw.seedDataset(dataset);
  const bus = createEventBus();
  const store = publishingStore(raw, bus);
  const service = (overrides: Partial<TileServiceOptions> = {}) =>
    createTileService({ store, now: () => FIXTURE_NOW, salt: async () => 'test', events: bus, ...overrides });
  return { raw, store, datasets, service };
}

describe('partitioned vector tiles', () => {
  const world = province();
  afterAll(() => world.raw.close());

  it('merges the partitions a tile straddles: both sides of a county border, each feature once', async () => {
    const tiles = world.service();
    const address: TileAddress = tileOf(115.97, 28.56, 13);
    const grids = world.datasets.flatMap((dataset) => dataset.grids);
    // The whole layer in one index, as a single-partition server would cut it.
    const whole = new GeoJSONVT(
      { type: 'FeatureCollection', features: grids.map((grid) => ({ type: 'Feature', geometry: { type: 'Polygon', coordinates: grid.polygon }, properties: { code: grid.code } })) },
      { maxZoom: 16, extent: 4096, buffer: 64, tolerance: 3 },
    );
    const expected = (whole.getTile(address.z, address.x, address.y)?.features ?? []).map((feature) => String(feature.tags?.code)).sort();
    const codes = propertyOf(decodeLayer((await tiles.tile('grids', address))?.identity, 'grids'), 'code').map(String).sort();
    expect(codes).toEqual(expected);
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(codes.map((code) => code.slice(0, 6)))).toEqual(new Set(['360121', '360199']));
    const blocks = world.datasets.flatMap((dataset) => dataset.blocks);
    const blockIds = propertyOf(decodeLayer((await tiles.tile('blocks', address))?.identity, 'blocks'), 'id').map(String);
    expect(new Set(blockIds).size).toBe(blockIds.length);
    expect(new Set(blockIds.map((id) => blocks.find((block) => block.id === id)?.townshipCode.slice(0, 6)))).toEqual(new Set(['360121', '360199']));
    tiles.close();
  });

  it('reads every county\u2019s problems ahead when warmed, so problem tiles then load nothing', async () => {
    const tiles = world.service();
    await tiles.warm();
    const warmed = tiles.stats().partitions.builds;
    // Three counties' problem columns (and nothing county-wide beyond them).
    expect(warmed).toBeGreaterThanOrEqual(3);
    for (const dataset of world.datasets) {
      const issue = dataset.issues[0];
      for (const [layer, z] of [['issues', 14], ['issue-cells', 9]] as const) {
        const address = tileOf(issue.lon, issue.lat, z);
        expect(await tiles.tile(layer, address), layer).not.toBeNull();
      }
    }
    expect(tiles.stats().partitions.builds).toBe(warmed);
    tiles.close();
  });

  it('rebuilds evicted partitions into identical tiles', async () => {
    const tiles = world.service({ partitionBytes: 1, issueColumnBytes: 1, tileCacheBytes: 0 });
    const [home, , far] = world.datasets;
    const near = tileOf(home.grids[0].polygon[0][0][0] + 0.001, home.grids[0].polygon[0][0][1] + 0.001, 13);
    const away = tileOf(far.grids[0].polygon[0][0][0] + 0.001, far.grids[0].polygon[0][0][1] + 0.001, 13);
    for (const layer of ['grids', 'blocks', 'villages', 'townships', 'issues', 'streets'] as const) {
      const first = await tiles.tile(layer, near);
      const buildsBefore = tiles.stats().partitions.builds;
      await tiles.tile(layer, away);
      const again = await tiles.tile(layer, near);
      expect(first, layer).not.toBeNull();
      expect(tiles.stats().partitions.builds, layer).toBeGreaterThan(buildsBefore + 1);
      expect(Buffer.from(again?.identity ?? []).equals(Buffer.from(first?.identity ?? [])), layer).toBe(true);
      expect(again?.identityTag).toBe(first?.identityTag);
    }
    expect(tiles.stats().partitions.evictions).toBeGreaterThan(0);
    tiles.close();
  });

  it('shows a new problem in its issues and issue-cells tiles and leaves a far county’s tiles cached', async () => {
    const tiles = world.service();
    const [home, , far] = world.datasets;
    const reported = home.issues[0];
    const farIssue = far.issues[0];
    const point = { lon: reported.lon + 0.0001, lat: reported.lat + 0.0001 };
    const issuesTile = tileOf(point.lon, point.lat, 15);
    const cellsTile = tileOf(point.lon, point.lat, 11);
    const farTiles: Array<['issues' | 'issue-cells' | 'grids', TileAddress]> = [
      ['issues', tileOf(farIssue.lon, farIssue.lat, 15)],
      ['issue-cells', tileOf(farIssue.lon, farIssue.lat, 11)],
      ['grids', tileOf(farIssue.lon, farIssue.lat, 13)],
    ];
    expect(farTiles[1][1]).not.toEqual(cellsTile);
    const cellCount = async () => propertyOf(decodeLayer((await tiles.tile('issue-cells', cellsTile))?.identity, 'issue-cells'), 'count').reduce<number>((sum, count) => sum + Number(count), 0);
    const gridTile = tileOf(point.lon, point.lat, 14);
    const openRedOf = async () => {
      const layer = decodeLayer((await tiles.tile('grids', gridTile))?.identity, 'grids');
      return Number(layer?.feature(propertyOf(layer, 'code').indexOf(reported.gridCode)).properties.openRed);
    };
    const before = { ids: propertyOf(decodeLayer((await tiles.tile('issues', issuesTile))?.identity, 'issues'), 'id'), cells: await cellCount(), openRed: await openRedOf() };
    const farBytes = await Promise.all(farTiles.map(([layer, address]) => tiles.tile(layer, address)));
    farBytes.forEach((tile, index) => expect(tile, farTiles[index][0]).not.toBeNull());
    const encodesBefore = tiles.stats().encodes;
    const buildsBefore = tiles.stats().partitions.builds;

    const created = await world.store.insertIssue({
      title: '路灯损坏',
      category: reported.category,
      tier: 'red',
      status: 'open',
      ...point,
      gridCode: reported.gridCode,
      villageCode: reported.villageCode,
      townshipCode: reported.townshipCode,
      reportedAt: FIXTURE_NOW.toISOString(),
      deadlineAt: new Date(FIXTURE_NOW.getTime() + 86_400_000).toISOString(),
      closedAt: null,
      satisfaction: null,
      synthetic: false,
    });

    const farAgain = await Promise.all(farTiles.map(([layer, address]) => tiles.tile(layer, address)));
    expect(tiles.stats().encodes).toBe(encodesBefore);
    expect(tiles.stats().partitions.builds).toBe(buildsBefore);
    farAgain.forEach((tile, index) => expect(tile).toBe(farBytes[index]));

    const ids = propertyOf(decodeLayer((await tiles.tile('issues', issuesTile))?.identity, 'issues'), 'id');
    expect(ids.sort()).toEqual([...before.ids, created.id].sort());
    expect(await cellCount()).toBe(before.cells + 1);
    // Written in place, without reloading the county's problems.
    expect(tiles.stats().partitions.builds).toBe(buildsBefore);
    const buildsAfterProblems = tiles.stats().partitions.builds;
    expect(await openRedOf()).toBe(before.openRed + 1);
    // The grid outlines were not cut again: only their counts were read.
    expect(tiles.stats().partitions.builds).toBe(buildsAfterProblems + 1);
    // And the same bytes as a server that read everything after the write.
    const fresh = world.service();
    for (const [layer, address] of [['issues', issuesTile], ['issue-cells', cellsTile]] as const) {
      expect(Buffer.from((await fresh.tile(layer, address))?.identity ?? []).equals(Buffer.from((await tiles.tile(layer, address))?.identity ?? [])), layer).toBe(true);
    }
    fresh.close();

    // A change of state reaches the tiles in place too: the problem closes, its cell has one open fewer.
    const openCount = async () => propertyOf(decodeLayer((await tiles.tile('issue-cells', cellsTile))?.identity, 'issue-cells'), 'open').reduce<number>((sum, count) => sum + Number(count), 0);
    const openBefore = await openCount();
    for (const command of [{ action: 'accept' }, { action: 'dispatch', unit: '城管办' }, { action: 'start' }, { action: 'handle' }, { action: 'verify' }, { action: 'close', satisfaction: 'satisfied' }] as const) {
      const result = await world.store.transitionIssue(created.id, command, 'tester');
      expect(result.ok, command.action).toBe(true);
    }
    const layer = decodeLayer((await tiles.tile('issues', issuesTile))?.identity, 'issues');
    expect(layer?.feature(propertyOf(layer, 'id').indexOf(created.id)).properties.status).toBe('closed');
    expect(await openCount()).toBe(openBefore - 1);
    expect(tiles.stats().partitions.builds).toBe(buildsAfterProblems + 1);
    tiles.close();
  });

  it('refreshes grid open counts after a write that did not come through the event bus', async () => {
    const tiles = world.service({ events: undefined });
    const grid = world.datasets[0].grids[0];
    const address = tileOf(grid.polygon[0][0][0] + 0.001, grid.polygon[0][0][1] + 0.001, 13);
    const openRedOf = async () => {
      const layer = decodeLayer((await tiles.tile('grids', address))?.identity, 'grids');
      const index = propertyOf(layer, 'code').indexOf(grid.code);
      return Number(layer?.feature(index).properties.openRed);
    };
    const before = await openRedOf();
    const [lon, lat] = grid.polygon[0][0];
    const inside = world.datasets[0].issues.find((issue) => issue.gridCode === grid.code) ?? { lon, lat };
    await world.raw.insertIssue({
      title: '井盖缺失',
      category: '市政设施',
      tier: 'red',
      status: 'open',
      lon: inside.lon,
      lat: inside.lat,
      gridCode: grid.code,
      villageCode: grid.villageCode,
      townshipCode: grid.townshipCode,
      reportedAt: FIXTURE_NOW.toISOString(),
      deadlineAt: new Date(FIXTURE_NOW.getTime() + 86_400_000).toISOString(),
      closedAt: null,
      satisfaction: null,
      synthetic: false,
    });
    expect(await openRedOf()).toBe(before + 1);
    tiles.close();
  });

  it('counts every problem of a density cell: all, open per tier, overdue', async () => {
    const tiles = world.service();
    const issues = await world.raw.exportIssues({});
    for (const z of [9, 11]) {
      const address = tileOf(issues[0].lon, issues[0].lat, z);
      const expected = new Map<string, { count: number; open: number; openRed: number; openOrange: number; openYellow: number; overdue: number }>();
      for (const issue of issues) {
        const cell = tileOf(issue.lon, issue.lat, z + 6);
        if (cell.x >> 6 !== address.x || cell.y >> 6 !== address.y) continue;
        const key = `${cell.x - address.x * 64}/${cell.y - address.y * 64}`;
        const counts = expected.get(key) ?? { count: 0, open: 0, openRed: 0, openOrange: 0, openYellow: 0, overdue: 0 };
        counts.count++;
        if (issue.status === 'open') {
          counts.open++;
          counts[issue.tier === 'red' ? 'openRed' : issue.tier === 'orange' ? 'openOrange' : 'openYellow']++;
          if (Date.parse(issue.deadlineAt) < FIXTURE_NOW.getTime()) counts.overdue++;
        }
        expected.set(key, counts);
      }
      const layer = decodeLayer((await tiles.tile('issue-cells', address))?.identity, 'issue-cells');
      expect(expected.size).toBeGreaterThan(0);
      expect(layer?.length).toBe(expected.size);
      const unmatched = new Map(expected);
      for (let index = 0; index < (layer?.length ?? 0); index++) {
        const feature = layer!.feature(index);
        const [[point]] = feature.loadGeometry();
        // The centroid lies in its cell (a rounded coordinate may sit on the cell's far edge).
        const key = [...unmatched.keys()].find((candidate) => {
          const [column, row] = candidate.split('/').map(Number);
          return point.x >= column * 64 && point.x <= column * 64 + 64 && point.y >= row * 64 && point.y <= row * 64 + 64;
        });
        expect(key, `cell of feature ${index}`).toBeDefined();
        expect(feature.properties).toEqual(unmatched.get(key!));
        unmatched.delete(key!);
      }
      expect(unmatched.size).toBe(0);
    }
    tiles.close();
  });

  it('counts features for TileJSON without cutting tiles', async () => {
    const tiles = world.service();
    const grids = world.datasets.reduce((sum, dataset) => sum + dataset.grids.length, 0);
    const problems = (await world.raw.exportIssues({})).length;
    expect((await tiles.summary('grids')).featureCount).toBe(grids);
    expect((await tiles.summary('townships')).featureCount).toBe(world.datasets.reduce((sum, dataset) => sum + dataset.townships.length, 0));
    expect((await tiles.summary('issues')).featureCount).toBe(problems);
    const assignedBlocks = world.datasets.reduce((sum, dataset) => sum + dataset.blocks.filter((block) => dataset.grids.some((grid) => grid.blockIds.includes(block.id))).length, 0);
    expect((await tiles.summary('blocks')).featureCount).toBe(assignedBlocks);
    const villagesWithGrids = world.datasets.reduce((sum, dataset) => sum + new Set(dataset.grids.map((grid) => grid.villageCode)).size, 0);
    expect((await tiles.summary('villages')).featureCount).toBe(villagesWithGrids);
    expect((await tiles.summary('streets')).featureCount).toBe(world.datasets.reduce((sum, dataset) => sum + (dataset.lines ?? []).filter((line) => line.kind === 'street').length, 0));
    expect((await tiles.summary('issue-cells')).featureCount).toBe(problems);
    expect(tiles.stats().encodes).toBe(0);
    tiles.close();
  });
});
