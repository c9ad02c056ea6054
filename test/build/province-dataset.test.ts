// The synthetic province on a tiny scale (three small counties): codes, coverage, problems,
// labelling and determinism of the county builds, and the generate-province command end to end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  PROVINCE_ATTRIBUTION, buildProvinceCounty, countyTasks, evenShares, provincePlan, type CountyBuild, type ProvinceOptions,
} from '../../server/build/province-dataset.ts';
import { chineseNumeral } from '../../server/synth/province/units.ts';
import { validateGridCode } from '../../server/geo/grid-codes.ts';
import { validateCoverage } from '../../server/geo/coverage.ts';
import { pointInPolygon, polygonAreaM2, signedArea } from '../../server/geo/ring.ts';
import { datasetId, validateDataset } from '../../server/store/datasetRules.ts';
import { openSqliteStore } from '../../server/store/sqlite/sqliteStore.ts';
import type { AreaGeometry } from '../../server/model.ts';
import type { MultiPolygonCoords } from '../../server/geo/types.ts';

const TINY: ProvinceOptions = {
  seed: 11, counties: 3, grids: 45, problems: 301, now: '2026-11-25T04:00:00Z',
  countyAreaKm2: 60, units: { townships: 3, villagesPerTownship: 4 },
};

let builds: CountyBuild[];
beforeAll(() => {
  builds = countyTasks(provincePlan(TINY), TINY).map((task) => buildProvinceCounty(task));
}, 60_000);

const multiParts = (geometry: AreaGeometry): MultiPolygonCoords => (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates);

describe('the synthetic province plan', () => {
  it('splits the outline into counties with synthetic codes and names that tile it', () => {
    const plan = provincePlan(TINY);
    expect(plan.code).toBe('99');
    expect(plan.name).toContain('SYNTHETIC');
    expect(plan.counties.map((county) => county.code)).toEqual(['990101', '990102', '990103']);
    expect(plan.counties.map((county) => county.name)).toEqual(['合成县001', '合成县002', '合成县003']);
    const provinceM2 = polygonAreaM2(plan.outline);
    const countiesM2 = plan.counties.reduce((sum, county) => sum + polygonAreaM2(county.outline), 0);
    expect(provinceM2 / 1e6).toBeGreaterThan(150);
    expect(Math.abs(countiesM2 - provinceM2) / provinceM2).toBeLessThan(1e-6);
    for (const county of plan.counties) {
      expect(signedArea(county.outline[0])).toBeGreaterThan(0);
      expect(pointInPolygon(county.seat[0], county.seat[1], county.outline)).toBe(true);
    }
  });

  it('shares grids and problems out exactly', () => {
    expect(evenShares(301, 3)).toEqual([101, 100, 100]);
    expect(countyTasks(provincePlan(TINY), TINY).map((task) => task.problemCount)).toEqual([101, 100, 100]);
  });

  it('writes Chinese numerals for unit names', () => {
    expect([1, 10, 12, 20, 105, 110].map(chineseNumeral)).toEqual(['一', '十', '十二', '二十', '一百零五', '一百一十']);
  });
});

describe('the synthetic province counties', () => {
  it('have unique codes nested county → township → village → grid under province 99', () => {
    const all = { townships: new Set<string>(), villages: new Set<string>(), grids: new Set<string>(), blocks: new Set<string>() };
    for (const { dataset } of builds) {
      const county = dataset.county.code;
      expect(county).toMatch(/^99\d{4}$/);
      expect(dataset.province).toEqual({ code: '99', name: '合成省（SYNTHETIC）' });
      const townships = new Set(dataset.townships.map((unit) => unit.code));
      for (const code of townships) expect(code.startsWith(county) && code.length === 9).toBe(true);
      for (const village of dataset.villages) {
        expect(townships.has(village.townshipCode)).toBe(true);
        expect(village.code.startsWith(village.townshipCode) && village.code.length === 12).toBe(true);
      }
      for (const grid of dataset.grids) expect(validateGridCode(grid.code, grid.villageCode)).toEqual({ valid: true });
      for (const [key, codes] of [
        ['townships', [...townships]], ['villages', dataset.villages.map((unit) => unit.code)],
        ['grids', dataset.grids.map((grid) => grid.code)], ['blocks', dataset.blocks.map((block) => block.id)],
      ] as const) {
        for (const code of codes) {
          expect(all[key].has(code), `${key} ${code}`).toBe(false);
          all[key].add(code);
        }
      }
      expect(validateDataset(dataset)).toEqual({ valid: true });
    }
    expect(all.townships.size).toBeGreaterThanOrEqual(6);
  });

  it('tile every village with grids: no gap, overlap or split grid', () => {
    for (const { dataset } of builds) {
      const report = validateCoverage({
        areas: dataset.villages.map((village) => ({ code: village.code, geometry: { type: 'MultiPolygon', coordinates: multiParts(village.geometry) } })),
        grids: dataset.grids.map((grid) => ({ code: grid.code, parentCode: grid.villageCode, geometry: { type: 'MultiPolygon', coordinates: [grid.polygon] } })),
      });
      expect(report.valid, JSON.stringify(report).slice(0, 400)).toBe(true);
      expect(report.exactlyTiledAreas).toBe(dataset.villages.length);
    }
  });

  it('place every problem inside its grid, within the last year, with a ledger', () => {
    const now = Date.parse(TINY.now);
    expect(builds.reduce((sum, build) => sum + build.dataset.issues.length, 0)).toBe(301);
    for (const { dataset } of builds) {
      const grids = new Map(dataset.grids.map((grid) => [grid.code, grid]));
      for (const issue of dataset.issues) {
        const grid = grids.get(issue.gridCode)!;
        expect(pointInPolygon(issue.lon, issue.lat, grid.polygon)).toBe(true);
        expect(issue.villageCode).toBe(grid.villageCode);
        expect(issue.synthetic).toBe(true);
        const reported = Date.parse(issue.reportedAt);
        expect(reported).toBeLessThan(now);
        expect(reported).toBeGreaterThan(now - 366 * 86_400_000);
        expect(issue.history!.length).toBeGreaterThanOrEqual(1);
      }
    }
    const reportedDays = builds.flatMap((build) => build.dataset.issues.map((issue) => Date.parse(issue.reportedAt)));
    // Spread over the year, not bunched in the last weeks.
    expect(Math.min(...reportedDays)).toBeLessThan(now - 200 * 86_400_000);
  });

  it('say they are synthetic, in English and Chinese', () => {
    for (const { dataset } of builds) {
      expect(dataset.attribution).toBe(PROVINCE_ATTRIBUTION);
      expect(dataset.attribution).toMatch(/SYNTHETIC/);
      expect(dataset.attribution).toMatch(/合成数据（非真实）/);
      expect(dataset.syntheticLayers).toEqual(expect.arrayContaining(['county boundaries', 'grids', 'problems']));
      expect(dataset.county.name.startsWith('合成')).toBe(true);
      expect([...dataset.townships, ...dataset.villages].every((unit) => unit.name.startsWith('合成'))).toBe(true);
    }
  });

  it('are the same for the same seed and differ for another', () => {
    const tasks = countyTasks(provincePlan(TINY), TINY);
    expect(datasetId(buildProvinceCounty(tasks[1]).dataset)).toBe(datasetId(builds[1].dataset));
    const other = { ...TINY, seed: 12 };
    expect(datasetId(buildProvinceCounty(countyTasks(provincePlan(other), other)[1]).dataset)).not.toBe(datasetId(builds[1].dataset));
  });
});

describe('npm run cli -- generate-province', () => {
  const directory = mkdtempSync(join(tmpdir(), 'gridmap-province-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('writes a database holding every county, county by county, and a JSON summary', async () => {
    const database = join(directory, 'province.sqlite');
    const run = spawnSync(process.execPath, [
      '--import', 'tsx', 'server/cli.ts', 'generate-province', '--out', database, '--counties', '2', '--grids', '30',
      '--problems', '120', '--seed', '5', '--workers', '2', '--now', '2026-11-25T04:00:00Z',
      '--county-area', '50', '--townships', '3', '--villages-per-township', '4',
    ], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/county 990101 合成县001: .* 1\/2 done/);
    expect(run.stderr).toMatch(/county 990102 合成县002: .* 2\/2 done/);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ counties: 2, problems: 120, province: { code: '99' }, workers: 2 });
    expect(summary.databaseBytes).toBeGreaterThan(0);
    expect(summary.peakRssBytes).toBeGreaterThan(0);

    const store = openSqliteStore(database);
    try {
      const counties = await store.listCounties();
      expect(counties.map((county) => county.code)).toEqual(['990101', '990102']);
      expect(counties.reduce((sum, county) => sum + county.gridCount, 0)).toBe(summary.grids);
      expect((await store.getProvince())?.code).toBe('99');
      expect((await store.datasetInfo())?.attribution).toMatch(/SYNTHETIC/);
    } finally {
      store.close();
    }

    const refused = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'generate-province', '--out', database, '--workers', '0'], { encoding: 'utf8' });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('--workers');
  });
});
