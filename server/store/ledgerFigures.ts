// Headline figures of a slice of the ledger and the rates derived from them, the same for every backend.
import type { RankingRow, TierCounts } from './store.ts';

/** Counts a backend gathers for a slice of the ledger (a county, township or grid, maybe windowed). */
export interface LedgerFigures {
  collected: number;
  closed: number;
  /** Closed no later than the deadline. */
  closedOnTime: number;
  openByTier: TierCounts;
  /** Open and past the deadline at the store clock. */
  overdue: number;
  evaluated: number;
  satisfied: number;
  basicallySatisfied: number;
  dissatisfied: number;
  /** Past the report and not rejected (立案). */
  accepted: number;
  /** Accepted and sent back at least once by a failed verification. */
  reworked: number;
  /** Accepted and given at least one extension. */
  extended: number;
}

export function emptyLedgerFigures(): LedgerFigures {
  return {
    collected: 0, closed: 0, closedOnTime: 0, openByTier: { red: 0, orange: 0, yellow: 0 }, overdue: 0,
    evaluated: 0, satisfied: 0, basicallySatisfied: 0, dissatisfied: 0, accepted: 0, reworked: 0, extended: 0,
  };
}

/** numerator / denominator, or null when there is nothing to divide by. */
export function rate(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

export interface LedgerRates {
  closeRate: number | null;
  /** Problems overdue while still open count against the rate as well as those closed late. */
  onTimeCloseRate: number | null;
  satisfactionRate: number | null;
  reworkRate: number | null;
  extensionRate: number | null;
}

export function ledgerRates(figures: LedgerFigures): LedgerRates {
  return {
    closeRate: rate(figures.closed, figures.collected),
    onTimeCloseRate: rate(figures.closedOnTime, figures.closed + figures.overdue),
    satisfactionRate: rate(figures.satisfied + figures.basicallySatisfied, figures.evaluated),
    reworkRate: rate(figures.reworked, figures.accepted),
    extensionRate: rate(figures.extended, figures.accepted),
  };
}

export function statsRow(unit: { code: string; name: string; households: number }, figures: LedgerFigures): RankingRow {
  const { closeRate, onTimeCloseRate, satisfactionRate, reworkRate, extensionRate } = ledgerRates(figures);
  return {
    code: unit.code,
    name: unit.name,
    collected: figures.collected,
    closed: figures.closed,
    closeRate,
    onTimeCloseRate,
    overdue: figures.overdue,
    openByTier: { ...figures.openByTier },
    satisfactionRate,
    households: unit.households,
    accepted: figures.accepted,
    reworkRate,
    extensionRate,
  };
}
