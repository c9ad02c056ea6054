// Input schemas, one per route; their inferred types are the API's request types.
import { z } from 'zod';
import { ApiError } from './errors.ts';
import { TIERS, type Tier } from '../model.ts';
import { isLedgerDate } from '../store/ledgerCalendar.ts';
import { TRANSITION_ACTIONS } from '../ledger/transitions.ts';
import type { TransitionAction } from '../ledger/types.ts';
import type { StatsLevel } from '../store/store.ts';

export const countyCode = z.string().regex(/^\d{6}$/, 'a county code is 6 digits');
export const townshipCode = z.string().regex(/^\d{9}$/, 'a township code is 9 digits');
export const gridCode = z.string().regex(/^\d{15}$/, 'a grid code is 15 digits');
const tier = z.enum(['red', 'orange', 'yellow']);

export const townshipsQuery = z.object({ county: countyCode.optional() });
export const villagesQuery = z.object({ township: townshipCode.optional() });
export const gridsQuery = z.object({ township: townshipCode.optional() });
export const gridParams = z.object({ code: gridCode });
export const blocksQuery = z.object({ township: townshipCode });
export const issueParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

const decimal = /^-?\d+(\.\d+)?$/;
const bbox = z
  .string()
  .refine((text) => {
    const parts = text.split(',');
    return parts.length === 4 && parts.every((p) => decimal.test(p.trim()));
  }, 'bbox is minLon,minLat,maxLon,maxLat')
  .transform((text) => text.split(',').map(Number) as [number, number, number, number])
  .refine(
    ([minLon, minLat, maxLon, maxLat]) =>
      minLon >= -180 && maxLon <= 180 && minLat >= -90 && maxLat <= 90 && minLon <= maxLon && minLat <= maxLat,
    'bbox must satisfy -180 ≤ minLon ≤ maxLon ≤ 180 and -90 ≤ minLat ≤ maxLat ≤ 90',
  );

export const ISSUE_PAGE_DEFAULT = 500;
export const ISSUE_PAGE_MAX = 5000;

export const issuesQuery = z.object({
  township: townshipCode.optional(),
  grid: gridCode.optional(),
  tier: tier.optional(),
  status: z.enum(['open', 'closed', 'overdue']).optional(),
  bbox: bbox.optional(),
  limit: z
    .string()
    .regex(/^\d+$/, 'limit is a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1).max(ISSUE_PAGE_MAX))
    .optional(),
  cursor: z.string().min(1).max(200).optional(),
});

export const newIssueBody = z.strictObject({
  title: z.string().trim().min(1).max(100),
  category: z.string().trim().min(1).max(20),
  tier,
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  reportedAt: z.iso.datetime({ offset: true }).optional(),
});

/** A calendar day in ledger time (Asia/Shanghai). */
const ledgerDate = z.string().refine(isLedgerDate, 'a date is YYYY-MM-DD');
const category = z.string().trim().min(1).max(20);

/** `from`/`to`: an inclusive window of days on reportedAt; `category`: one category. */
const windowFields = {
  from: ledgerDate.optional(),
  to: ledgerDate.optional(),
  category: category.optional(),
};

function checkWindow(value: { from?: string; to?: string }, context: z.RefinementCtx): void {
  // Both are YYYY-MM-DD here, so string order is date order.
  if (value.from !== undefined && value.to !== undefined && value.from > value.to) {
    context.addIssue({ code: 'custom', path: ['from'], message: `from (${value.from}) is after to (${value.to})` });
  }
}

/**
 * Township and grid levels need a code of the right shape; a county's code is optional (the first
 * county without one) but must be 6 digits when given; the province ignores it.
 */
function checkLevelCode(value: { level: StatsLevel; code?: string }, context: z.RefinementCtx): void {
  if (value.level === 'province') return;
  if (value.code === undefined) {
    if (value.level !== 'county') context.addIssue({ code: 'custom', path: ['code'], message: `code is required for level ${value.level}` });
    return;
  }
  const pattern = value.level === 'county' ? countyCode : value.level === 'township' ? townshipCode : gridCode;
  const result = pattern.safeParse(value.code);
  if (!result.success) context.addIssue({ code: 'custom', path: ['code'], message: result.error.issues[0].message });
}

const level = z.enum(['province', 'county', 'township', 'grid'], 'level is province, county, township or grid').default('county');

export const statsQuery = z
  .object({ level, code: z.string().optional(), ...windowFields })
  .superRefine((value, context) => {
    checkLevelCode(value, context);
    checkWindow(value, context);
  });

export const TREND_WEEKS_DEFAULT = 12;
export const TREND_WEEKS_MAX = 104;

export const trendQuery = z
  .object({
    level,
    code: z.string().optional(),
    weeks: z
      .string()
      .regex(/^\d{1,4}$/, 'weeks is a whole number')
      .transform(Number)
      .pipe(z.number().int().min(1, 'weeks is at least 1').max(TREND_WEEKS_MAX, `weeks is at most ${TREND_WEEKS_MAX}`))
      .optional(),
    category: category.optional(),
  })
  .superRefine(checkLevelCode);

/** One tier or a comma-separated list of tiers. */
const tierList = z
  .string()
  .refine((text) => text.split(',').every((part) => (TIERS as readonly string[]).includes(part)), 'tier is red, orange or yellow (or a comma-separated list)')
  .transform((text) => [...new Set(text.split(','))] as Tier[]);

export const issuePointsQuery = z
  .object({
    status: z.enum(['open', 'closed', 'overdue']).optional(),
    tier: tierList.optional(),
    ...windowFields,
  })
  .superRefine(checkWindow);

/** `detail` splits the streets into main roads and railways (major) and the rest (minor); absent: all. */
export const basemapQuery = z
  .object({
    layer: z.enum(['streets', 'water'], 'layer is streets or water'),
    detail: z.enum(['major', 'minor'], 'detail is major or minor').optional(),
  })
  .refine((query) => query.detail === undefined || query.layer === 'streets', { message: 'detail applies to layer=streets only', path: ['detail'] });

const text = z.string().max(2000);

/** POST /api/issues/:id/transitions; which fields an action needs is checked by the lifecycle rules. */
export const transitionBody = z.strictObject({
  action: z.enum(TRANSITION_ACTIONS as [TransitionAction, ...TransitionAction[]]),
  actor: z.string().trim().min(1).max(100),
  note: text.optional(),
  reason: text.optional(),
  unit: z.string().max(200).optional(),
  deadline: z.iso.datetime({ offset: true }).optional(),
  satisfaction: z.enum(['satisfied', 'basically_satisfied', 'dissatisfied']).optional(),
  attachments: z.array(z.url({ protocol: /^https?$/ }).max(2000)).max(20).optional(),
});

/** GET /api/issues/export.csv: an area (township or grid) and an inclusive window of days. */
export const issueExportQuery = z
  .object({ township: townshipCode.optional(), grid: gridCode.optional(), from: ledgerDate.optional(), to: ledgerDate.optional() })
  .superRefine(checkWindow);

export type TransitionBody = z.infer<typeof transitionBody>;
export type IssuesQuery = z.infer<typeof issuesQuery>;
export type NewIssueBody = z.infer<typeof newIssueBody>;
export type StatsQueryInput = z.infer<typeof statsQuery>;
export type TrendQueryInput = z.infer<typeof trendQuery>;
export type IssuePointsQueryInput = z.infer<typeof issuePointsQuery>;
export type BasemapQueryInput = z.infer<typeof basemapQuery>;

/** Parses or throws a 400 ApiError naming the first offending field. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.code === 'unrecognized_keys' ? issue.keys[0] : issue.path.map(String).join('.') || undefined;
  const message = issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.join(', ')}` : issue.message;
  throw new ApiError(400, 'invalid_input', field && issue.code !== 'unrecognized_keys' ? `${field}: ${message}` : message, field);
}
