// Benchmark figures: one JSON object per line on stdout, so a run can be piped into other tools;
// progress and notes go to stderr.
import { pathToFileURL } from 'node:url';

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  /** The naive method's figure, measured in the same run. */
  baseline?: number;
  /** How many times better than the baseline (baseline / value for times, value / baseline for rates). */
  ratio?: number;
  /** How the figure was obtained when that is not obvious from the name (sampling, extrapolation, target). */
  note?: string;
  /** Set when the figure could not be measured on this machine; value is then 0. */
  skipped?: boolean;
}

export function printFigures(figures: readonly BenchFigure[]): void {
  for (const figure of figures) process.stdout.write(`${JSON.stringify(figure)}\n`);
}

export function note(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Milliseconds to one decimal: finer digits are noise at this scale. */
export function roundMs(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/** Ratios to two significant digits below 10, whole numbers above. */
export function roundRatio(ratio: number): number {
  return ratio >= 10 ? Math.round(ratio) : Math.round(ratio * 100) / 100;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** True when the module at `moduleUrl` is the script node was started with. */
export function isMain(moduleUrl: string): boolean {
  return Boolean(process.argv[1]) && moduleUrl === pathToFileURL(process.argv[1]).href;
}
