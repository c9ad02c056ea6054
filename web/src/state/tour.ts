// The wall's automatic tour: the county, then each township in turn, then the county again.
import type { TourOrder } from './url-state.ts';

/** Township codes in visiting order. `rankedCodes` is the ranking order (worst first) for 'ranking'. */
export function tourTownships(allCodes: readonly string[], order: TourOrder, rankedCodes: readonly string[] = []): string[] {
  const known = new Set(allCodes);
  switch (order.kind) {
    case 'code':
      return [...allCodes].sort();
    case 'ranking': {
      const ranked = rankedCodes.filter((code) => known.has(code));
      const rest = [...allCodes].filter((code) => !ranked.includes(code)).sort();
      return [...new Set([...ranked, ...rest])];
    }
    case 'list':
      return [...new Set(order.codes.filter((code) => known.has(code)))];
  }
}

/** One lap: null stands for the county overview, which opens every lap. */
export function tourStops(townships: readonly string[]): (string | null)[] {
  return [null, ...townships];
}

/** The stop shown after `elapsedMs` since the tour started, lap after lap. */
export function stopAt(stops: readonly (string | null)[], elapsedMs: number, intervalS: number): { index: number; stop: string | null; msToNext: number } {
  if (stops.length === 0) return { index: 0, stop: null, msToNext: intervalS * 1000 };
  const step = intervalS * 1000;
  const position = Math.max(0, Math.floor(elapsedMs / step));
  const index = position % stops.length;
  return { index, stop: stops[index], msToNext: step - (Math.max(0, elapsedMs) % step) };
}
