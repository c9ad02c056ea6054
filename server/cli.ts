// Command line: `npm run cli -- <command> [options]`. Figures go to stdout, progress to stderr.
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { importGrids } from './build/import-grids.ts';
import { validateStore } from './build/validate-store.ts';
import { ensureSeeded } from './build/seed.ts';
import { stderrProgress } from './build/progress.ts';
import { openStore } from './store/open-store.ts';
import { copyDatabase } from './store/copy.ts';
import type { CoverageReport } from './geo/coverage.ts';
import { parseCrsOption, type InputCrs } from './import/crs-option.ts';
import { createAdminCommand, createTokenCommand, demoAccountsCommand } from './access/cli-accounts.ts';
import { backupCommand, restoreCommand } from './build/backup.ts';
import { generateProvinceCommand } from './build/province-command.ts';

const USAGE = `usage: npm run cli -- <command> [options]

commands:
  build-grids --boundaries B --streets S --out grids.geojson
              [--water W] [--target-households N | --grid-count N]
              [--crs wgs84|cgcs2000|gcj02|bd09|epsg:CODE] [--name-field F] [--code-field F] [--encoding E]
              [--admin-level N] [--within NAME] [--close-gaps METRES] [--households-per-km2 N]
      Cut the boundary areas (GeoJSON or Shapefile .shp/.zip with names and codes from --name-field
      and --code-field, or OSM with --admin-level/--within) into street blocks along the streets and
      water of S (OSM XML .osm/.osm.gz, .osm.pbf, GeoJSON, GeoJSON lines or Shapefile) and group
      them into balanced grids. Households come from building footprints when S has them, else from
      block area. Coordinates are read in the system a .prj or GeoJSON crs declares (WGS84, CGCS2000,
      their Transverse Mercator / Gauss-Kruger zones), or the one --crs names, and converted to WGS84.
  validate   [--database URL]
      Check the stored grids for gaps, overlaps, invalid rings and split grids (exit 1 if any).
  seed       [--database URL] [--demo-accounts]
      Create and seed the database with the built-in Nanchang County dataset if it is empty.
      --demo-accounts also creates labelled demo accounts, one per role (scoped to a real
      township), each with a random password printed once. Never made otherwise.
  copy       FROM TO
      Copy a whole database (SQLite file path or postgres:// URL, either way) into an empty one,
      in one transaction on the target.
  create-admin --username U [--display-name NAME] [--database URL]
      Create an administrator. The password is read from GRIDMAP_ADMIN_PASSWORD or the first line
      piped on stdin (at least 10 characters); there is no default.
  create-token --username U --name NAME [--database URL]
      Create an API token for an account (e.g. a wall display) and print it once.
  backup     FILE [--database URL]
      Copy the SQLite database to FILE with SQLite's online backup (safe while the server runs).
  restore    FILE [--database URL]
      Replace the SQLite database with the backup FILE (stop the server first); the old file is
      kept as <database>.pre-restore.
  generate-province --out FILE [--counties 100] [--grids 100000] [--problems 5000000] [--seed N]
              [--workers 2] [--now ISO] [--county-area KM2] [--townships N] [--villages-per-township N]
      Generate a SYNTHETIC province (code 99) into the database FILE (or URL): counties by power
      diagram, each cut into townships, villages, blocks and grids by the built-in county's
      pipeline, with a year of problems and their ledgers; seeded county by county. Progress on
      stderr, one JSON summary on stdout.
`;

class UsageError extends Error {}

function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new UsageError(`--${name} must be a positive number, got "${value}"`);
  return number;
}

function crsOption(value: string | undefined): InputCrs | undefined {
  if (value === undefined) return undefined;
  const parsed = parseCrsOption(value);
  if (!parsed.valid) throw new UsageError(`--crs ${parsed.reason}`);
  return parsed.crs;
}

function summarize(report: CoverageReport) {
  return {
    valid: report.valid,
    gaps: report.gaps.length,
    overlaps: report.overlaps.length,
    invalidRings: report.invalidRings.length,
    nonContiguous: report.nonContiguous.length,
    outsideParent: report.outsideParent.length,
    firstProblems: [...report.gaps, ...report.overlaps, ...report.invalidRings, ...report.nonContiguous, ...report.outsideParent].slice(0, 10),
  };
}

async function buildGridsCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      boundaries: { type: 'string' }, streets: { type: 'string' }, water: { type: 'string' }, out: { type: 'string' },
      'target-households': { type: 'string' }, 'grid-count': { type: 'string' }, crs: { type: 'string' },
      'admin-level': { type: 'string' }, within: { type: 'string' }, 'close-gaps': { type: 'string' },
      'households-per-km2': { type: 'string' }, 'name-field': { type: 'string' }, 'code-field': { type: 'string' },
      encoding: { type: 'string' },
    },
  });
  for (const required of ['boundaries', 'streets', 'out'] as const) {
    if (!values[required]) throw new UsageError(`--${required} is required`);
  }
  const result = await importGrids({
    boundaries: values.boundaries!,
    streets: values.streets!,
    water: values.water,
    crs: crsOption(values.crs),
    nameField: values['name-field'],
    codeField: values['code-field'],
    encoding: values.encoding,
    targetHouseholds: numberOption(values['target-households'], 'target-households'),
    gridCount: numberOption(values['grid-count'], 'grid-count'),
    adminLevel: numberOption(values['admin-level'], 'admin-level'),
    within: values.within,
    closeGapsM: numberOption(values['close-gaps'], 'close-gaps'),
    householdsPerKm2: numberOption(values['households-per-km2'], 'households-per-km2'),
    onProgress: stderrProgress(),
  });
  mkdirSync(dirname(values.out!), { recursive: true });
  writeFileSync(values.out!, JSON.stringify(result.featureCollection));
  // Reading the street file also meets boundary relations cut by the extract: only their count matters here.
  if (result.warnings.length > 0) process.stderr.write(`${result.warnings.length} warnings while reading ${values.streets}, e.g. ${result.warnings[0]}\n`);
  const { build } = result;
  console.log(JSON.stringify({
    out: values.out,
    units: result.units.length,
    blocks: build.blocks.length,
    grids: build.grids.length,
    householdsSource: result.householdsSource,
    targetHouseholds: build.targetHouseholds,
    coverage: summarize(build.coverage),
    areaCheck: result.areaCheck,
    balance: build.metrics,
    timingsMs: build.timings,
  }, null, 2));
  return build.coverage.valid ? 0 : 1;
}

async function validateCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { database: { type: 'string' } } });
  const store = await openStore(values.database ?? process.env.DATABASE_URL ?? './var/gridmap.db');
  try {
    if (!(await store.isSeeded())) throw new UsageError('the database is empty: start the server or run `npm run cli -- seed` first');
    const result = await validateStore(store);
    console.log(JSON.stringify({ counts: result.counts, grids: summarize(result.grids), villages: summarize(result.villages) }, null, 2));
    return result.grids.valid && result.villages.valid ? 0 : 1;
  } finally {
    await store.close();
  }
}

async function seedCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { database: { type: 'string' }, 'demo-accounts': { type: 'boolean' } } });
  const url = values.database ?? process.env.DATABASE_URL ?? './var/gridmap.db';
  const store = await openStore(url, { prepareDirectory: (path) => mkdirSync(dirname(path), { recursive: true }) });
  try {
    const seeded = await ensureSeeded(store, stderrProgress());
    console.log(seeded ? `seeded ${url}` : `${url} already holds a dataset; nothing to do`);
    if (values['demo-accounts']) await demoAccountsCommand(store);
    return 0;
  } finally {
    await store.close();
  }
}

async function copyCommand(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  if (positionals.length !== 2) throw new UsageError('copy takes a source and a target: copy FROM TO');
  const [from, to] = positionals;
  // A refused copy (non-empty target, same database) is reported as an error, exit 1.
  const report = await copyDatabase(from, to, {
    prepareDirectory: (path) => mkdirSync(dirname(path), { recursive: true }),
    onProgress: stderrProgress('copy '),
  });
  console.log(JSON.stringify(report, null, 2));
  return 0;
}

const commands: Record<string, (args: string[]) => Promise<number>> = {
  'build-grids': buildGridsCommand,
  validate: validateCommand,
  seed: seedCommand,
  copy: copyCommand,
  'create-admin': createAdminCommand,
  'create-token': createTokenCommand,
  backup: backupCommand,
  restore: restoreCommand,
  'generate-province': generateProvinceCommand,
};

const [command, ...rest] = process.argv.slice(2);
const run = command ? commands[command] : undefined;
if (!run) {
  process.stderr.write(command && command !== 'help' && command !== '--help' ? `unknown command "${command}"\n\n${USAGE}` : USAGE);
  process.exit(command && command !== 'help' && command !== '--help' ? 2 : 0);
}
try {
  process.exitCode = await run(rest);
} catch (error) {
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`error: ${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
