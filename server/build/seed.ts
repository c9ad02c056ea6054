// First-start seeding: build the built-in dataset only when the database holds none (idempotent).
import type { GridStore } from '../store/store.ts';
import { buildNanchangDataset } from './nanchang-dataset.ts';
import type { ProgressListener } from './progress.ts';

export async function ensureSeeded(store: GridStore, onProgress?: ProgressListener): Promise<boolean> {
  if (await store.isSeeded()) return false;
  const { dataset, build } = buildNanchangDataset({ onProgress });
  onProgress?.(`coverage valid: ${build.coverage.valid}; ${dataset.grids.length} grids, ${dataset.blocks.length} blocks`);
  onProgress?.('storing');
  await store.seedDataset(dataset);
  return true;
}
