// GDAL's OGC API – Features driver against the running server: the counts it reads must be the API's.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenFixtureApp, type ListeningApp } from './listening.ts';

const run = promisify(execFile);

async function ogrinfo(...args: string[]): Promise<string> {
  const { stdout } = await run('ogrinfo', ['-ro', ...args], { env: { ...process.env, GDAL_HTTP_TIMEOUT: '30' } });
  return stdout;
}

function featureCount(summary: string): number {
  const match = /Feature Count: (\d+)/.exec(summary);
  if (!match) throw new Error(`no feature count in:\n${summary}`);
  return Number(match[1]);
}

describe('ogrinfo (GDAL OAPIF driver) reads /ogc', () => {
  let server: ListeningApp;
  beforeAll(async () => {
    server = await listenFixtureApp();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lists the five collections', async () => {
    const listing = await ogrinfo(`OAPIF:${server.origin}/ogc`);
    for (const id of ['townships', 'villages', 'grids', 'blocks', 'issues']) expect(listing).toMatch(new RegExp(`^\\d+: ${id} `, 'm'));
  });

  it('counts the features the API serves, for every collection', async () => {
    const apiCount = async (path: string) => ((await (await fetch(server.origin + path)).json()) as { features: unknown[] }).features.length;
    const blockCounts = await Promise.all(server.dataset.townships.map((township) => apiCount(`/api/blocks?township=${township.code}`)));
    const expected: Record<string, number> = {
      townships: await apiCount('/api/townships'),
      villages: await apiCount('/api/villages'),
      grids: await apiCount('/api/grids'),
      blocks: blockCounts.reduce((sum, count) => sum + count, 0),
      issues: await apiCount('/api/issues?limit=5000'),
    };
    for (const [id, count] of Object.entries(expected)) {
      expect(count, id).toBeGreaterThan(0);
      expect(featureCount(await ogrinfo('-so', `OAPIF:${server.origin}/ogc`, id)), id).toBe(count);
    }
  });

  it('reads every feature through the next links, with Chinese text intact', async () => {
    const listing = await ogrinfo('-q', '-oo', 'PAGE_SIZE=3', `OAPIF:${server.origin}/ogc`, 'issues');
    const titles = [...listing.matchAll(/^\s+title \(String\) = (.+)$/gm)].map((match) => match[1]);
    expect(titles.sort()).toEqual(server.dataset.issues.map((issue) => issue.title).sort());
  });

  it('applies a spatial filter as the bbox parameter', async () => {
    const box = [115.955, 28.575, 115.97, 28.6];
    const page = (await (await fetch(`${server.origin}/ogc/collections/blocks/items?bbox=${box.join(',')}`)).json()) as { numberMatched: number };
    const listing = await ogrinfo('-q', '-spat', ...box.map(String), `OAPIF:${server.origin}/ogc`, 'blocks');
    expect(page.numberMatched).toBeGreaterThan(0);
    expect(page.numberMatched).toBeLessThan(server.dataset.blocks.length);
    expect((listing.match(/^OGRFeature\(blocks\)/gm) ?? []).length).toBe(page.numberMatched);
  });
});
