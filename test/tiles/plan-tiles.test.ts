// A saved grid plan reaches the tiles of its township: blocks name their new grid, grids their new block count.
import { describe, expect, it } from 'vitest';
import Pbf from 'pbf';
import { VectorTile } from '@mapbox/vector-tile';
import { createApp } from '../../server/http/app.ts';
import { openSqliteStore } from '../../server/store/sqlite/sqliteStore.ts';
import { createEventBus } from '../../server/events/bus.ts';
import { buildLocator } from '../../server/geo/locate.ts';
import { followingLocator } from '../../server/store/plan-locator.ts';
import type { PlanChangeset } from '../../server/plan/types.ts';
import { tileOf } from '../../server/tiles/coordinates.ts';
import { LATTICE_NOW, TOWNSHIP_A, VILLAGE_A1 } from '../fixtures/plan/lattice.ts';
import { loadLatticeDataset } from '../fixtures/plan/lattice.ts';

const A1_NORTH = `${VILLAGE_A1}002`;

describe('tiles after a plan', () => {
  it('cut the township again with the moved block in its new grid', async () => {
    const dataset = loadLatticeDataset();
    const store = openSqliteStore(':memory:', { now: () => LATTICE_NOW });
    store.seedDataset(dataset);
    const app = createApp({ store, locator: await followingLocator(store, buildLocator), attribution: 'test', now: () => LATTICE_NOW, events: createEventBus() });
    try {
      const block = dataset.blocks.find((candidate) => candidate.id === 'A-2-2');
      if (!block) throw new Error('the lattice has no block A-2-2');
      const ring = block.polygon[0];
      const centre = [ring.reduce((sum, [lon]) => sum + lon, 0) / ring.length, ring.reduce((sum, [, lat]) => sum + lat, 0) / ring.length];
      const { x, y } = tileOf(centre[0], centre[1], 16);
      const read = async (layer: 'blocks' | 'grids') => {
        const response = await app.request(`/tiles/${layer}/16/${x}/${y}.mvt`);
        expect(response.status).toBe(200);
        const decoded = new VectorTile(new Pbf(new Uint8Array(await response.arrayBuffer())) as unknown as ConstructorParameters<typeof VectorTile>[0]).layers[layer];
        return Array.from({ length: decoded.length }, (_, index) => decoded.feature(index).properties);
      };
      const blockBefore = (await read('blocks')).find((properties) => properties.id === 'A-2-2');
      expect(blockBefore?.gridCode).not.toBe(A1_NORTH);
      const blocksOfNorth = store.getGrid(A1_NORTH)?.blockIds.length ?? 0;
      await read('grids');
      const changeset: PlanChangeset = { baseVersion: 1, author: '规划员', reason: 'adjust grids', edits: [{ kind: 'move_blocks', blockIds: ['A-2-2'], to: { code: A1_NORTH } }] };
      const saved = await app.request(`/api/townships/${TOWNSHIP_A}/plan`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(changeset) });
      expect(saved.status).toBe(201);
      expect((await read('blocks')).find((properties) => properties.id === 'A-2-2')?.gridCode).toBe(A1_NORTH);
      const northAfter = (await read('grids')).find((properties) => properties.code === A1_NORTH);
      expect(northAfter?.blockCount).toBe(blocksOfNorth + 1);
      expect(northAfter?.version).toBe(2);
    } finally {
      store.close();
    }
  });
});
