// `npm run bench`: builds the county once, then runs each benchmark on it in turn. Every figure is one
// JSON line on stdout; progress goes to stderr. Baselines are measured in the same run; nothing is
// asserted on timings.
import { benchBuild } from './build.ts';
import { benchLocate } from './locate.ts';
import { benchUnion } from './union.ts';
import { benchApi } from './api.ts';
import { benchWeb } from './web.ts';
import { benchPlanner } from './planner.ts';
import { benchTiles } from './tiles.ts';
import { benchPlan } from './plan.ts';
import { note, printFigures } from './figures.ts';

// `npm run bench -- planner api` runs only the named benchmarks (the county build always runs).
const only = new Set(process.argv.slice(2));
// The province benchmark runs alone and only when named: it needs its own (large) database.
if (only.has('province')) { await (await import('./province.ts')).benchProvince(); process.exit(0); }
// Ledger figures at province scale build their own synthetic database (size: BENCH_FIGURES_PROBLEMS).
if (only.has('figures')) {
  const { benchLedgerFigures, ledgerFiguresOptionsFromEnvironment } = await import('./ledger-figures.ts');
  printFigures(await benchLedgerFigures(ledgerFiguresOptionsFromEnvironment()));
  if (only.size === 1) process.exit(0);
}
const wanted = (name: string) => only.size === 0 || only.has(name);
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)}s`;

note('bench: whole-county build');
const { build, figures: buildFigures } = await benchBuild();
printFigures(buildFigures);
const { dataset } = build;

if (wanted('locate')) {
  note(`bench: locate (${elapsed()})`);
  printFigures(await benchLocate(dataset.grids));
}

if (wanted('union')) {
  note(`bench: union (${elapsed()})`);
  printFigures(await benchUnion(dataset.blocks, dataset.grids));
}

if (wanted('api')) {
  note(`bench: api (${elapsed()})`);
  printFigures(await benchApi(dataset));
}

if (wanted('web')) {
  note(`bench: web (${elapsed()})`);
  printFigures(await benchWeb(dataset));
}

if (wanted('planner')) {
  note(`bench: planner (${elapsed()})`);
  printFigures(await benchPlanner(dataset));
}

if (wanted('tiles')) {
  note(`bench: tiles (${elapsed()})`);
  printFigures(await benchTiles(dataset));
}

if (wanted('plan')) {
  note(`bench: plan (${elapsed()})`);
  printFigures(await benchPlan(dataset));
}

note(`bench: done in ${elapsed()}`);
