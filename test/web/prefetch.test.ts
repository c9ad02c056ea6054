// The requests a page starts before React renders: a county's page asks for its whole layers at
// once (index.html preloads them), a province's for the township list only.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createQueryClient, prefetchMapData, queryKeys } from '../../web/src/api/queries.ts';

const township = (code: string) => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [116, 28.5] },
  properties: { code, name: code, gridCount: 10, households: 100, openIssues: { red: 1, orange: 0, yellow: 0 } },
});

/** A fetch answering the session (access off), the townships and small bodies for everything else; records the paths asked. */
function fakeServer(townshipCodes: string[]) {
  const asked: string[] = [];
  const fetch = vi.fn(async (input: string | URL) => {
    const path = String(input);
    asked.push(path);
    const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json', 'Content-Length': String(JSON.stringify(body).length) } });
    if (path === '/api/auth/session') return json({ access: 'off' });
    if (path === '/api/townships') return json({ type: 'FeatureCollection', attribution: 'test', features: townshipCodes.map(township) });
    return json({ type: 'FeatureCollection', attribution: 'test', features: [] });
  });
  vi.stubGlobal('fetch', fetch);
  return asked;
}

async function settle(): Promise<void> {
  for (let round = 0; round < 20; round++) await new Promise((resolve) => setTimeout(resolve, 0));
}

afterEach(() => vi.unstubAllGlobals());

describe('prefetching the map data', () => {
  it('asks a province for the township list only', async () => {
    const asked = fakeServer(['990101001', '990102001']);
    const client = createQueryClient();
    prefetchMapData(client, 'province');
    await settle();
    expect(asked.filter((path) => path.startsWith('/api/') && path !== '/api/auth/session')).toEqual(['/api/townships']);
    expect(client.getQueryData(queryKeys.townships)).toBeDefined();
  });

  it('asks a county for its whole layers at once, and reads the small ones', async () => {
    const asked = fakeServer(['360121100']);
    const client = createQueryClient();
    prefetchMapData(client, 'county');
    await settle();
    expect(asked.filter((path) => path !== '/api/auth/session').sort()).toEqual(
      ['/api/townships', '/api/grids', '/api/issues/points', '/api/basemap?layer=streets&detail=major', '/api/basemap?layer=water'].sort(),
    );
    expect(client.getQueryData(queryKeys.grids)).toBeDefined();
    expect(client.getQueryData(queryKeys.points)).toBeDefined();
    expect(client.getQueryData(queryKeys.basemap('streets', 'major'))).toBeDefined();
    expect(client.getQueryData(queryKeys.basemap('water', null))).toBeDefined();
  });
});
