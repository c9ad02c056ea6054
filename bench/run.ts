// `npm run bench`: builds the county once, then runs each benchmark on it in turn. Every figure is one
// JSON line on stdout; progress goes to stderr. Baselines are measured in the same run; nothing is
// asserted on timings.
import { benchBuild } from './build.ts';
import { benchLocate } from './locate.ts';
import { benchUnion } from './union.ts';
import { benchApi } from './api.ts';
import { benchWeb } from './web.ts';
import { note, printFigures } from './figures.ts';

const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)}s`;

note('bench: whole-county build');
const { build, figures: buildFigures } = await benchBuild();
printFigures(buildFigures);
const { dataset } = build;

note(`bench: locate (${elapsed()})`);
printFigures(await benchLocate(dataset.grids));

note(`bench: union (${elapsed()})`);
printFigures(await benchUnion(dataset.blocks, dataset.grids));

note(`bench: api (${elapsed()})`);
printFigures(await benchApi(dataset));

note(`bench: web (${elapsed()})`);
printFigures(await benchWeb(dataset));

note(`bench: done in ${elapsed()}`);
