import { describe, expect, it } from 'vitest';
import { expectError, makeTestApp, type AnyFeature } from './helpers.ts';
import { createEventBus, type DomainEvent } from '../../server/events/bus.ts';
import { parseCsv } from '../ledger/csvParse.ts';

const inside = { title: '楼道堆放杂物', category: '治安隐患', tier: 'orange', lon: 115.9612, lat: 28.5955 };

type App = ReturnType<typeof makeTestApp>['app'];

function postJson(app: App, path: string, body: unknown) {
  return app.request(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

async function newIssue(app: App, body: Record<string, unknown> = {}): Promise<number> {
  const response = await postJson(app, '/api/issues', { ...inside, ...body });
  expect(response.status).toBe(201);
  return Number(((await response.json()) as AnyFeature).id);
}

async function transition(app: App, id: number, body: Record<string, unknown>) {
  return postJson(app, `/api/issues/${id}/transitions`, { actor: '张干部', ...body });
}

describe('POST /api/issues/:id/transitions and GET /api/issues/:id/ledger', () => {
  it('moves a new problem through the loop and answers with the issue and the new entry', async () => {
    const { app } = makeTestApp();
    const id = await newIssue(app);
    const steps = [
      { action: 'accept' },
      { action: 'dispatch', unit: '莲塘镇综治办' },
      { action: 'start' },
      { action: 'handle', note: '已清理', attachments: ['https://example.org/a.jpg'] },
      { action: 'verify' },
      { action: 'close', satisfaction: 'basically_satisfied' },
    ];
    for (const [index, body] of steps.entries()) {
      const response = await transition(app, id, body);
      expect(response.status).toBe(200);
      const result = (await response.json()) as { issue: AnyFeature; entry: Record<string, unknown> };
      expect(result.entry).toMatchObject({ issueId: id, seq: index + 2, action: body.action, actor: '张干部' });
      expect(result.issue.properties.stage).toBe(result.entry.toStage);
    }
    const closed = (await (await app.request(`/api/issues/${id}`)).json()) as AnyFeature;
    expect(closed.properties).toMatchObject({ stage: 'closed', status: 'closed', satisfaction: 'basically_satisfied', responsibleUnit: '莲塘镇综治办' });
    const ledger = (await (await app.request(`/api/issues/${id}/ledger`)).json()) as { entries: Array<Record<string, unknown>> };
    expect(ledger.entries.map((entry) => entry.action)).toEqual(['report', ...steps.map((s) => s.action)]);
    expect(ledger.entries[4].attachments).toEqual(['https://example.org/a.jpg']);
  });

  it('answers 409 for an illegal move and 422 for a missing reason, naming the field, and changes nothing', async () => {
    const { app, store } = makeTestApp();
    const id = await newIssue(app);
    const version = store.dataVersion();
    const issue = await store.getIssue(id);
    const ledger = await store.listLedger(id);
    await expectError(await transition(app, id, { action: 'verify' }), 409, 'action');
    await expectError(await transition(app, id, { action: 'reject' }), 422, 'reason');
    await expectError(await transition(app, id, { action: 'escalate', reason: '复杂' }), 422, 'unit');
    await expectError(await transition(app, id, { action: 'fly' }), 400, 'action');
    await expectError(await transition(app, id, { action: 'accept', actor: '' }), 400, 'actor');
    await expectError(await transition(app, id, { action: 'accept', extra: 1 }), 400, 'extra');
    await expectError(await transition(app, 999_999, { action: 'accept' }), 404, 'id');
    await expectError(await app.request('/api/issues/999999/ledger'), 404, 'id');
    expect(store.dataVersion()).toBe(version);
    expect(await store.getIssue(id)).toEqual(issue);
    expect(await store.listLedger(id)).toEqual(ledger);
    await expectError(await app.request(`/api/issues/${id}/transitions`), 405);
  });

  it('escalates with a new unit and extends with a later deadline', async () => {
    const { app } = makeTestApp();
    const id = await newIssue(app, { tier: 'red' });
    await transition(app, id, { action: 'accept' });
    const escalated = (await (await transition(app, id, { action: 'escalate', reason: '涉及多个村', unit: '莲塘镇政府' })).json()) as { issue: AnyFeature };
    expect(escalated.issue.properties).toMatchObject({ tier: 'orange', responsibleUnit: '莲塘镇政府' });
    await transition(app, id, { action: 'dispatch', unit: '莲塘镇政府' });
    await expectError(await transition(app, id, { action: 'extend', reason: '等待审批', deadline: '2015-05-01T00:00:00Z' }), 422, 'deadline');
    const extended = await transition(app, id, { action: 'extend', reason: '等待审批', deadline: '2015-06-01T00:00:00+08:00' });
    expect(((await extended.json()) as { issue: AnyFeature }).issue.properties).toMatchObject({ deadlineAt: '2015-05-31T16:00:00.000Z', extensionCount: 1 });
  });

  it('publishes every committed transition as an issue event, refusals not', async () => {
    const events = createEventBus();
    const heard: DomainEvent[] = [];
    events.subscribe((event) => heard.push(event));
    const { app } = makeTestApp({ events });
    const id = await newIssue(app);
    heard.length = 0;
    await transition(app, id, { action: 'accept' });
    await transition(app, id, { action: 'verify' });
    expect(heard.map((event) => event.type)).toEqual(['issue', 'version']);
    expect(heard[0]).toMatchObject({ type: 'issue', issue: { id, stage: 'accepted' } });
  });
});

describe('GET /api/issues/export.csv', () => {
  it('round-trips: BOM, CRLF, quoted fields, the same problems as the API', async () => {
    const { app } = makeTestApp();
    await newIssue(app, { title: '标题含,逗号和"引号"' });
    await newIssue(app, { title: '=HYPERLINK("x")' });
    const response = await app.request('/api/issues/export.csv');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/attachment/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text.replaceAll('\r\n', '')).not.toMatch(/\n/);
    const [header, ...rows] = parseCsv(text.slice(1));
    expect(header.slice(0, 6)).toEqual(['编号', '标题', '类别', '等级', '状态', '阶段']);
    const api = ((await (await app.request('/api/issues?limit=5000')).json()) as { features: AnyFeature[] }).features;
    expect(rows.length).toBe(api.length);
    const column = (name: string) => header.indexOf(name);
    const byId = new Map(api.map((feature) => [Number(feature.id), feature]));
    for (const row of rows) {
      const feature = byId.get(Number(row[column('编号')]));
      if (!feature) throw new Error(`row ${row[0]} is not in the API`);
      const p = feature.properties;
      const title = row[column('标题')];
      expect(title.startsWith("'") ? title.slice(1) : title).toBe(p.title);
      expect([row[column('等级')], row[column('状态')], row[column('阶段')], row[column('网格代码')]]).toEqual([p.tier, p.status, p.stage, p.gridCode]);
      expect(Date.parse(row[column('上报时间')])).toBe(Date.parse(String(p.reportedAt)));
      expect(Date.parse(row[column('办理期限')])).toBe(Date.parse(String(p.deadlineAt)));
      expect(row[column('结案时间')] === '' ? null : Date.parse(row[column('结案时间')])).toBe(p.closedAt === null ? null : Date.parse(String(p.closedAt)));
      expect(row[column('满意度')] || null).toBe(p.satisfaction);
      expect([Number(row[column('经度')]), Number(row[column('纬度')])]).toEqual(feature.geometry.coordinates);
      expect(row[column('超期')]).toBe(p.overdue ? '是' : '否');
      expect(row[column('上报时间')]).toMatch(/\+08:00$/);
    }
    expect(rows.some((row) => row[column('标题')] === '标题含,逗号和"引号"')).toBe(true);
    expect(rows.some((row) => row[column('标题')] === `'=HYPERLINK("x")`)).toBe(true);
  });

  it('narrows to a township, a grid and a window of days, and checks its parameters', async () => {
    const { app, dataset } = makeTestApp();
    const count = async (query: string) => parseCsv((await (await app.request(`/api/issues/export.csv?${query}`)).text()).slice(1)).length - 1;
    const township = dataset.townships[0].code;
    expect(await count(`township=${township}`)).toBe(dataset.issues.filter((i) => i.townshipCode === township).length);
    const grid = dataset.issues[0].gridCode;
    expect(await count(`grid=${grid}`)).toBe(dataset.issues.filter((i) => i.gridCode === grid).length);
    expect(await count('from=2015-04-15&to=2015-04-22')).toBe(5);
    await expectError(await app.request('/api/issues/export.csv?from=2015-04-22&to=2015-04-15'), 400, 'from');
    await expectError(await app.request('/api/issues/export.csv?grid=12'), 400, 'grid');
  });
});
