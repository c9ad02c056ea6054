// Open311 GeoReport v2 (JSON) over the ledger, so civic reporting apps can file and follow problems.
import { Hono, type Context } from 'hono';
import type { AppDeps } from '../deps.ts';
import type { IssueView } from '../../store/store.ts';
import { OPEN311_SERVICES, open311Request, serviceByCode, serviceCodeOf, type Open311Request } from '../../ledger/open311.ts';
import { deadlineFor } from '../../store/issueRules.ts';
import { canonicalTimestamp } from '../../store/issueRules.ts';

const DEFAULT_WINDOW_MS = 90 * 86_400_000;
const MAX_REQUESTS = 1000;
const MAX_BODY_BYTES = 16_384;

type Open311Status = 400 | 404 | 405 | 413 | 415;

/** The spec's error format: a list of { code, description }. */
class Open311Error extends Error {
  readonly status: Open311Status;
  constructor(status: Open311Status, description: string) {
    super(description);
    this.status = status;
  }
}

function fail(c: Context, error: Open311Error) {
  return c.json([{ code: error.status, description: error.message }], error.status);
}

/** `name.json` → name; other formats (XML) are not offered. */
function jsonName(file: string): string {
  if (!file.endsWith('.json')) throw new Open311Error(404, 'only the JSON format is offered; add .json');
  return file.slice(0, -'.json'.length);
}

async function readFields(c: Context): Promise<Record<string, string>> {
  const type = c.req.header('content-type') ?? '';
  const text = await c.req.text();
  if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) throw new Open311Error(413, `the body exceeds ${MAX_BODY_BYTES} bytes`);
  if (/^application\/x-www-form-urlencoded/i.test(type)) return Object.fromEntries(new URLSearchParams(text));
  if (/^application\/json/i.test(type)) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new Open311Error(400, 'the body is not valid JSON');
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Open311Error(400, 'the body is a JSON object');
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, String(field)]));
  }
  throw new Open311Error(415, 'send application/x-www-form-urlencoded (or JSON)');
}

function coordinate(text: string | undefined, name: 'lat' | 'long', limit: number): number {
  if (text === undefined || text.trim() === '') throw new Open311Error(400, `${name} is required (address_string alone is not located)`);
  const value = Number(text);
  if (!Number.isFinite(value) || Math.abs(value) > limit) throw new Open311Error(400, `${name} is not a WGS84 coordinate`);
  return value;
}

function instant(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const canonical = canonicalTimestamp(text);
  if (!canonical) throw new Open311Error(400, `${name} is not an ISO 8601 time with a zone`);
  return Date.parse(canonical);
}

export function open311Routes(deps: AppDeps) {
  const { store } = deps;
  const now = () => deps.now?.() ?? new Date();

  async function asRequest(issue: IssueView): Promise<Open311Request> {
    const ledger = (await store.listLedger(issue.id)) ?? [];
    const last = ledger[ledger.length - 1];
    const media = [...ledger].reverse().find((entry) => entry.attachments.length > 0)?.attachments[0] ?? '';
    return open311Request(issue, last?.at ?? issue.reportedAt, media);
  }

  const router = new Hono()
    .get('/services.json', (c) => c.json(OPEN311_SERVICES))
    .get('/services/:file', (c) => {
      const code = jsonName(c.req.param('file'));
      if (!serviceByCode(code)) throw new Open311Error(404, `no service ${code}`);
      // No service takes extra attributes (metadata: false).
      return c.json({ service_code: code, attributes: [] });
    })
    .get('/requests.json', async (c) => {
      const query = c.req.query();
      const end = instant(query.end_date, 'end_date') ?? now().getTime();
      const start = instant(query.start_date, 'start_date') ?? end - DEFAULT_WINDOW_MS;
      if (start > end) throw new Open311Error(400, 'start_date is after end_date');
      if (query.status !== undefined && !query.status.split(',').every((s) => s === 'open' || s === 'closed')) {
        throw new Open311Error(400, 'status is open or closed');
      }
      const ids = query.service_request_id?.split(',').map((id) => id.trim()).filter((id) => id !== '');
      const codes = query.service_code?.split(',').map((code) => code.trim());
      const statuses = query.status?.split(',');
      // The spec: given ids, the other filters are ignored.
      const candidates = ids
        ? (await Promise.all(ids.filter((id) => /^\d{1,15}$/.test(id)).map((id) => store.getIssue(Number(id))))).filter((i): i is IssueView => i !== null)
        : (await store.exportIssues({ reportedFrom: new Date(start).toISOString(), reportedBefore: new Date(end + 1).toISOString() }))
            .filter((issue) => !codes || codes.includes(serviceCodeOf(issue.category)))
            .filter((issue) => !statuses || statuses.includes(issue.status))
            .reverse();
      const requests = await Promise.all(candidates.slice(0, MAX_REQUESTS).map(asRequest));
      return c.json(requests);
    })
    .post('/requests.json', async (c) => {
      const fields = await readFields(c);
      const service = serviceByCode(fields.service_code ?? '');
      if (!service) throw new Open311Error(400, `service_code ${fields.service_code ?? '(missing)'} is not a service`);
      const lat = coordinate(fields.lat, 'lat', 90);
      const lon = coordinate(fields.long, 'long', 180);
      const description = (fields.description ?? '').trim();
      const gridCode = await deps.locator.locate(lon, lat);
      if (gridCode === null) throw new Open311Error(400, `${fields.lat},${fields.long} lies outside the county`);
      const grid = await store.getGrid(gridCode);
      if (!grid) throw new Error(`locator returned grid ${gridCode}, which the store does not hold`);
      const reportedAt = now();
      // New problems start at the grid (red); the ledger escalates them if needed.
      const issue = await store.insertIssue({
        title: (description || service.service_name).slice(0, 100),
        category: service.service_name,
        tier: 'red',
        status: 'open',
        lon,
        lat,
        gridCode,
        villageCode: grid.villageCode,
        townshipCode: grid.townshipCode,
        reportedAt: reportedAt.toISOString(),
        deadlineAt: deadlineFor('red', reportedAt).toISOString(),
        closedAt: null,
        satisfaction: null,
        synthetic: false,
        reportedBy: 'open311',
      });
      return c.json([{ service_request_id: String(issue.id), service_notice: '', account_id: null }]);
    })
    .get('/requests/:file', async (c) => {
      const id = jsonName(c.req.param('file'));
      const issue = /^\d{1,15}$/.test(id) ? await store.getIssue(Number(id)) : null;
      if (!issue) throw new Open311Error(404, `no service request ${id}`);
      return c.json([await asRequest(issue)]);
    })
    .all('*', (c) => fail(c, new Open311Error(404, `no resource ${c.req.method} ${c.req.path}`)));
  router.onError((error, c) => {
    if (error instanceof Open311Error) return fail(c, error);
    deps.logError?.(error);
    return c.json([{ code: 500, description: 'internal error' }], 500);
  });
  return router;
}
