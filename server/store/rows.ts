// Row shapes and their mapping to the store's records, shared by the SQLite and PostgreSQL backends
// (both keep the same table and column names), and the pure rules on what a new record brings.
import type { IssueStatus, NewIssue, Satisfaction, Tier } from '../model.ts';
import type { IssueStage, LedgerAction, LedgerEntry, LedgerEntryDraft } from '../ledger/types.ts';
import { reportEntry } from '../ledger/transitions.ts';
import type { IssueView } from './store.ts';

export interface IssueRow {
  id: number;
  title: string;
  category: string;
  tier: Tier;
  status: IssueStatus;
  lon: number;
  lat: number;
  grid_code: string;
  current_grid_code: string | null;
  village_code: string;
  township_code: string;
  reported_at: string;
  deadline_at: string;
  closed_at: string | null;
  satisfaction: Satisfaction | null;
  /** 0/1 in SQLite, a boolean in PostgreSQL. */
  synthetic: number | boolean;
  stage: IssueStage;
  responsible_unit: string | null;
  long_term: number | boolean;
  rework_count: number;
  extension_count: number;
}

export const ISSUE_COLUMNS = `id, title, category, tier, status, lon, lat, grid_code, village_code, township_code,
  reported_at, deadline_at, closed_at, satisfaction, synthetic, stage, responsible_unit, long_term, rework_count, extension_count,
  current_grid_code`;

export function toIssueView(row: IssueRow, nowIso: string): IssueView {
  return {
    id: row.id,
    title: row.title,
    category: row.category,
    tier: row.tier,
    status: row.status,
    lon: row.lon,
    lat: row.lat,
    gridCode: row.grid_code,
    // Set on insert (a trigger copies grid_code) and moved by plan versions; never null once stored.
    currentGridCode: row.current_grid_code ?? row.grid_code,
    villageCode: row.village_code,
    townshipCode: row.township_code,
    reportedAt: row.reported_at,
    deadlineAt: row.deadline_at,
    closedAt: row.closed_at,
    satisfaction: row.satisfaction,
    synthetic: Boolean(row.synthetic),
    stage: row.stage,
    responsibleUnit: row.responsible_unit,
    longTerm: Boolean(row.long_term),
    reworkCount: row.rework_count,
    extensionCount: row.extension_count,
    // Stored timestamps are canonical UTC ISO strings, so string order is time order.
    overdue: row.status === 'open' && row.deadline_at < nowIso,
  };
}

export interface EntryRow {
  issue_id: number;
  seq: number;
  at: string;
  actor: string;
  action: LedgerAction;
  from_stage: IssueStage | null;
  to_stage: IssueStage;
  from_tier: Tier | null;
  to_tier: Tier;
  note: string | null;
  reason: string | null;
  attachments: string;
  deadline_at: string | null;
  unit: string | null;
  satisfaction: Satisfaction | null;
}

export function toEntry(row: EntryRow): LedgerEntry {
  return {
    issueId: row.issue_id,
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    fromStage: row.from_stage,
    toStage: row.to_stage,
    fromTier: row.from_tier,
    toTier: row.to_tier,
    note: row.note,
    reason: row.reason,
    attachments: JSON.parse(row.attachments) as string[],
    deadlineAt: row.deadline_at,
    unit: row.unit,
    satisfaction: row.satisfaction,
  };
}

/** The stage a new record starts in: given, else read from its coarse status. */
export function stageOfNewIssue(issue: NewIssue): IssueStage {
  return issue.stage ?? issue.history?.[issue.history.length - 1]?.toStage ?? (issue.status === 'closed' ? 'closed' : 'reported');
}

/** The entries a new record brings: its history, or the report (and closing) its fields imply. */
export function historyOfNewIssue(issue: NewIssue): LedgerEntryDraft[] {
  if (issue.history && issue.history.length > 0) return issue.history;
  const entries = [reportEntry(issue, issue.reportedBy?.trim() || 'reporter')];
  const stage = stageOfNewIssue(issue);
  if (stage !== 'reported') {
    entries.push({
      at: issue.closedAt ?? issue.reportedAt, actor: 'system', action: stage === 'rejected' ? 'reject' : 'close',
      fromStage: 'reported', toStage: stage, fromTier: issue.tier, toTier: issue.tier,
      note: 'recorded with its outcome', reason: null, attachments: [], deadlineAt: null, unit: null,
      satisfaction: issue.satisfaction,
    });
  }
  return entries;
}
