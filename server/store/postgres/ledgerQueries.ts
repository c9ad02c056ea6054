// The append-only ledger on PostgreSQL: inserting problems with their entries, reading entries back,
// applying one lifecycle transition.
import type { NewIssue, Satisfaction, Tier } from '../../model.ts';
import type { IssueLifecycle, IssueStage, LedgerEntry, LedgerEntryDraft, TransitionCommand } from '../../ledger/types.ts';
import { statusOfStage } from '../../ledger/types.ts';
import { applyTransition } from '../../ledger/transitions.ts';
import type { DeadlineRules } from '../../ledger/deadlines.ts';
import { canonicalTimestamp } from '../issueRules.ts';
import { historyOfNewIssue, stageOfNewIssue, toEntry, type EntryRow } from '../rows.ts';
import { insertRows, syncIdentity, type ColumnSpec, type Queryable } from './sql.ts';


const ISSUE_INSERT_COLUMNS: readonly ColumnSpec[] = [
  { name: 'id', type: 'integer' },
  { name: 'title', type: 'text' },
  { name: 'category', type: 'text' },
  { name: 'tier', type: 'text' },
  { name: 'status', type: 'text' },
  { name: 'lon', type: 'double precision' },
  { name: 'lat', type: 'double precision' },
  { name: 'grid_code', type: 'text' },
  { name: 'grid_version', type: 'integer' },
  { name: 'village_code', type: 'text' },
  { name: 'township_code', type: 'text' },
  { name: 'reported_at', type: 'text' },
  { name: 'deadline_at', type: 'text' },
  { name: 'closed_at', type: 'text' },
  { name: 'satisfaction', type: 'text' },
  { name: 'synthetic', type: 'boolean' },
  { name: 'stage', type: 'text' },
  { name: 'responsible_unit', type: 'text' },
  { name: 'long_term', type: 'boolean' },
  { name: 'rework_count', type: 'integer' },
  { name: 'extension_count', type: 'integer' },
];

const LEDGER_INSERT_COLUMNS: readonly ColumnSpec[] = [
  { name: 'issue_id', type: 'integer' },
  { name: 'seq', type: 'integer' },
  { name: 'at', type: 'text' },
  { name: 'actor', type: 'text' },
  { name: 'action', type: 'text' },
  { name: 'from_stage', type: 'text' },
  { name: 'to_stage', type: 'text' },
  { name: 'from_tier', type: 'text' },
  { name: 'to_tier', type: 'text' },
  { name: 'note', type: 'text' },
  { name: 'reason', type: 'text' },
  { name: 'attachments', type: 'text' },
  { name: 'deadline_at', type: 'text' },
  { name: 'unit', type: 'text' },
  { name: 'satisfaction', type: 'text' },
];

function ledgerRow(issueId: number, seq: number, entry: LedgerEntryDraft): unknown[] {
  return [
    issueId, seq, canonicalTimestamp(entry.at) ?? entry.at, entry.actor, entry.action, entry.fromStage, entry.toStage,
    entry.fromTier, entry.toTier, entry.note, entry.reason, JSON.stringify(entry.attachments),
    entry.deadlineAt === null ? null : (canonicalTimestamp(entry.deadlineAt) ?? entry.deadlineAt), entry.unit, entry.satisfaction,
  ];
}

function issueRow(id: number, issue: NewIssue, gridVersion: number, history: readonly LedgerEntryDraft[]): unknown[] {
  return [
    id, issue.title.trim(), issue.category.trim(), issue.tier, issue.status, issue.lon, issue.lat,
    issue.gridCode, gridVersion, issue.villageCode, issue.townshipCode,
    canonicalTimestamp(issue.reportedAt), canonicalTimestamp(issue.deadlineAt),
    issue.closedAt === null ? null : canonicalTimestamp(issue.closedAt),
    issue.satisfaction, issue.synthetic, stageOfNewIssue(issue), issue.responsibleUnit ?? null, issue.longTerm ?? false,
    issue.reworkCount ?? history.filter((entry) => entry.action === 'rework').length,
    issue.extensionCount ?? history.filter((entry) => entry.action === 'extend').length,
  ];
}

/**
 * Inserts problems with their ledger entries in dataset order, ids following the largest stored one
 * (the same ids SQLite hands out), in batches. Timestamps are stored in canonical UTC form.
 * The caller owns the transaction and has validated every record. Returns the new ids.
 */
export async function insertIssues(
  db: Queryable,
  issues: ReadonlyArray<{ issue: NewIssue; gridVersion: number }>,
): Promise<number[]> {
  if (issues.length === 0) return [];
  const { rows } = await db.query<{ last: number }>('SELECT coalesce(max(id), 0) AS last FROM issues');
  const first = rows[0].last + 1;
  const issueRows: unknown[][] = [];
  const entryRows: unknown[][] = [];
  issues.forEach(({ issue, gridVersion }, index) => {
    const id = first + index;
    const history = historyOfNewIssue(issue);
    issueRows.push(issueRow(id, issue, gridVersion, history));
    history.forEach((entry, position) => entryRows.push(ledgerRow(id, position + 1, entry)));
  });
  await insertRows(db, 'issues', ISSUE_INSERT_COLUMNS, issueRows);
  await insertRows(db, 'issue_ledger', LEDGER_INSERT_COLUMNS, entryRows);
  await syncIdentity(db, 'issues');
  return issueRows.map((row) => row[0] as number);
}

export async function selectLedger(db: Queryable, issueId: number): Promise<LedgerEntry[] | null> {
  if (!Number.isSafeInteger(issueId) || issueId < 1 || issueId > 2 ** 31 - 1) return null;
  const exists = await db.query('SELECT 1 FROM issues WHERE id = $1', [issueId]);
  if (exists.rowCount === 0) return null;
  const { rows } = await db.query<EntryRow>('SELECT * FROM issue_ledger WHERE issue_id = $1 ORDER BY seq', [issueId]);
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
  long_term: boolean;
  rework_count: number;
  extension_count: number;
}

export type LedgerWriteResult =
  | { ok: true; entry: LedgerEntry }
  | { ok: false; code: 'unknown_issue' | 'invalid_transition'; reason: string; field: string };

/** Reads (locking the row), checks and writes one transition; the caller runs it inside a write transaction. */
export async function writeTransition(
  db: Queryable,
  issueId: number,
  command: TransitionCommand,
  actor: string,
  now: Date,
  rules: DeadlineRules,
): Promise<LedgerWriteResult> {
  const unknown = { ok: false, code: 'unknown_issue', reason: `no issue ${issueId}`, field: 'id' } as const;
  if (!Number.isSafeInteger(issueId) || issueId < 1 || issueId > 2 ** 31 - 1) return unknown;
  const { rows } = await db.query<LifecycleRow>(
    `SELECT stage, status, tier, category, reported_at, deadline_at, closed_at, satisfaction, responsible_unit, long_term,
       rework_count, extension_count FROM issues WHERE id = $1 FOR UPDATE`,
    [issueId],
  );
  const row = rows[0];
  if (!row) return unknown;
  const current: IssueLifecycle = {
    stage: row.stage, status: row.status, tier: row.tier, category: row.category, reportedAt: row.reported_at,
    deadlineAt: row.deadline_at, closedAt: row.closed_at, satisfaction: row.satisfaction, responsibleUnit: row.responsible_unit,
    longTerm: row.long_term, reworkCount: row.rework_count, extensionCount: row.extension_count,
  };
  const outcome = applyTransition(current, command, actor, now, rules);
  if (!outcome.valid) return { ok: false, code: 'invalid_transition', reason: outcome.reason, field: outcome.field };
  const { next, entry } = outcome;
  if (statusOfStage(next.stage) !== next.status) throw new Error(`transition left stage ${next.stage} with status ${next.status}`);
  await db.query(
    `UPDATE issues SET stage = $1, status = $2, tier = $3, deadline_at = $4, closed_at = $5, satisfaction = $6, responsible_unit = $7,
       long_term = $8, rework_count = $9, extension_count = $10 WHERE id = $11`,
    [
      next.stage, next.status, next.tier, next.deadlineAt, next.closedAt, next.satisfaction, next.responsibleUnit,
      next.longTerm, next.reworkCount, next.extensionCount, issueId,
    ],
  );
  const seqResult = await db.query<{ seq: number }>('SELECT coalesce(max(seq), 0) + 1 AS seq FROM issue_ledger WHERE issue_id = $1', [issueId]);
  const seq = seqResult.rows[0].seq;
  await insertRows(db, 'issue_ledger', LEDGER_INSERT_COLUMNS, [ledgerRow(issueId, seq, entry)]);
  return { ok: true, entry: { ...entry, issueId, seq } };
}
