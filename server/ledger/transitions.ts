// The transition table of the problem lifecycle and the one pure function that applies it.
import type { Satisfaction, Tier } from '../model.ts';
import { TIERS } from '../model.ts';
import { canonicalTimestamp } from '../store/issueRules.ts';
import { deadlineFrom, type DeadlineRules } from './deadlines.ts';
import {
  statusOfStage,
  type IssueLifecycle,
  type IssueStage,
  type LedgerEntryDraft,
  type TransitionAction,
  type TransitionCommand,
  type TransitionOutcome,
} from './types.ts';

export type RequiredField = 'reason' | 'unit' | 'deadline' | 'satisfaction' | 'note';

export interface TransitionRule {
  /** Stages the action may start from. */
  from: readonly IssueStage[];
  /** Stage reached; 'same' keeps the current stage (tier, deadline and note actions). */
  to: IssueStage | 'same';
  /** Command fields that must be present and non-empty. */
  requires: readonly RequiredField[];
}

/** Stages in which the problem is still being worked on (not ended). */
const LIVE: readonly IssueStage[] = ['reported', 'accepted', 'dispatched', 'in_progress', 'handled', 'verified'];
/** Stages in which the handling clock runs (it starts at dispatch). */
const CLOCK_RUNNING: readonly IssueStage[] = ['dispatched', 'in_progress', 'handled', 'verified'];

export const TRANSITIONS: Readonly<Record<TransitionAction, TransitionRule>> = {
  accept: { from: ['reported'], to: 'accepted', requires: [] },
  reject: { from: ['reported'], to: 'rejected', requires: ['reason'] },
  dispatch: { from: ['accepted'], to: 'dispatched', requires: ['unit'] },
  start: { from: ['dispatched'], to: 'in_progress', requires: [] },
  handle: { from: ['in_progress'], to: 'handled', requires: [] },
  verify: { from: ['handled'], to: 'verified', requires: [] },
  // 返工: the on-site check failed, the unit works on it again.
  rework: { from: ['handled'], to: 'in_progress', requires: ['reason'] },
  close: { from: ['verified'], to: 'closed', requires: ['satisfaction'] },
  // Wrong owner: back to the dispatcher, who sends it elsewhere.
  return: { from: ['dispatched', 'in_progress'], to: 'accepted', requires: ['reason'] },
  escalate: { from: LIVE, to: 'same', requires: ['reason', 'unit'] },
  deescalate: { from: LIVE, to: 'same', requires: ['reason', 'unit'] },
  extend: { from: CLOCK_RUNNING, to: 'same', requires: ['reason', 'deadline'] },
  // 挂账: put on the long-term list, with a written explanation.
  long_term: { from: LIVE, to: 'same', requires: ['reason'] },
  // Corrections and remarks are new entries; nothing is ever rewritten.
  comment: { from: [...LIVE, 'rejected', 'closed'], to: 'same', requires: ['note'] },
};

export const TRANSITION_ACTIONS = Object.keys(TRANSITIONS) as TransitionAction[];

const SATISFACTIONS: readonly Satisfaction[] = ['satisfied', 'basically_satisfied', 'dissatisfied'];
const MAX_TEXT = 2000;
const MAX_ATTACHMENTS = 20;

function invalid(reason: string, field: string): TransitionOutcome {
  return { valid: false, reason, field };
}

function present(value: string | undefined): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** Checks the command's own fields, independent of the problem's state. */
function checkCommand(command: TransitionCommand, rule: TransitionRule, actor: string): TransitionOutcome | null {
  if (!present(actor)) return invalid('actor is required', 'actor');
  for (const field of rule.requires) {
    const value = command[field];
    if (typeof value !== 'string' || value.trim() === '') return invalid(`${command.action} requires ${field}`, field);
  }
  for (const field of ['note', 'reason', 'unit'] as const) {
    const value = command[field];
    if (value !== undefined && (typeof value !== 'string' || value.length > MAX_TEXT)) {
      return invalid(`${field} is text of at most ${MAX_TEXT} characters`, field);
    }
  }
  if (command.satisfaction !== undefined && !SATISFACTIONS.includes(command.satisfaction)) {
    return invalid('satisfaction is satisfied, basically_satisfied or dissatisfied', 'satisfaction');
  }
  const attachments = command.attachments ?? [];
  if (!Array.isArray(attachments) || attachments.length > MAX_ATTACHMENTS) {
    return invalid(`attachments is a list of at most ${MAX_ATTACHMENTS} URLs`, 'attachments');
  }
  if (!attachments.every((url) => typeof url === 'string' && isHttpUrl(url))) {
    return invalid('every attachment is an http(s) URL', 'attachments');
  }
  return null;
}

function tierStep(tier: Tier, step: 1 | -1): Tier | null {
  return TIERS[TIERS.indexOf(tier) + step] ?? null;
}

function trimmed(value: string | undefined): string | null {
  return value === undefined || value.trim() === '' ? null : value.trim();
}

/**
 * Applies one command to a problem. Pure: the caller stores `next` and appends `entry` in one
 * transaction, or refuses the request with `reason` naming `field` and changes nothing.
 */
export function applyTransition(
  issue: IssueLifecycle,
  command: TransitionCommand,
  actor: string,
  now: Date,
  rules: DeadlineRules,
): TransitionOutcome {
  const rule = Object.hasOwn(TRANSITIONS, command.action) ? TRANSITIONS[command.action] : undefined;
  if (!rule) return invalid(`unknown action ${String(command.action)}`, 'action');
  const refused = checkCommand(command, rule, actor);
  if (refused) return refused;
  if (!rule.from.includes(issue.stage)) {
    return invalid(`cannot ${command.action} a problem in stage ${issue.stage}`, 'action');
  }

  const at = now.toISOString();
  const next: IssueLifecycle = { ...issue };
  next.stage = rule.to === 'same' ? issue.stage : rule.to;
  next.status = statusOfStage(next.stage);
  let deadlineSet: string | null = null;
  let unitSet: string | null = null;

  switch (command.action) {
    case 'reject':
      next.closedAt = at;
      break;
    case 'dispatch':
      // The handling clock starts when a responsible unit has the problem.
      next.responsibleUnit = unitSet = trimmed(command.unit);
      next.deadlineAt = deadlineSet = deadlineFrom(rules, issue.tier, issue.category, now).toISOString();
      break;
    case 'rework':
      next.reworkCount = issue.reworkCount + 1;
      break;
    case 'close':
      next.closedAt = at;
      next.satisfaction = command.satisfaction ?? null;
      break;
    case 'return':
      next.responsibleUnit = null;
      break;
    case 'escalate':
    case 'deescalate': {
      const tier = tierStep(issue.tier, command.action === 'escalate' ? 1 : -1);
      if (!tier) {
        const limit = command.action === 'escalate' ? 'already at county level (yellow)' : 'already at village level (red)';
        return invalid(`cannot ${command.action}: ${limit}`, 'action');
      }
      next.tier = tier;
      next.responsibleUnit = unitSet = trimmed(command.unit);
      // The new level gets its own full handling time from now; the long-term list is a yellow matter.
      next.deadlineAt = deadlineSet = deadlineFrom(rules, tier, issue.category, now).toISOString();
      if (tier !== 'yellow') next.longTerm = false;
      break;
    }
    case 'extend': {
      const deadline = canonicalTimestamp(command.deadline ?? '');
      if (!deadline) return invalid('deadline is an ISO 8601 timestamp with a zone', 'deadline');
      if (deadline <= issue.deadlineAt) return invalid(`the new deadline must be later than ${issue.deadlineAt}`, 'deadline');
      next.deadlineAt = deadlineSet = deadline;
      next.extensionCount = issue.extensionCount + 1;
      break;
    }
    case 'long_term':
      if (issue.tier !== 'yellow') return invalid('only a yellow (county-level) problem goes on the long-term list', 'action');
      if (issue.longTerm) return invalid('the problem is already on the long-term list', 'action');
      next.longTerm = true;
      break;
    default:
      break;
  }

  const entry: LedgerEntryDraft = {
    at,
    actor: actor.trim(),
    action: command.action,
    fromStage: issue.stage,
    toStage: next.stage,
    fromTier: issue.tier,
    toTier: next.tier,
    note: trimmed(command.note),
    reason: trimmed(command.reason),
    attachments: [...(command.attachments ?? [])],
    deadlineAt: deadlineSet,
    unit: unitSet,
    satisfaction: command.action === 'close' ? next.satisfaction : null,
  };
  return { valid: true, next, entry };
}

/** The first entry of every ledger: the problem as reported. */
export function reportEntry(issue: Pick<IssueLifecycle, 'tier' | 'reportedAt' | 'deadlineAt'>, actor: string, note: string | null = null): LedgerEntryDraft {
  return {
    at: issue.reportedAt, actor, action: 'report', fromStage: null, toStage: 'reported', fromTier: null, toTier: issue.tier,
    note, reason: null, attachments: [], deadlineAt: issue.deadlineAt, unit: null, satisfaction: null,
  };
}
