// Fuzzing the access layer itself: junk credentials, cookies, paths, methods and bodies, as nobody
// and as signed-in accounts. Nothing may answer 5xx, and every refusal is JSON.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { makeAccessApp } from '../access/helpers.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

describe('fuzzing the access layer', () => {
  it('never fails with a 5xx and refuses in JSON', async () => {
    const app = makeAccessApp({ maxBodyBytes: 4096 });
    const segment = fc.oneof(fc.constantFrom('api', 'issues', '1', '4', 'transitions', 'ledger', 'grids', '360121100001001', 'roster', 'admin', 'users', 'tokens', 'auth', 'login', 'townships', '360121100', 'plan', 'open311', 'v2', 'requests.json', 'export.csv', '..', '%2e%2e', '%2F'), fc.string({ maxLength: 8 }).map(encodeURIComponent));
    const path = fc.array(segment, { minLength: 1, maxLength: 6 }).map((parts) => `/${parts.join('/')}`);
    const apiPath = fc.oneof(path.map((p) => `/api${p}`), path);
    const credential = fc.oneof(
      fc.constant<Record<string, string>>({}),
      fc.constantFrom('viewer', 'grid_cadre', 'township_operator', 'admin').map((account) => ({ cookie: `gridmap_session=${app.sessions[account]}` })),
      fc.string({ maxLength: 60 }).map((value) => ({ authorization: `Bearer ${value}` })),
      fc.string({ maxLength: 80 }).map((value) => ({ cookie: value })),
      fc.string({ maxLength: 60 }).map((value) => ({ authorization: value })),
    );
    const body = fc.oneof(fc.constant(undefined), fc.jsonValue().map((v) => JSON.stringify(v)), fc.string({ maxLength: 300 }), fc.constant('x'.repeat(5000)));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'HEAD', 'OPTIONS'), apiPath, credential, body, fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain'), async (method, target, headers, text, type) => {
        const init: RequestInit = { method, headers: { ...headers, 'content-type': type } };
        if (text !== undefined && method !== 'GET' && method !== 'HEAD') init.body = text;
        let response: Response;
        try {
          response = await app.app.request(target, init);
        } catch (error) {
          // A target the URL parser refuses never reaches the server.
          if (error instanceof TypeError) return;
          throw error;
        }
        expect(response.status, `${method} ${target}`).toBeLessThan(500);
        if (response.status >= 400 && method !== 'HEAD' && target.startsWith('/api')) {
          expect(response.headers.get('content-type'), `${method} ${target}`).toMatch(/json/);
        }
        await response.body?.cancel();
      }),
      { numRuns: RUNS * 3 },
    );
    expect(app.errors).toEqual([]);
  });
});
