import { describe, expect, it } from 'vitest';
import { makeTestApp } from './helpers.ts';
import { FIXTURE_NOW } from '../fixtures/dataset/load.ts';

const REQUEST_FIELDS = ['service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible',
  'service_notice', 'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'address_id', 'zipcode', 'lat', 'long', 'media_url'];
const ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

type Request311 = Record<string, unknown>;

async function expect311Error(response: Response, status: number) {
  expect(response.status).toBe(status);
  const body = (await response.json()) as Array<{ code: number; description: string }>;
  expect(body).toEqual([{ code: status, description: expect.any(String) }]);
}

function form(fields: Record<string, string>) {
  return { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() };
}

describe('Open311 GeoReport v2', () => {
  it('lists services and describes one', async () => {
    const { app } = makeTestApp();
    const services = (await (await app.request('/open311/v2/services.json')).json()) as Array<Record<string, unknown>>;
    expect(services.length).toBeGreaterThan(0);
    for (const service of services) {
      expect(Object.keys(service).sort()).toEqual(['description', 'group', 'keywords', 'metadata', 'service_code', 'service_name', 'type']);
    }
    const definition = await (await app.request(`/open311/v2/services/${String(services[0].service_code)}.json`)).json();
    expect(definition).toEqual({ service_code: services[0].service_code, attributes: [] });
    await expect311Error(await app.request('/open311/v2/services/nothing.json'), 404);
    await expect311Error(await app.request('/open311/v2/services/roads.xml'), 404);
  });

  it('files a request as the spec writes it (form-encoded) and follows it through the ledger', async () => {
    const { app } = makeTestApp();
    const filed = await app.request('/open311/v2/requests.json', form({
      api_key: 'k', service_code: 'roads', lat: '28.5955', long: '115.9612', description: '路灯坏了', address_string: '府前路',
    }));
    expect(filed.status).toBe(200);
    const [receipt] = (await filed.json()) as Array<{ service_request_id: string }>;
    expect(receipt.service_request_id).toMatch(/^\d+$/);
    const [request] = (await (await app.request(`/open311/v2/requests/${receipt.service_request_id}.json`)).json()) as Request311[];
    expect(Object.keys(request).sort()).toEqual([...REQUEST_FIELDS].sort());
    expect(request).toMatchObject({ status: 'open', service_code: 'roads', service_name: '道路交通', description: '路灯坏了', lat: 28.5955, long: 115.9612 });
    expect(String(request.requested_datetime)).toMatch(ZONED);
    expect(Date.parse(String(request.requested_datetime))).toBe(FIXTURE_NOW.getTime());
    expect(String(request.status_notes)).toMatch(/Reported/);
    const id = receipt.service_request_id;
    const post = (body: unknown) => app.request(`/api/issues/${id}/transitions`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    await post({ action: 'accept', actor: 'a' });
    await post({ action: 'dispatch', actor: 'a', unit: '县交通运输局' });
    const [followed] = (await (await app.request(`/open311/v2/requests/${id}.json`)).json()) as Request311[];
    expect(followed).toMatchObject({ status: 'open', agency_responsible: '县交通运输局' });
    expect(String(followed.status_notes)).toMatch(/Dispatched/);
    for (const step of [{ action: 'start' }, { action: 'handle', note: '已更换灯具' }, { action: 'verify' }, { action: 'close', satisfaction: 'satisfied' }]) {
      expect((await post({ actor: 'a', ...step })).status).toBe(200);
    }
    const [closed] = (await (await app.request(`/open311/v2/requests/${id}.json`)).json()) as Request311[];
    expect(closed.status).toBe('closed');
    expect(String(closed.status_notes)).toMatch(/Closed/);
  });

  it('filters requests by status, service, dates and ids; 90 days by default; spec errors', async () => {
    const { app, dataset } = makeTestApp();
    const all = (await (await app.request('/open311/v2/requests.json')).json()) as Request311[];
    const recent = dataset.issues.filter((issue) => Date.parse(issue.reportedAt) >= FIXTURE_NOW.getTime() - 90 * 86_400_000);
    expect(all.length).toBe(recent.length);
    const closed = (await (await app.request('/open311/v2/requests.json?status=closed')).json()) as Request311[];
    expect(closed.length).toBe(recent.filter((issue) => issue.status === 'closed').length);
    expect(closed.every((request) => request.status === 'closed')).toBe(true);
    const roads = (await (await app.request('/open311/v2/requests.json?service_code=roads')).json()) as Request311[];
    expect(roads.length).toBe(recent.filter((issue) => issue.category === '道路交通').length);
    const windowed = (await (await app.request('/open311/v2/requests.json?start_date=2015-04-15T00:00:00%2B08:00&end_date=2015-04-23T00:00:00%2B08:00')).json()) as Request311[];
    expect(windowed.length).toBe(5);
    const ids = `${String(all[0].service_request_id)},${String(all[1].service_request_id)}`;
    const byId = (await (await app.request(`/open311/v2/requests.json?service_request_id=${ids}&status=open`)).json()) as Request311[];
    expect(byId.map((request) => request.service_request_id).sort()).toEqual(ids.split(',').sort());
    await expect311Error(await app.request('/open311/v2/requests.json?start_date=yesterday'), 400);
    await expect311Error(await app.request('/open311/v2/requests.json?status=pending'), 400);
    await expect311Error(await app.request('/open311/v2/requests/999999.json'), 404);
    await expect311Error(await app.request('/open311/v2/requests.json', form({ service_code: 'roads', lat: '28.59' })), 400);
    await expect311Error(await app.request('/open311/v2/requests.json', form({ service_code: 'nothing', lat: '28.59', long: '115.96' })), 400);
    await expect311Error(await app.request('/open311/v2/requests.json', form({ service_code: 'roads', lat: '10', long: '10' })), 400);
  });
});
