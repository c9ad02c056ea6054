// Problems' `overdue` flips when the clock passes an open problem's deadline, without any write.
// Prepared layers holding it stay valid until the earliest such deadline (or the next write).

export interface OverdueState {
  status: string;
  overdue: boolean;
  deadlineAt: string;
}

/** Epoch ms of the earliest deadline of an open problem not yet overdue; null when none is left. */
export function nextOverdueChange(issues: Iterable<OverdueState>): number | null {
  let earliest: number | null = null;
  for (const issue of issues) {
    if (issue.status !== 'open' || issue.overdue) continue;
    const deadline = Date.parse(issue.deadlineAt);
    if (!Number.isNaN(deadline) && (earliest === null || deadline < earliest)) earliest = deadline;
  }
  return earliest;
}

/** A layer prepared at some version stays current while no write happened and no deadline passed. */
export function isCurrent(prepared: { version: number; changesAfter: number | null }, version: number, now: Date): boolean {
  return prepared.version === version && (prepared.changesAfter === null || now.getTime() <= prepared.changesAfter);
}
