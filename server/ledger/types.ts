// The problem ledger's vocabulary: lifecycle stages, transition commands and append-only entries.
import type { IssueStatus, Satisfaction, Tier } from '../model.ts';

/**
 * Lifecycle of a problem in the case loop of digital city management: 采集 reported, 立案 accepted,
 * 注销 rejected, 派遣 dispatched, in progress, 反馈 handled, 核查 verified, 结案 closed.
 */
export type IssueStage = 'reported' | 'accepted' | 'rejected' | 'dispatched' | 'in_progress' | 'handled' | 'verified' | 'closed';
export const ISSUE_STAGES: readonly IssueStage[] = [
  'reported', 'accepted', 'rejected', 'dispatched', 'in_progress', 'handled', 'verified', 'closed',
];
/** Stages that end the loop; both count as `status: 'closed'` (rejected = closed without handling). */
export const TERMINAL_STAGES: readonly IssueStage[] = ['rejected', 'closed'];

export function statusOfStage(stage: IssueStage): IssueStatus {
  return TERMINAL_STAGES.includes(stage) ? 'closed' : 'open';
}

export type TransitionAction =
  | 'accept' | 'reject' | 'dispatch' | 'start' | 'handle' | 'verify' | 'rework' | 'close' | 'return'
  | 'escalate' | 'deescalate' | 'extend' | 'long_term' | 'comment';

/** `report` opens every ledger; the rest are transitions a user asks for. */
export type LedgerAction = 'report' | TransitionAction;

/** What a client asks for; which fields are required depends on the action (see transitions.ts). */
export interface TransitionCommand {
  action: TransitionAction;
  note?: string;
  reason?: string;
  /** New responsible unit (dispatch, escalate, de-escalate). */
  unit?: string;
  /** New deadline (extend), ISO 8601 with zone. */
  deadline?: string;
  satisfaction?: Satisfaction;
  attachments?: string[];
}

/** The part of a problem the lifecycle reads and changes. */
export interface IssueLifecycle {
  stage: IssueStage;
  status: IssueStatus;
  tier: Tier;
  category: string;
  reportedAt: string;
  deadlineAt: string;
  closedAt: string | null;
  satisfaction: Satisfaction | null;
  /** Unit answerable for the problem once dispatched (or named on escalation). */
  responsibleUnit: string | null;
  /** On the long-term list (挂账): a yellow problem that cannot be solved in time. */
  longTerm: boolean;
  /** Times a failed verification sent it back (返工). */
  reworkCount: number;
  /** Times its deadline was extended. */
  extensionCount: number;
}

/** An entry as produced by a transition, before the store gives it its place in the ledger. */
export interface LedgerEntryDraft {
  at: string;
  actor: string;
  action: LedgerAction;
  fromStage: IssueStage | null;
  toStage: IssueStage;
  fromTier: Tier | null;
  toTier: Tier;
  note: string | null;
  reason: string | null;
  attachments: string[];
  /** The deadline set by this entry (dispatch, escalation, extension), if any. */
  deadlineAt: string | null;
  /** The responsible unit named by this entry, if any. */
  unit: string | null;
  satisfaction: Satisfaction | null;
}

/** A stored, immutable ledger entry. */
export interface LedgerEntry extends LedgerEntryDraft {
  issueId: number;
  /** 1, 2, 3 ... per problem, in the order the entries were written. */
  seq: number;
}

export type TransitionOutcome =
  | { valid: true; next: IssueLifecycle; entry: LedgerEntryDraft }
  | { valid: false; reason: string; field: string };
