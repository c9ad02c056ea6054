// With access control on, a problem's ledger names the signed-in account, whatever the body says;
// without it the body's actor is still required. Also the session probe the web app starts with.
import { describe, expect, it } from 'vitest';
import { makeAccessApp, jsonInit } from './helpers.ts';
import { makeTestApp, expectError } from '../http/helpers.ts';

interface LedgerBody {
  entries: { actor: string; action: string; note: string | null }[];
}

describe('ledger actor with access control on', () => {
  it('records the signed-in account, not the actor the body claims', async () => {
    const app = makeAccessApp();
    const response = await app.request('township_operator', '/api/issues/1/transitions', jsonInit('POST', { action: 'comment', actor: 'county_leader', note: '冒名' }));
    expect(response.status).toBe(200);
    const { entry } = (await response.json()) as { entry: { actor: string } };
    expect(entry.actor).toBe('township_operator');
    const ledger = (await (await app.request('county_leader', '/api/issues/1/ledger')).json()) as LedgerBody;
    const last = ledger.entries.at(-1)!;
    expect(last).toMatchObject({ action: 'comment', actor: 'township_operator', note: '冒名' });
    expect(ledger.entries.some((item) => item.note === '冒名' && item.actor === 'county_leader')).toBe(false);
  });

  it('lets the body leave the actor out', async () => {
    const app = makeAccessApp();
    const response = await app.request('grid_cadre', '/api/issues/1/transitions', jsonInit('POST', { action: 'comment', note: '已联系' }));
    expect(response.status).toBe(200);
    expect(((await response.json()) as { entry: { actor: string } }).entry.actor).toBe('grid_cadre');
  });

  it('records the account of an API token too', async () => {
    const app = makeAccessApp();
    const { newSecret, secretHash } = await import('../../server/access/secrets.ts');
    const secret = newSecret();
    app.store.access.createToken(secretHash(secret), 'township_operator', 'integration', 'test');
    const response = await app.app.request('/api/issues/1/transitions', {
      ...jsonInit('POST', { action: 'comment', actor: 'someone else', note: '接口' }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { entry: { actor: string } }).entry.actor).toBe('township_operator');
  });
});

describe('ledger actor without access control', () => {
  it('takes the body actor and requires it', async () => {
    const app = makeTestApp();
    const issue = (await (await app.app.request('/api/issues?limit=1')).json()) as { features: { properties: { id: number } }[] };
    const id = issue.features[0].properties.id;
    await expectError(await app.app.request(`/api/issues/${id}/transitions`, jsonInit('POST', { action: 'comment', note: 'x' })), 400, 'actor');
    const response = await app.app.request(`/api/issues/${id}/transitions`, jsonInit('POST', { action: 'comment', actor: '网格员甲', note: 'x' }));
    expect(response.status).toBe(200);
    expect(((await response.json()) as { entry: { actor: string } }).entry.actor).toBe('网格员甲');
  });
});

describe('GET /api/auth/session', () => {
  it('answers 200 whether signed in or not, with the permissions when signed in', async () => {
    const app = makeAccessApp();
    const anonymous = await app.request('anonymous', '/api/auth/session');
    expect(anonymous.status).toBe(200);
    expect(await anonymous.json()).toEqual({ access: 'on', user: null });
    const planner = await app.request('township_planner', '/api/auth/session');
    expect(await planner.json()).toMatchObject({ access: 'on', via: 'session', user: { username: 'township_planner', role: 'township_planner' }, permissions: { 'plan:edit': 'own' } });
    expect(planner.headers.get('cache-control')).toBe('no-store');
  });

  it('says access control is off on an open app', async () => {
    const app = makeTestApp();
    const response = await app.app.request('/api/auth/session');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ access: 'off' });
    expect((await app.app.request('/api/auth/me')).status).toBe(404);
  });
});
