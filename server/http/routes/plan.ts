// Grid-plan editing of one township: the current plan, saving a changeset as a new version, the
// version history, diffs, rollback and rebalance proposals. Mounted at /api/townships.
import { Hono, type Context } from 'hono';
import { compress } from 'hono/compress';
import { validator } from 'hono/validator';
import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import { ApiError, guardMethods } from '../errors.ts';
import { jsonBody } from '../body.ts';
import { parseInput, townshipCode } from '../schemas.ts';
import { PLAN_BODY_MAX_BYTES, planChangesetBody, planDiffQuery, planRebalanceBody, planRollbackBody } from '../plan-schemas.ts';
import { PlanError, type PlanStore } from '../../store/plan.ts';
import type { PlanChangeset, PlanConflictBody, PlanEdit, PlanRefusalBody, PlanSaveResult } from '../../plan/types.ts';

function available(plan: PlanStore | null): PlanStore {
  if (!plan) throw new ApiError(503, 'plan_unavailable', 'this store keeps no grid-plan versions');
  return plan;
}

const townshipParams = z.object({ code: townshipCode });

function township(c: Context): string {
  return parseInput(townshipParams, { code: c.req.param('code') }).code;
}

/**
 * Refusals keep the shapes the planner reads: 409 {error: 'stale_base', currentVersion} and
 * 422 {error, field, reason, problems}; unknown townships and versions are plain 404s.
 */
async function refusing<T>(c: Context, work: () => T | Promise<T>): Promise<T | Response> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof PlanError)) throw error;
    if (error.kind === 'stale_base') {
      const body: PlanConflictBody = { error: 'stale_base', message: error.message, field: 'baseVersion', currentVersion: error.currentVersion ?? 0 };
      return c.json(body, 409);
    }
    if (error.kind === 'invalid' || (error.kind === 'unknown_version' && error.field === 'toVersion')) {
      const body: PlanRefusalBody = {
        error: error.kind === 'invalid' ? 'invalid_plan' : 'unknown_version',
        message: error.message,
        field: error.field,
        reason: error.message,
        problems: error.problems,
      };
      return c.json(body, 422);
    }
    throw new ApiError(404, error.kind, error.message, error.field);
  }
}

export function planRoutes(deps: AppDeps, plan: PlanStore | null) {
  // Announced after the commit: `plan` tells open views (walls, dashboards, other planners of the
  // township) that borders moved; `version` refreshes figures and caches like any other write.
  const announce = (result: PlanSaveResult) => {
    const dataVersion = deps.store.dataVersion();
    deps.events?.publish({ type: 'plan', townshipCode: result.townshipCode, version: result.version, dataVersion });
    deps.events?.publish({ type: 'version', dataVersion });
  };
  const router = new Hono()
    // A township's plan carries every block outline: compressed, as the issue list is.
    .get('/:code/plan', compress(), async (c) => {
      const code = township(c);
      const current = await available(plan).getPlan(code);
      if (!current) throw new ApiError(404, 'unknown_township', `no township ${code}`, 'code');
      return c.json(current);
    })
    .post('/:code/plan', jsonBody(planChangesetBody, PLAN_BODY_MAX_BYTES), async (c) => {
      const code = township(c);
      const body = c.req.valid('json');
      const changeset: PlanChangeset = { ...body, edits: body.edits as PlanEdit[] };
      const result = await refusing(c, () => available(plan).saveChangeset(code, changeset));
      if (result instanceof Response) return result;
      announce(result);
      return c.json(result, 201);
    })
    .get('/:code/plan/versions', async (c) => {
      const code = township(c);
      const versions = await available(plan).listVersions(code);
      if (!versions) throw new ApiError(404, 'unknown_township', `no township ${code}`, 'code');
      return c.json(versions);
    })
    .get('/:code/plan/diff', compress(), validator('query', (value) => parseInput(planDiffQuery, value)), async (c) => {
      const code = township(c);
      const { from, to } = c.req.valid('query');
      const diff = await refusing(c, () => available(plan).diff(code, from, to));
      return diff instanceof Response ? diff : c.json(diff);
    })
    .post('/:code/plan/rollback', jsonBody(planRollbackBody), async (c) => {
      const code = township(c);
      const result = await refusing(c, () => available(plan).rollback(code, c.req.valid('json')));
      if (result instanceof Response) return result;
      announce(result);
      return c.json(result, 201);
    })
    .post('/:code/plan/rebalance', jsonBody(planRebalanceBody), async (c) => {
      const code = township(c);
      const body = c.req.valid('json');
      const proposal = await refusing(c, () => available(plan).proposeRebalance(code, { baseVersion: body.baseVersion, targetHouseholds: body.target }));
      return proposal instanceof Response ? proposal : c.json(proposal);
    });
  return guardMethods(router, {
    '/:code/plan': ['GET', 'POST'],
    '/:code/plan/versions': ['GET'],
    '/:code/plan/diff': ['GET'],
    '/:code/plan/rollback': ['POST'],
    '/:code/plan/rebalance': ['POST'],
  });
}
