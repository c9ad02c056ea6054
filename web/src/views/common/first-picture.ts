// The first complete picture of a map on this page: work that is not needed for it (the panels'
// web font) waits for it, so it does not compete with the map for the main thread and the network.

let reached = false;
const waiting: (() => void)[] = [];

/** Called by the map each time it reports itself idle with all its data; only the first call counts. */
export function markFirstPicture(): void {
  if (reached) return;
  reached = true;
  for (const resolve of waiting.splice(0)) resolve();
}

/** Resolves once a map drew its first complete picture, or after `fallbackMs` (pages without a map, a map that never settles). */
export function afterFirstPicture(fallbackMs: number): Promise<void> {
  if (reached) return Promise.resolve();
  return new Promise((resolve) => {
    waiting.push(resolve);
    setTimeout(resolve, fallbackMs);
  });
}
