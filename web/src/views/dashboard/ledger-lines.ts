// What one ledger entry says beyond its action, in the reader's language: note, reason, the unit
// it named, the deadline it set and the resident's evaluation.
import type { LedgerEntry } from '../../api/types.ts';
import { formatClock, formatDate } from '../../state/format.ts';
import { labelOf, SATISFACTION_LABELS } from '../../state/i18n-ledger.ts';
import type { Translate } from '../../state/i18n.ts';

/** 2026-11-28 21:14, China Standard Time. */
export function formatDeadline(iso: string): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  return `${formatDate(instant)} ${formatClock(instant).slice(0, 5)}`;
}

export function ledgerEntryDetails(entry: LedgerEntry, t: Translate): string[] {
  const details: string[] = [];
  if (entry.reason) details.push(t('reasonGiven', { reason: entry.reason }));
  if (entry.unit) details.push(t('unitNamed', { unit: entry.unit }));
  // The report's deadline is the default one, shown with the problem; later ones are news.
  if (entry.deadlineAt && entry.action !== 'report') details.push(t('newDeadline', { time: formatDeadline(entry.deadlineAt) }));
  if (entry.satisfaction) details.push(labelOf(SATISFACTION_LABELS, entry.satisfaction, t));
  if (entry.note) details.push(entry.note);
  return details;
}
