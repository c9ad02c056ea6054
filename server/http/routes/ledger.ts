// Lifecycle transitions, the ledger of one problem, and the ledger export as CSV.
import { Hono } from 'hono';
import { validator } from 'hono/validator';
import type { AppDeps } from '../deps.ts';
import { ApiError, guardMethods } from '../errors.ts';
import { jsonBody } from '../body.ts';
import { issueExportQuery, issueParams, parseInput, transitionBody } from '../schemas.ts';
import { issueFeature } from '../geojson.ts';
import { dayWindow } from '../../store/ledgerCalendar.ts';
import { issuesCsv } from '../../ledger/issueCsv.ts';
import { requestAccessOf } from '../middleware/identity.ts';

/**
 * The body's `actor` may be left out: with access control on the ledger names the signed-in
 * account whatever the body says (a ledger must not record someone else); without it the body's
 * actor is required, as before.
 */
const transitionInput = transitionBody.partial({ actor: true });

const CSV_FILE_NAME = encodeURIComponent('民情台账.csv');

export function ledgerRoutes(deps: AppDeps) {
  const { store } = deps;
  const router = new Hono()
    // Before any '/:id' route, which would otherwise take "export.csv" for an id.
    .get('/export.csv', validator('query', (value) => parseInput(issueExportQuery, value)), async (c) => {
      const query = c.req.valid('query');
      const issues = await store.exportIssues({ townshipCode: query.township, gridCode: query.grid, ...dayWindow(query.from, query.to) });
      return c.body(issuesCsv(issues), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="ledger.csv"; filename*=UTF-8''${CSV_FILE_NAME}`,
        'Cache-Control': 'no-store',
      });
    })
    .post('/:id/transitions', jsonBody(transitionInput), async (c) => {
      const { id } = parseInput(issueParams, { id: c.req.param('id') });
      const { actor: claimed, ...command } = c.req.valid('json');
      const account = requestAccessOf(c)?.identity?.user.username;
      const actor = account ?? claimed;
      if (!actor) throw new ApiError(400, 'invalid_input', 'actor is required: who makes this move', 'actor');
      const result = await store.transitionIssue(id, command, actor);
      if (!result.ok) {
        if (result.code === 'unknown_issue') throw new ApiError(404, 'unknown_issue', result.reason, 'id');
        // A move the current stage or tier does not allow conflicts with the state; a missing field is bad input.
        const status = result.field === 'action' ? 409 : 422;
        throw new ApiError(status, 'invalid_transition', result.reason, result.field);
      }
      return c.json({ issue: issueFeature(result.issue), entry: result.entry }, 200);
    })
    .get('/:id/ledger', async (c) => {
      const { id } = parseInput(issueParams, { id: c.req.param('id') });
      const entries = await store.listLedger(id);
      if (!entries) throw new ApiError(404, 'unknown_issue', `no issue ${id}`, 'id');
      return c.json({ issueId: id, entries });
    });
  return guardMethods(router, { '/export.csv': ['GET'], '/:id/transitions': ['POST'], '/:id/ledger': ['GET'] });
}
