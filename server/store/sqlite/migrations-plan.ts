// Schema steps of grid-plan editing (exactly one entry: migration 5).
import type { Migration } from './migrations.ts';

export const PLAN_MIGRATIONS: readonly Migration[] = [];
