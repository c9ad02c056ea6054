// `npm run cli -- generate-province --out FILE …`: the synthetic province into one database, county
// by county. Progress and per-county timings on stderr; one JSON summary on stdout.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { openStore, isPostgresUrl, sqlitePathOf } from '../store/open-store.ts';
import { generateProvince } from './province-generate.ts';

const DEFAULTS = { counties: 100, grids: 100_000, problems: 5_000_000, seed: 20240601, workers: 2 };

function wholeNumber(value: string | undefined, name: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min) throw new RangeError(`--${name} must be a whole number ≥ ${min}, got "${value}"`);
  return number;
}

function positive(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!(Number.isFinite(number) && number > 0)) throw new RangeError(`--${name} must be a positive number, got "${value}"`);
  return number;
}

function databaseBytes(url: string): number | null {
  if (isPostgresUrl(url)) return null;
  const path = sqlitePathOf(url);
  return [path, `${path}-wal`].filter((file) => existsSync(file)).reduce((sum, file) => sum + statSync(file).size, 0);
}

export async function generateProvinceCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      out: { type: 'string' }, counties: { type: 'string' }, grids: { type: 'string' }, problems: { type: 'string' },
      seed: { type: 'string' }, workers: { type: 'string' }, now: { type: 'string' }, 'county-area': { type: 'string' },
      townships: { type: 'string' }, 'villages-per-township': { type: 'string' },
    },
  });
  let options;
  try {
    if (!values.out) throw new RangeError('--out is required');
    const now = values.now ?? new Date().toISOString();
    if (Number.isNaN(Date.parse(now))) throw new RangeError(`--now must be an ISO 8601 time, got "${now}"`);
    options = {
      counties: wholeNumber(values.counties, 'counties', DEFAULTS.counties, 1),
      grids: wholeNumber(values.grids, 'grids', DEFAULTS.grids, 1),
      problems: wholeNumber(values.problems, 'problems', DEFAULTS.problems, 0),
      seed: wholeNumber(values.seed, 'seed', DEFAULTS.seed, 0),
      workers: wholeNumber(values.workers, 'workers', DEFAULTS.workers, 1),
      now: new Date(now).toISOString(),
      countyAreaKm2: positive(values['county-area'], 'county-area'),
      units: { townships: positive(values.townships, 'townships'), villagesPerTownship: positive(values['villages-per-township'], 'villages-per-township') },
    };
    if (options.grids < options.counties) throw new RangeError('--grids must be at least --counties');
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n\nusage: npm run cli -- generate-province --out FILE [--counties 100] [--grids 100000] [--problems 5000000] [--seed N] [--workers 2]\n`);
    return 2;
  }

  const url = values.out!;
  const store = await openStore(url, { prepareDirectory: (path) => mkdirSync(dirname(path), { recursive: true }) });
  let summary;
  try {
    summary = await generateProvince(
      { ...options, log: (line) => process.stderr.write(`${line}\n`) },
      (dataset) => store.seedDataset(dataset),
    );
  } finally {
    await store.close();
  }
  console.log(JSON.stringify({ out: url, now: options.now, seed: options.seed, ...summary, databaseBytes: databaseBytes(url) }));
  return 0;
}
