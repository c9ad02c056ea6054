// Worker thread of the province generator: builds the counties it is sent, one at a time, and
// answers each with the dataset as JSON text (cheaper to pass and parse than a structured clone of
// millions of small coordinate arrays) and the worker's heap high-water mark.
import { parentPort } from 'node:worker_threads';
import { getHeapStatistics } from 'node:v8';
import { buildProvinceCounty, type CountyTask } from './province-dataset.ts';

export type WorkerRequest = { task: CountyTask };
export type WorkerAnswer =
  | { ok: true; code: string; json: string; blocks: number; timings: Record<string, number>; heapPeakBytes: number }
  | { ok: false; code: string; message: string };

let heapPeakBytes = 0;

parentPort?.on('message', ({ task }: WorkerRequest) => {
  try {
    const build = buildProvinceCounty(task);
    heapPeakBytes = Math.max(heapPeakBytes, getHeapStatistics().used_heap_size);
    const json = JSON.stringify(build.dataset);
    heapPeakBytes = Math.max(heapPeakBytes, getHeapStatistics().used_heap_size);
    const answer: WorkerAnswer = { ok: true, code: task.county.code, json, blocks: build.blockCount, timings: build.timings, heapPeakBytes };
    parentPort!.postMessage(answer);
  } catch (error) {
    const answer: WorkerAnswer = { ok: false, code: task.county.code, message: (error as Error).stack ?? String(error) };
    parentPort!.postMessage(answer);
  }
});
