// Schema steps of accounts and audit (exactly one entry: migration 6).
import type { Migration } from './migrations.ts';

export const ACCESS_MIGRATIONS: readonly Migration[] = [];
