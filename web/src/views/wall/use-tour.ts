// The automatic tour's current stop, derived from the time since the tour (re)started.
import { useEffect, useMemo, useRef } from 'react';
import { stopAt, tourStops, tourTownships } from '../../state/tour.ts';
import type { TourOrder } from '../../state/url-state.ts';

export function useTour(now: Date, allCodes: readonly string[], order: TourOrder, rankedCodes: readonly string[], intervalS: number) {
  const codesKey = allCodes.join(',');
  // The ranking order is taken once it is known, so the tour doesn't jump when figures change.
  const rankedKey = rankedCodes.join(',');
  const stops = useMemo(
    () => tourStops(tourTownships(codesKey ? codesKey.split(',') : [], order, rankedKey ? rankedKey.split(',') : [])),
    [codesKey, order.kind, order.kind === 'list' ? order.codes.join(',') : '', order.kind === 'ranking' ? rankedKey.length > 0 : false],
  );
  const start = useRef(now.getTime());
  // A new set of stops starts again from the county.
  useEffect(() => {
    start.current = Date.now();
  }, [stops]);
  return { stops, ...stopAt(stops, now.getTime() - start.current, intervalS) };
}
