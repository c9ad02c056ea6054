// Handling deadlines per tier and category (三级三色): configurable, with documented defaults.
import type { Tier } from '../model.ts';

export interface DeadlineRules {
  /** Days allowed per tier: red (village level) 3, orange (township) 7, yellow (county) 30 by default. */
  tierDays: Readonly<Record<Tier, number>>;
  /** Category overrides, e.g. { 矛盾纠纷: { red: 5 } }: a dispute needs longer than a broken lamp. */
  categoryDays: Readonly<Record<string, Partial<Record<Tier, number>>>>;
}

export const DEFAULT_DEADLINE_RULES: DeadlineRules = {
  tierDays: { red: 3, orange: 7, yellow: 30 },
  categoryDays: {},
};

const DAY_MS = 86_400_000;

export function deadlineDays(rules: DeadlineRules, tier: Tier, category: string): number {
  return rules.categoryDays[category]?.[tier] ?? rules.tierDays[tier];
}

/** The deadline of a clock started at `start`. */
export function deadlineFrom(rules: DeadlineRules, tier: Tier, category: string, start: Date): Date {
  return new Date(start.getTime() + deadlineDays(rules, tier, category) * DAY_MS);
}

/** Overdue = not closed and past the deadline at `now`; computed from the clock, never stored. */
export function isPastDeadline(issue: { status: 'open' | 'closed'; deadlineAt: string }, now: Date): boolean {
  return issue.status === 'open' && Date.parse(issue.deadlineAt) < now.getTime();
}
