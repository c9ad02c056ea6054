// The append-only ledger of transitions: writing entries, reading them back, applying a transition.
import type { Database } from 'better-sqlite3';
import type { Satisfaction, Tier } from '../../model.ts';
import type { IssueLifecycle, IssueStage, LedgerEntry, LedgerEntryDraft, TransitionCommand } from '../../ledger/types.ts';
import { statusOfStage } from '../../ledger/types.ts';
import { applyTransition } from '../../ledger/transitions.ts';
import type { DeadlineRules } from '../../ledger/deadlines.ts';
import { canonicalTimestamp } from '../issueRules.ts';
import { toEntry, type EntryRow } from '../rows.ts';

/** Prepared append of one entry at the given place in a problem's ledger. */
export function prepareLedgerInsert(db: Database): (issueId: number, seq: number, entry: LedgerEntryDraft) => void {
  const statement = db.prepare(
    `INSERT INTO issue_ledger (issue_id, seq, at, actor, action, from_stage, to_stage, from_tier, to_tier, note, reason,
       attachments, deadline_at, unit, satisfaction)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return (issueId, seq, entry) => {
    statement.run(
      issueId, seq, canonicalTimestamp(entry.at) ?? entry.at, entry.actor, entry.action, entry.fromStage, entry.toStage,
      entry.fromTier, entry.toTier, entry.note, entry.reason, JSON.stringify(entry.attachments),
      entry.deadlineAt === null ? null : (canonicalTimestamp(entry.deadlineAt) ?? entry.deadlineAt), entry.unit, entry.satisfaction,
    );
  };
}


export function selectLedger(db: Database, issueId: number): LedgerEntry[] | null {
  if (db.prepare('SELECT 1 FROM issues WHERE id = ?').get(issueId) === undefined) return null;
  const rows = db.prepare('SELECT * FROM issue_ledger WHERE issue_id = ? ORDER BY seq').all(issueId) as EntryRow[];
  return rows.map(toEntry);
}

interface LifecycleRow {
  stage: IssueStage;
  status: 'open' | 'closed';
  tier: Tier;
  category: string;
  reported_at: string;
  deadline_at: string;
  closed_at: string | null;
  satisfaction: Satisfaction | null;
  responsible_unit: string | null;
  long_term: number;
  rework_count: number;
  extension_count: number;
}

export type LedgerWriteResult =
  | { ok: true; entry: LedgerEntry }
  | { ok: false; code: 'unknown_issue' | 'invalid_transition'; reason: string; field: string };

/** Reads, checks and writes one transition; the caller runs it inside a write transaction. */
export function writeTransition(
  db: Database,
  issueId: number,
  command: TransitionCommand,
  actor: string,
  now: Date,
  rules: DeadlineRules,
): LedgerWriteResult {
  const row = db
    .prepare(
      `SELECT stage, status, tier, category, reported_at, deadline_at, closed_at, satisfaction, responsible_unit, long_term,
         rework_count, extension_count FROM issues WHERE id = ?`,
    )
    .get(issueId) as LifecycleRow | undefined;
  if (!row) return { ok: false, code: 'unknown_issue', reason: `no issue ${issueId}`, field: 'id' };
  const current: IssueLifecycle = {
    stage: row.stage, status: row.status, tier: row.tier, category: row.category, reportedAt: row.reported_at,
    deadlineAt: row.deadline_at, closedAt: row.closed_at, satisfaction: row.satisfaction, responsibleUnit: row.responsible_unit,
    longTerm: row.long_term === 1, reworkCount: row.rework_count, extensionCount: row.extension_count,
  };
  const outcome = applyTransition(current, command, actor, now, rules);
  if (!outcome.valid) return { ok: false, code: 'invalid_transition', reason: outcome.reason, field: outcome.field };
  const { next, entry } = outcome;
  if (statusOfStage(next.stage) !== next.status) throw new Error(`transition left stage ${next.stage} with status ${next.status}`);
  db.prepare(
    `UPDATE issues SET stage = ?, status = ?, tier = ?, deadline_at = ?, closed_at = ?, satisfaction = ?, responsible_unit = ?,
       long_term = ?, rework_count = ?, extension_count = ? WHERE id = ?`,
  ).run(
    next.stage, next.status, next.tier, next.deadlineAt, next.closedAt, next.satisfaction, next.responsibleUnit,
    next.longTerm ? 1 : 0, next.reworkCount, next.extensionCount, issueId,
  );
  const { seq } = db.prepare('SELECT coalesce(max(seq), 0) + 1 AS seq FROM issue_ledger WHERE issue_id = ?').get(issueId) as { seq: number };
  prepareLedgerInsert(db)(issueId, seq, entry);
  return { ok: true, entry: { ...entry, issueId, seq } };
}
