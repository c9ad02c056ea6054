// Domain rules for ledger entries shared by every backend, the HTTP layer and the seed generator.
import type { IssueRecord, NewIssue, Satisfaction, Tier } from '../model.ts';
import { TIERS } from '../model.ts';
import type { Validation } from '../geo/types.ts';
import { ISSUE_STAGES, statusOfStage } from '../ledger/types.ts';

/** Handling deadline per tier (三级三色): village level is quick, county level slow. */
export const TIER_DEADLINE_DAYS: Readonly<Record<Tier, number>> = { red: 3, orange: 7, yellow: 30 };

const DAY_MS = 86_400_000;
const SATISFACTIONS: readonly Satisfaction[] = ['satisfied', 'basically_satisfied', 'dissatisfied'];

export function deadlineFor(tier: Tier, reportedAt: Date): Date {
  return new Date(reportedAt.getTime() + TIER_DEADLINE_DAYS[tier] * DAY_MS);
}

export function isOverdue(issue: Pick<IssueRecord, 'status' | 'deadlineAt'>, now: Date): boolean {
  return issue.status === 'open' && Date.parse(issue.deadlineAt) < now.getTime();
}

/** Canonical stored form (UTC, milliseconds): keeps string order equal to time order. */
export function canonicalTimestamp(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return null;
  const time = Date.parse(value);
  return Number.isFinite(time) ? new Date(time).toISOString() : null;
}

export const GRID_CODE_PATTERN = /^\d{15}$/;
export const TOWNSHIP_CODE_PATTERN = /^\d{9}$/;
export const VILLAGE_CODE_PATTERN = /^\d{12}$/;

/** Checks a ledger entry's internal consistency (not whether its grid exists). */
export function validateNewIssue(issue: NewIssue): Validation {
  if (typeof issue.title !== 'string' || issue.title.trim() === '') return { valid: false, reason: 'title is empty' };
  if (typeof issue.category !== 'string' || issue.category.trim() === '') return { valid: false, reason: 'category is empty' };
  if (!TIERS.includes(issue.tier)) return { valid: false, reason: `unknown tier ${String(issue.tier)}` };
  if (issue.status !== 'open' && issue.status !== 'closed') return { valid: false, reason: `unknown status ${String(issue.status)}` };
  if (!Number.isFinite(issue.lon) || issue.lon < -180 || issue.lon > 180) return { valid: false, reason: 'lon out of range' };
  if (!Number.isFinite(issue.lat) || issue.lat < -90 || issue.lat > 90) return { valid: false, reason: 'lat out of range' };
  if (!GRID_CODE_PATTERN.test(issue.gridCode)) return { valid: false, reason: 'gridCode is not 15 digits' };
  const reported = canonicalTimestamp(issue.reportedAt);
  const deadline = canonicalTimestamp(issue.deadlineAt);
  if (!reported) return { valid: false, reason: 'reportedAt is not an ISO 8601 timestamp' };
  if (!deadline) return { valid: false, reason: 'deadlineAt is not an ISO 8601 timestamp' };
  if (deadline < reported) return { valid: false, reason: 'deadlineAt precedes reportedAt' };
  if (issue.status === 'open') {
    if (issue.closedAt !== null) return { valid: false, reason: 'an open issue has closedAt' };
    if (issue.satisfaction !== null) return { valid: false, reason: 'an open issue has a satisfaction answer' };
  } else {
    const closed = issue.closedAt === null ? null : canonicalTimestamp(issue.closedAt);
    if (!closed) return { valid: false, reason: 'a closed issue needs an ISO 8601 closedAt' };
    if (closed < reported) return { valid: false, reason: 'closedAt precedes reportedAt' };
    if (issue.satisfaction !== null && !SATISFACTIONS.includes(issue.satisfaction)) {
      return { valid: false, reason: `unknown satisfaction ${String(issue.satisfaction)}` };
    }
  }
  if (issue.stage !== undefined) {
    if (!ISSUE_STAGES.includes(issue.stage)) return { valid: false, reason: `unknown stage ${String(issue.stage)}` };
    if (statusOfStage(issue.stage) !== issue.status) return { valid: false, reason: `stage ${issue.stage} disagrees with status ${issue.status}` };
  }
  if (issue.history !== undefined && issue.history.length > 0) {
    const [first] = issue.history;
    const last = issue.history[issue.history.length - 1];
    if (first.action !== 'report') return { valid: false, reason: 'a history starts with the report' };
    if (statusOfStage(last.toStage) !== issue.status) return { valid: false, reason: 'the history ends in a stage that disagrees with status' };
    if (issue.stage !== undefined && last.toStage !== issue.stage) return { valid: false, reason: 'the history ends in another stage' };
    if (last.toTier !== issue.tier) return { valid: false, reason: 'the history ends in another tier' };
  }
  return { valid: true };
}
