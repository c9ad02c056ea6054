// `overdue` moves with the clock, not only with writes: prepared collections and tile indexes follow it.
import { describe, expect, it } from 'vitest';
import Pbf from 'pbf';
import { VectorTile } from '@mapbox/vector-tile';
import { createApp } from '../../server/http/app.ts';
import { openSqliteStore } from '../../server/store/sqlite/sqliteStore.ts';
import { nextOverdueChange } from '../../server/ogc/freshness.ts';
import { tileOf } from '../../server/tiles/coordinates.ts';
import { FIXTURE_NOW, loadFixtureDataset } from '../fixtures/dataset/load.ts';
import { fixtureLocator } from '../http/helpers.ts';

describe('prepared layers and the clock', () => {
  it('finds the earliest deadline of a problem still open and on time', () => {
    expect(
      nextOverdueChange([
        { status: 'open', overdue: false, deadlineAt: '2015-05-03T00:00:00Z' },
        { status: 'open', overdue: false, deadlineAt: '2015-05-02T00:00:00Z' },
        { status: 'open', overdue: true, deadlineAt: '2015-04-02T00:00:00Z' },
        { status: 'closed', overdue: false, deadlineAt: '2015-05-01T00:00:00Z' },
      ]),
    ).toBe(Date.parse('2015-05-02T00:00:00Z'));
    expect(nextOverdueChange([{ status: 'closed', overdue: false, deadlineAt: '2015-05-01T00:00:00Z' }])).toBeNull();
  });

  it('turns a problem overdue in /ogc items and in tiles once its deadline passes, with no write', async () => {
    let clock = FIXTURE_NOW;
    const dataset = loadFixtureDataset();
    const store = openSqliteStore(':memory:', { now: () => clock });
    store.seedDataset(dataset);
    const app = createApp({ store, locator: fixtureLocator(dataset), attribution: 'test', now: () => clock });
    try {
      const issues = store.exportIssues({});
      const onTime = issues.find((issue) => issue.status === 'open' && !issue.overdue);
      if (!onTime) throw new Error('the fixture has no open problem within its deadline');
      const overdueIn = async () => {
        const feature = (await (await app.request(`/ogc/collections/issues/items/${onTime.id}`)).json()) as { properties: { overdue: boolean } };
        const { x, y } = tileOf(onTime.lon, onTime.lat, 16);
        const response = await app.request(`/tiles/issues/16/${x}/${y}.mvt`);
        const layer = new VectorTile(new Pbf(new Uint8Array(await response.arrayBuffer())) as unknown as ConstructorParameters<typeof VectorTile>[0]).layers.issues;
        const tileFeature = Array.from({ length: layer.length }, (_, index) => layer.feature(index)).find((candidate) => candidate.properties.id === onTime.id);
        return { ogc: feature.properties.overdue, tile: tileFeature?.properties.overdue };
      };
      const version = store.dataVersion();
      expect(await overdueIn()).toEqual({ ogc: false, tile: false });
      clock = new Date(Date.parse(onTime.deadlineAt) + 1000);
      expect(store.dataVersion()).toBe(version);
      expect(await overdueIn()).toEqual({ ogc: true, tile: true });
    } finally {
      store.close();
    }
  });
});
