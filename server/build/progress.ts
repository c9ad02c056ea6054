// Progress reporting for long runs: a callback the CLI prints and the server logs.
export type ProgressListener = (stage: string, done?: number, total?: number) => void;

export const silentProgress: ProgressListener = () => {};

/** Times each stage and forwards it to a listener; returns the figures at the end. */
export function stageTimer(listener: ProgressListener = silentProgress) {
  const timings: Record<string, number> = {};
  return {
    timings,
    run<T>(stage: string, work: () => T): T {
      listener(stage);
      const started = performance.now();
      try {
        return work();
      } finally {
        timings[stage] = Math.round(performance.now() - started);
      }
    },
  };
}

/** A listener that writes one line per stage to stderr, so stdout stays machine-readable. */
export function stderrProgress(prefix = ''): ProgressListener {
  const started = performance.now();
  return (stage, done, total) => {
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const count = done === undefined ? '' : total === undefined ? ` ${done}` : ` ${done}/${total}`;
    process.stderr.write(`${prefix}[${seconds}s] ${stage}${count}\n`);
  };
}
