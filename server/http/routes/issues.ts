import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { validator } from 'hono/validator';
import { attributionOf, datasetSalt, type AppDeps } from '../deps.ts';
import { ApiError, guardMethods } from '../errors.ts';
import { cachedGeoJson, type QueryRequest } from '../cachedGeoJson.ts';
import { GEOJSON_CONTENT_TYPE, issueFeature, type IssueCollection } from '../geojson.ts';
import { ISSUE_PAGE_DEFAULT, issueParams, issuePointsQuery, issuesQuery, newIssueBody, parseInput, type IssuePointsQueryInput } from '../schemas.ts';
import { jsonBody } from '../body.ts';
import { deadlineFor } from '../../store/issueRules.ts';
import { dayWindow } from '../../store/ledgerCalendar.ts';
import type { IssuePointColumns } from '../../store/store.ts';
import { ringBBox } from '../../geo/ring.ts';

/** Clients' clocks drift: a report a few minutes "in the future" is still accepted. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** Names the coordinate that falls outside the county's extent ('lon' when each alone is within it). */
async function outsideField(deps: AppDeps, lon: number, lat: number): Promise<{ field: 'lon' | 'lat'; place: string }> {
  const county = await deps.store.getCounty();
  if (!county) return { field: 'lon', place: 'the county' };
  const rings = county.geometry.type === 'Polygon' ? [county.geometry.coordinates[0]] : county.geometry.coordinates.map((p) => p[0]);
  const boxes = rings.map(ringBBox);
  const lonInside = boxes.some(([minLon, , maxLon]) => lon >= minLon && lon <= maxLon);
  const latInside = boxes.some(([, minLat, , maxLat]) => lat >= minLat && lat <= maxLat);
  return { field: !lonInside || latInside ? 'lon' : 'lat', place: county.name };
}

/** GET /api/issues/points: every matching problem as parallel columns. */
export interface IssuePointsBody {
  count: number;
  attribution: string;
  columns: IssuePointColumns;
}

const POINTS_CONTENT_TYPE = 'application/json; charset=utf-8';
const MINUTE_MS = 60_000;

function pointsFilter(c: QueryRequest): IssuePointsQueryInput {
  return parseInput(issuePointsQuery, c.req.query());
}

/** Normalised query plus the current minute: `overdue` moves with the clock, not only with writes. */
function pointsKey(filter: IssuePointsQueryInput, minute: number): string {
  const tiers = filter.tier ? [...filter.tier].sort().join(',') : '';
  const parts = [`status=${filter.status ?? ''}`, `tier=${tiers}`, `from=${filter.from ?? ''}`, `to=${filter.to ?? ''}`];
  return `points?${parts.join('&')}&category=${encodeURIComponent(filter.category ?? '')}&minute=${minute}`;
}

export function issueRoutes(deps: AppDeps) {
  const { store } = deps;
  const now = () => deps.now?.() ?? new Date();
  const points = cachedGeoJson({
    version: () => store.dataVersion(),
    salt: () => datasetSalt(deps),
    contentType: POINTS_CONTENT_TYPE,
    // Old minutes age out first; a handful of filter combinations is live at any time.
    maxEntries: 32,
    key: (c) => pointsKey(pointsFilter(c), Math.floor(now().getTime() / MINUTE_MS)),
    build: async (c): Promise<IssuePointsBody> => {
      const filter = pointsFilter(c);
      const result = await store.issuePoints({
        status: filter.status,
        tiers: filter.tier,
        category: filter.category,
        ...dayWindow(filter.from, filter.to),
      });
      return { count: result.count, attribution: await attributionOf(deps), columns: result.columns };
    },
  });
  const router = new Hono()
    .use('*', compress())
    .get('/', validator('query', (value) => parseInput(issuesQuery, value)), async (c) => {
      const query = c.req.valid('query');
      const page = await store.listIssues({
        townshipCode: query.township,
        gridCode: query.grid,
        tier: query.tier,
        status: query.status,
        bbox: query.bbox,
        limit: query.limit ?? ISSUE_PAGE_DEFAULT,
        cursor: query.cursor,
      });
      const body: IssueCollection = {
        type: 'FeatureCollection',
        attribution: await attributionOf(deps),
        nextCursor: page.nextCursor,
        features: page.issues.map(issueFeature),
      };
      return c.body(JSON.stringify(body), 200, { 'Content-Type': GEOJSON_CONTENT_TYPE, 'Cache-Control': 'no-store' });
    })
    .post('/', jsonBody(newIssueBody), async (c) => {
      const input = c.req.valid('json');
      const reportedAt = input.reportedAt ? new Date(input.reportedAt) : now();
      if (reportedAt.getTime() > now().getTime() + CLOCK_SKEW_MS) {
        throw new ApiError(400, 'invalid_input', 'reportedAt lies in the future', 'reportedAt');
      }
      const gridCode = await deps.locator.locate(input.lon, input.lat);
      if (gridCode === null) {
        const { field, place } = await outsideField(deps, input.lon, input.lat);
        throw new ApiError(422, 'outside_county', `point ${input.lon},${input.lat} lies outside ${place}`, field);
      }
      const grid = await store.getGrid(gridCode);
      if (!grid) throw new Error(`locator returned grid ${gridCode}, which the store does not hold`);
      const issue = await store.insertIssue({
        title: input.title,
        category: input.category,
        tier: input.tier,
        status: 'open',
        lon: input.lon,
        lat: input.lat,
        gridCode,
        villageCode: grid.villageCode,
        townshipCode: grid.townshipCode,
        reportedAt: reportedAt.toISOString(),
        deadlineAt: deadlineFor(input.tier, reportedAt).toISOString(),
        closedAt: null,
        satisfaction: null,
        synthetic: false,
      });
      return c.body(JSON.stringify(issueFeature(issue)), 201, {
        'Content-Type': GEOJSON_CONTENT_TYPE,
        Location: `/api/issues/${issue.id}`,
      });
    })
    // Before '/:id', which would otherwise take "points" for an id.
    .get('/points', points)
    .get('/:id', async (c) => {
      const { id } = parseInput(issueParams, { id: c.req.param('id') });
      const issue = await store.getIssue(id);
      if (!issue) throw new ApiError(404, 'unknown_issue', `no issue ${id}`, 'id');
      return c.body(JSON.stringify(issueFeature(issue)), 200, { 'Content-Type': GEOJSON_CONTENT_TYPE });
    });
  return guardMethods(router, { '/': ['GET', 'POST'], '/points': ['GET'], '/:id': ['GET'] });
}
