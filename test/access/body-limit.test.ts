// The body limit reads a request body once, however many times its pattern matches the path.
import { describe, expect, it } from 'vitest';
import { makeAccessApp } from './helpers.ts';

describe('body limit', () => {
  it('answers a path that matches the middleware pattern twice (a literal "/*") without a server error', async () => {
    const app = makeAccessApp({ maxBodyBytes: 4096 });
    for (const method of ['POST', 'DELETE', 'PUT', 'PATCH']) {
      const response = await app.app.request('/*', { method, headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(response.status, method).toBeLessThan(500);
      expect(response.headers.get('content-type')).toMatch(/json/);
    }
    expect(app.errors).toEqual([]);
  });

  it('still refuses a body over the limit there with 413 naming the body', async () => {
    const app = makeAccessApp({ maxBodyBytes: 4096 });
    const response = await app.app.request('/*', { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(5000) });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { field: string } }).error.field).toBe('body');
  });
});
