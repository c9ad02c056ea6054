// Contact-day fieldwork: sign-ins, visits, spot checks and their figures; the per-grid roster.
import { Hono } from 'hono';
import { validator } from 'hono/validator';
import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import { ApiError, guardMethods, type ApiErrorStatus } from '../errors.ts';
import { jsonBody } from '../body.ts';
import { gridCode, gridParams, parseInput, townshipCode } from '../schemas.ts';
import { isCalendarDate } from '../../fieldwork/calendar.ts';
import { SPOT_CHECK_ACTIONS, SPOT_CHECK_RESULTS, VISIT_KINDS, type SpotCheckAction, type SpotCheckResult, type VisitKind } from '../../fieldwork/records.ts';
import { FieldworkError, type FieldworkLevel, type FieldworkStore } from '../../store/fieldwork.ts';
import type { FieldworkProblem } from '../../fieldwork/rules.ts';

const personId = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'personId is 1–40 letters, digits, "-" or "_"');
const contactDate = z.string().refine(isCalendarDate, 'a date is YYYY-MM-DD');
const note = z.string().trim().max(200).nullable().optional();
const villageCode = z.string().regex(/^\d{12}$/, 'a village code is 12 digits');

export const signInBody = z.strictObject({
  personId,
  gridCode,
  signedInAt: z.iso.datetime({ offset: true }).optional(),
});

export const visitBody = z.strictObject({
  personId,
  gridCode,
  contactDate,
  kind: z.enum(VISIT_KINDS as [VisitKind, ...VisitKind[]], `kind is ${VISIT_KINDS.join(' or ')}`),
  people: z.number().int().min(1).max(500),
  problemsLogged: z.number().int().min(0).max(500).default(0),
  note,
});

export const spotCheckBody = z.strictObject({
  personId,
  gridCode,
  contactDate,
  result: z.enum(SPOT_CHECK_RESULTS as [SpotCheckResult, ...SpotCheckResult[]], `result is one of ${SPOT_CHECK_RESULTS.join(', ')}`),
  action: z.enum(SPOT_CHECK_ACTIONS as [SpotCheckAction, ...SpotCheckAction[]], `action is one of ${SPOT_CHECK_ACTIONS.join(', ')}`).default('none'),
  inspector: z.string().trim().min(1).max(200),
  note,
});

const CODE_PATTERNS: Record<Exclude<FieldworkLevel, 'county'>, z.ZodString> = { township: townshipCode, village: villageCode, grid: gridCode };

export const fieldworkStatsQuery = z
  .object({
    level: z.enum(['county', 'township', 'village', 'grid'], 'level is county, township, village or grid').default('county'),
    code: z.string().optional(),
    from: contactDate.optional(),
    to: contactDate.optional(),
  })
  .superRefine((value, context) => {
    if (value.level !== 'county') {
      const result = CODE_PATTERNS[value.level].safeParse(value.code);
      if (value.code === undefined) context.addIssue({ code: 'custom', path: ['code'], message: `code is required for level ${value.level}` });
      else if (!result.success) context.addIssue({ code: 'custom', path: ['code'], message: result.error.issues[0].message });
    }
    if (value.from !== undefined && value.to !== undefined && value.from > value.to) {
      context.addIssue({ code: 'custom', path: ['from'], message: `from (${value.from}) is after to (${value.to})` });
    }
  });

const PROBLEM_STATUS: Record<FieldworkProblem, [ApiErrorStatus, string]> = {
  invalid: [400, 'invalid_input'],
  not_found: [404, 'not_found'],
  unprocessable: [422, 'rule_violated'],
  conflict: [409, 'conflict'],
};

/** Runs a fieldwork call, turning a refused write into the matching 4xx. */
async function refusing<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof FieldworkError)) throw error;
    const [status, code] = PROBLEM_STATUS[error.problem];
    throw new ApiError(status, code, error.message, error.field);
  }
}

function available(fieldwork: FieldworkStore | null): FieldworkStore {
  if (!fieldwork) throw new ApiError(503, 'fieldwork_unavailable', 'this store keeps no fieldwork records');
  return fieldwork;
}

/** Mounted at /api. */
export function fieldworkRoutes(deps: AppDeps, fieldwork: FieldworkStore | null) {
  const now = () => deps.now?.() ?? new Date();
  // A committed fieldwork write moves the data version: open screens refresh their figures.
  const recording = async <T>(work: () => T | Promise<T>): Promise<T> => {
    const result = await refusing(work);
    deps.events?.publish({ type: 'version', dataVersion: deps.store.dataVersion() });
    return result;
  };
  const router = new Hono()
    .get('/contact-days', async (c) => c.json({ contactDays: await available(fieldwork).listContactDays() }))
    .post('/contact-days/sign-ins', jsonBody(signInBody), async (c) => {
      const body = c.req.valid('json');
      const signIn = { ...body, signedInAt: body.signedInAt ?? now().toISOString(), synthetic: false };
      return c.json(await recording(() => available(fieldwork).signIn(signIn)), 201);
    })
    .post('/visits', jsonBody(visitBody), async (c) => {
      const body = c.req.valid('json');
      return c.json(await recording(() => available(fieldwork).recordVisit({ ...body, note: body.note ?? null, synthetic: false })), 201);
    })
    .post('/spot-checks', jsonBody(spotCheckBody), async (c) => {
      const body = c.req.valid('json');
      return c.json(await recording(() => available(fieldwork).recordSpotCheck({ ...body, note: body.note ?? null, synthetic: false })), 201);
    })
    .get('/fieldwork/stats', validator('query', (value) => parseInput(fieldworkStatsQuery, value)), async (c) => {
      const query = c.req.valid('query');
      const stats = await available(fieldwork).stats(query);
      if (stats) return c.json(stats);
      if (query.level === 'county') throw new ApiError(503, 'not_seeded', 'the database holds no county yet');
      throw new ApiError(404, `unknown_${query.level}`, `no ${query.level} ${query.code}`, 'code');
    });
  return guardMethods(router, {
    '/contact-days': ['GET'],
    '/contact-days/sign-ins': ['POST'],
    '/visits': ['POST'],
    '/spot-checks': ['POST'],
    '/fieldwork/stats': ['GET'],
  });
}

/** Mounted at /api/grids: GET /:code/roster. */
export function rosterRoutes(fieldwork: FieldworkStore | null) {
  const router = new Hono().get('/:code/roster', async (c) => {
    const { code } = parseInput(gridParams, { code: c.req.param('code') });
    const roster = await available(fieldwork).roster(code);
    if (!roster) throw new ApiError(404, 'unknown_grid', `no current grid ${code}`, 'code');
    return c.json(roster);
  });
  return guardMethods(router, { '/:code/roster': ['GET'] });
}
