// Generates the synthetic province: worker threads build the counties in parallel while the main
// thread seeds each finished county (one transaction per county) in county order, so the same
// seed always gives the same database. Progress and per-county timings go to a log callback.
import { Worker } from 'node:worker_threads';
import { getHeapStatistics } from 'node:v8';
import {
  countyTasks, provincePlan, validateProvinceOptions, type CountyTask, type ProvinceCountyDataset, type ProvinceOptions,
} from './province-dataset.ts';
import type { WorkerAnswer, WorkerRequest } from './province-worker.ts';

export interface GenerateProvinceOptions extends ProvinceOptions {
  /** Worker threads building counties (at least 1). */
  workers: number;
  log?: (line: string) => void;
}

export interface ProvinceGenerationSummary {
  province: { code: string; name: string; areaKm2: number };
  counties: number;
  townships: number;
  villages: number;
  grids: number;
  blocks: number;
  problems: number;
  ledgerEntries: number;
  seconds: number;
  /** Build time summed over the counties (spread over the workers). */
  countyBuildSeconds: number;
  /** Main-thread time: reading each county's answer and seeding it. */
  seedSeconds: number;
  /** Rows written per second of seeding (units, blocks, grids and their assignments, problems, ledger entries, lines). */
  seedRowsPerSecond: number;
  /** The process's peak resident set: main thread and workers share one process. */
  peakRssBytes: number;
  mainHeapPeakBytes: number;
  workerHeapPeakBytes: number;
  workers: number;
}

/** Rows a county adds to the database when seeded. */
function rowsOf(dataset: ProvinceCountyDataset): { rows: number; ledger: number } {
  const ledger = dataset.issues.reduce((sum, issue) => sum + (issue.history?.length ?? 1), 0);
  const rows = 1 + dataset.townships.length * 2 + dataset.villages.length + dataset.blocks.length * 2 + dataset.grids.length * 2 +
    dataset.issues.length + ledger + (dataset.lines?.length ?? 0);
  return { rows, ledger };
}

function startWorker(): Worker {
  const url = new URL('./province-worker.ts', import.meta.url);
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./province-worker.js', import.meta.url));
  // Worker threads do not inherit the TypeScript loader: register it first, then load the module.
  const api = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(code, { eval: true });
}

export async function generateProvince(
  options: GenerateProvinceOptions,
  seedCounty: (dataset: ProvinceCountyDataset) => unknown | Promise<unknown>,
): Promise<ProvinceGenerationSummary> {
  const validation = validateProvinceOptions(options);
  if (!validation.valid) throw new RangeError(validation.reason);
  if (!Number.isInteger(options.workers) || options.workers < 1) throw new RangeError('workers must be a whole number ≥ 1');
  const log = options.log ?? (() => {});
  const started = performance.now();
  const seconds = () => ((performance.now() - started) / 1000).toFixed(1);

  const plan = provincePlan(options);
  const tasks = countyTasks(plan, options);
  // Seed and time name the datasets: a run repeated with both adds only the counties not yet stored.
  log(`[${seconds()}s] province ${plan.code} ${plan.name}: ${Math.round(plan.areaKm2)} km², ${tasks.length} counties, ${options.workers} workers, seed ${options.seed}, now ${options.now}`);

  const totals = { townships: 0, villages: 0, grids: 0, blocks: 0, problems: 0, ledger: 0, rows: 0, buildMs: 0, seedMs: 0 };
  let mainHeapPeak = 0, workerHeapPeak = 0;
  const workerCount = Math.min(options.workers, tasks.length);
  // Finished counties wait here until every county before them is seeded; the window bounds how
  // far the workers may run ahead, and so the memory held by waiting answers.
  const window = workerCount + 1;
  const finished = new Map<number, Extract<WorkerAnswer, { ok: true }>>();
  let nextTask = 0, nextSeed = 0;
  const workers = Array.from({ length: workerCount }, () => ({ worker: startWorker(), busy: false }));
  const indexOf = new Map(tasks.map((task, index) => [task.county.code, index]));

  try {
    await new Promise<void>((resolve, reject) => {
      let failed = false;
      const fail = (error: Error) => { if (!failed) { failed = true; reject(error); } };
      const dispatch = () => {
        for (const slot of workers) {
          if (slot.busy || nextTask >= tasks.length || nextTask >= nextSeed + window) continue;
          const task: CountyTask = tasks[nextTask++];
          slot.busy = true;
          slot.worker.postMessage({ task } satisfies WorkerRequest);
        }
      };
      const seedReady = async () => {
        while (finished.has(nextSeed)) {
          const answer = finished.get(nextSeed)!;
          finished.delete(nextSeed);
          const seedStarted = performance.now();
          const dataset = JSON.parse(answer.json) as ProvinceCountyDataset;
          await seedCounty(dataset);
          const seedMs = performance.now() - seedStarted;
          mainHeapPeak = Math.max(mainHeapPeak, getHeapStatistics().used_heap_size);
          const { rows, ledger } = rowsOf(dataset);
          Object.assign(totals, {
            townships: totals.townships + dataset.townships.length, villages: totals.villages + dataset.villages.length,
            grids: totals.grids + dataset.grids.length, blocks: totals.blocks + dataset.blocks.length,
            problems: totals.problems + dataset.issues.length, ledger: totals.ledger + ledger, rows: totals.rows + rows,
            buildMs: totals.buildMs + answer.timings.total, seedMs: totals.seedMs + seedMs,
          });
          log(
            `[${seconds()}s] county ${dataset.county.code} ${dataset.county.name}: ${dataset.townships.length} townships, ` +
              `${dataset.villages.length} villages, ${dataset.blocks.length} blocks, ${dataset.grids.length} grids, ` +
              `${dataset.issues.length} problems; built in ${(answer.timings.total / 1000).toFixed(1)} s ` +
              `(${Object.entries(answer.timings).filter(([stage]) => stage !== 'total').map(([stage, ms]) => `${stage} ${ms}`).join(', ')} ms), ` +
              `seeded in ${(seedMs / 1000).toFixed(1)} s (${Math.round(rows / (seedMs / 1000))} rows/s); ` +
              `rss ${(process.memoryUsage.rss() / 2 ** 30).toFixed(2)} GiB; ${nextSeed + 1}/${tasks.length} done`,
          );
          nextSeed++;
        }
      };
      let seeding = Promise.resolve();
      for (const slot of workers) {
        slot.worker.on('error', (error) => fail(error));
        slot.worker.on('exit', (code) => { if (code !== 0) fail(new Error(`a county worker stopped with exit code ${code}`)); });
        slot.worker.on('message', (answer: WorkerAnswer) => {
          slot.busy = false;
          if (!answer.ok) { fail(new Error(`county ${answer.code}: ${answer.message}`)); return; }
          workerHeapPeak = Math.max(workerHeapPeak, answer.heapPeakBytes);
          finished.set(indexOf.get(answer.code)!, answer);
          dispatch();
          // Seeding runs one county at a time, in county order.
          seeding = seeding.then(seedReady).then(() => {
            if (nextSeed === tasks.length) resolve();
            else dispatch();
          }, fail);
        });
      }
      dispatch();
    });
  } finally {
    await Promise.all(workers.map((slot) => slot.worker.terminate()));
  }

  const seedSeconds = totals.seedMs / 1000;
  return {
    province: { code: plan.code, name: plan.name, areaKm2: Math.round(plan.areaKm2) },
    counties: tasks.length,
    townships: totals.townships,
    villages: totals.villages,
    grids: totals.grids,
    blocks: totals.blocks,
    problems: totals.problems,
    ledgerEntries: totals.ledger,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    countyBuildSeconds: Math.round(totals.buildMs / 100) / 10,
    seedSeconds: Math.round(seedSeconds * 10) / 10,
    seedRowsPerSecond: seedSeconds > 0 ? Math.round(totals.rows / seedSeconds) : 0,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    mainHeapPeakBytes: mainHeapPeak,
    workerHeapPeakBytes: workerHeapPeak,
    workers: workerCount,
  };
}
