// The collections served at /ogc: what each is, and how its features are read from the store. The
// features are the same as the /api GeoJSON (server/http/geojson.ts), so both interfaces agree.
import type { Feature } from 'geojson';
import type { GridStore } from '../store/store.ts';
import { nextOverdueChange, type OverdueState } from './freshness.ts';
import { blockFeature, gridFeature, issueFeature, townshipFeature, villageFeature } from '../http/geojson.ts';

export const OGC_COLLECTION_IDS = ['townships', 'villages', 'grids', 'blocks', 'issues'] as const;
export type OgcCollectionId = (typeof OGC_COLLECTION_IDS)[number];

export interface OgcCollectionDefinition {
  id: OgcCollectionId;
  title: string;
  description: string;
  /** Geometry type every feature has (informative, for clients that want one up front). */
  itemType: 'feature';
  /** Property holding each feature's instant, when the collection is temporal. */
  temporalProperty?: string;
  /** When features change with the clock as well as with writes (`overdue`): the instant after which they do. */
  changesAfter?(features: Feature[]): number | null;
  load(store: GridStore): Promise<Feature[]>;
}

export function isOgcCollectionId(id: string): id is OgcCollectionId {
  return (OGC_COLLECTION_IDS as readonly string[]).includes(id);
}

export const OGC_COLLECTIONS: Readonly<Record<OgcCollectionId, OgcCollectionDefinition>> = {
  townships: {
    id: 'townships',
    title: 'Townships 乡镇（街道）',
    description: 'Township-level units of the county with grid count, households and open problems per tier.',
    itemType: 'feature',
    load: async (store) => (await store.listTownships()).map(townshipFeature),
  },
  villages: {
    id: 'villages',
    title: 'Villages and communities 村（社区）',
    description: 'Villages and urban communities with their township, grid count, households and open problems per tier.',
    itemType: 'feature',
    load: async (store) => ((await store.listVillages()) ?? []).map(villageFeature),
  },
  grids: {
    id: 'grids',
    title: 'Unit grids 网格',
    description: 'Current unit grids with 15-digit codes, households, area, plan version and open problems per tier.',
    itemType: 'feature',
    load: async (store) => ((await store.listGrids()) ?? []).map(gridFeature),
  },
  blocks: {
    id: 'blocks',
    title: 'Street blocks 街块',
    description: 'The atomic street blocks every grid is made of, with their current grid and households.',
    itemType: 'feature',
    load: async (store) => {
      const features: Feature[] = [];
      for (const township of await store.listTownships()) {
        for (const block of (await store.listBlocks({ townshipCode: township.code })) ?? []) features.push(blockFeature(block));
      }
      return features;
    },
  },
  issues: {
    id: 'issues',
    title: 'Problems 民情问题',
    description: 'Residents\u2019 problems located to their grid, by tier (red / orange / yellow), with lifecycle stage; time is the report time.',
    itemType: 'feature',
    temporalProperty: 'reportedAt',
    changesAfter: (features) => nextOverdueChange(features.map((feature) => feature.properties as OverdueState)),
    load: async (store) => (await store.exportIssues({})).map(issueFeature),
  },
};
