// Input schemas of the grid-plan routes; their inferred types match server/plan/types.ts.
import { z } from 'zod';
import { gridCode } from './schemas.ts';
import { checkLine } from '../geo/line-validity.ts';

/** Changesets name many blocks (a rebalance moves hundreds): larger than the default body limit. */
export const PLAN_BODY_MAX_BYTES = 2_000_000;

const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const newGridKey = z.string().min(1, 'a new grid key is 1–40 characters').max(40, 'a new grid key is 1–40 characters');
const blockId = z.string().min(1).max(120);
const version = z.number().int('a version is a whole number').min(1, 'versions start at 1');
const author = z.string().trim().min(1, 'author is required').max(100);
const reason = z.string().trim().min(1, 'reason is required').max(500);

const gridRef = z.union([z.strictObject({ code: gridCode }), z.strictObject({ newGrid: newGridKey })], 'a grid is {code} or {newGrid}');

export const planEdit = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      kind: z.literal('split_block'),
      blockId,
      line: z
        .array(position)
        .min(2, 'a line has at least two positions')
        .max(1000, 'a line has at most 1000 positions')
        .superRefine((line, context) => {
          const check = checkLine(line);
          if (!check.valid) context.addIssue({ code: 'custom', message: check.reason });
        }),
    }),
    z.strictObject({ kind: z.literal('move_blocks'), blockIds: z.array(blockId).min(1, 'name at least one block').max(20_000), to: gridRef }),
    z.strictObject({
      kind: z.literal('create_grid'),
      newGrid: newGridKey,
      villageCode: z.string().regex(/^\d{12}$/, 'a village code is 12 digits'),
      name: z.string().max(60).optional(),
    }),
    z.strictObject({ kind: z.literal('rename_grid'), grid: gridRef, name: z.string().max(60) }),
  ],
  'kind is split_block, move_blocks, create_grid or rename_grid',
);

export const planChangesetBody = z.strictObject({
  baseVersion: version,
  author,
  reason,
  edits: z.array(planEdit).max(5000),
});

export const planRollbackBody = z.strictObject({ toVersion: version, baseVersion: version, author, reason });

export const planRebalanceBody = z.strictObject({
  baseVersion: version.optional(),
  target: z.number().positive('target is a positive number of households').max(1_000_000).optional(),
});

const versionText = z.string().regex(/^\d{1,9}$/, 'a version is a whole number').transform(Number);

export const planDiffQuery = z.object({ from: versionText, to: versionText });
