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

/**
 * A listener that writes to stderr (stdout stays machine-readable): every new stage, and a repeated
 * stage's count at most once a second.
 */
export function stderrProgress(prefix = ''): ProgressListener {
  const started = performance.now();
  let lastStage = '';
  let lastPrinted = 0;
  return (stage, done, total) => {
    const now = performance.now();
    if (stage === lastStage && now - lastPrinted < 1000) return;
    lastStage = stage;
    lastPrinted = now;
    const seconds = ((now - started) / 1000).toFixed(1);
    const count = done === undefined ? '' : total === undefined ? ` ${done}` : ` ${done}/${total}`;
    process.stderr.write(`${prefix}[${seconds}s] ${stage}${count}\n`);
  };
}
