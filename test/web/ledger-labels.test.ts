import { describe, expect, it } from 'vitest';
import { ISSUE_STAGES, type LedgerEntry } from '../../server/ledger/types.ts';
import { ROSTER_ROLES } from '../../server/fieldwork/records.ts';
import { ACTION_LABELS, labelOf, ROLE_LABELS, SATISFACTION_LABELS, STAGE_LABELS } from '../../web/src/state/i18n-ledger.ts';
import { translator, type MessageKey } from '../../web/src/state/i18n.ts';
import { formatDeadline, ledgerEntryDetails } from '../../web/src/views/dashboard/ledger-lines.ts';

const zh = translator('zh');
const en = translator('en');
const HAN = /\p{Script=Han}/u;

function entry(change: Partial<LedgerEntry>): LedgerEntry {
  return {
    issueId: 1, seq: 2, at: '2026-11-25T13:38:58.871Z', actor: '受理员', action: 'accept', fromStage: 'reported', toStage: 'accepted',
    fromTier: 'red', toTier: 'red', note: null, reason: null, attachments: [], deadlineAt: null, unit: null, satisfaction: null,
    ...change,
  };
}

describe('ledger labels', () => {
  it('names every lifecycle stage in Chinese and in English, each differently', () => {
    const zhLabels = ISSUE_STAGES.map((stage) => labelOf(STAGE_LABELS, stage, zh));
    const enLabels = ISSUE_STAGES.map((stage) => labelOf(STAGE_LABELS, stage, en));
    for (const label of zhLabels) expect(label).toMatch(HAN);
    for (const label of enLabels) expect(label).toMatch(/^[A-Za-z -]+$/);
    expect(new Set(zhLabels).size).toBe(ISSUE_STAGES.length);
    expect(new Set(enLabels).size).toBe(ISSUE_STAGES.length);
    expect(labelOf(STAGE_LABELS, 'accepted', zh)).toBe('已立案');
    expect(labelOf(STAGE_LABELS, 'in_progress', en)).toBe('In progress');
  });

  it('names every ledger action, satisfaction answer and roster role in both languages', () => {
    const tables: Readonly<Record<string, MessageKey>>[] = [ACTION_LABELS, SATISFACTION_LABELS, ROLE_LABELS];
    for (const labels of tables) {
      for (const key of Object.keys(labels)) {
        expect(labelOf(labels, key, zh)).toMatch(HAN);
        expect(labelOf(labels, key, en)).not.toMatch(HAN);
      }
    }
    expect(Object.keys(ROLE_LABELS).sort()).toEqual([...ROSTER_ROLES].sort());
    expect(labelOf(ACTION_LABELS, 'rework', zh)).toBe('返工');
  });

  it('shows a value this build does not know as sent', () => {
    expect(labelOf(STAGE_LABELS, 'archived', en)).toBe('archived');
    // Inherited names are not labels.
    expect(labelOf(STAGE_LABELS, 'toString', en)).toBe('toString');
  });
});

describe('ledger entry details', () => {
  it('says what an entry changed: reason, unit, a new deadline, the evaluation and the note', () => {
    const extension = entry({ action: 'extend', reason: '办理难度大', deadlineAt: '2026-12-01T04:30:00.000Z', note: '已报批' });
    expect(ledgerEntryDetails(extension, zh)).toEqual(['原因：办理难度大', '新期限 2026-12-01 12:30', '已报批']);
    expect(ledgerEntryDetails(extension, en)).toEqual(['reason: 办理难度大', 'new deadline 2026-12-01 12:30', '已报批']);
    const dispatch = entry({ action: 'dispatch', unit: '村（社区）两委', deadlineAt: '2026-11-28T13:49:57.626Z' });
    expect(ledgerEntryDetails(dispatch, zh)).toEqual(['责任单位：村（社区）两委', '新期限 2026-11-28 21:49']);
    expect(ledgerEntryDetails(entry({ action: 'close', satisfaction: 'basically_satisfied' }), en)).toEqual(['Basically satisfied']);
  });

  it('leaves out the default deadline of the report and says nothing for a bare entry', () => {
    expect(ledgerEntryDetails(entry({ action: 'report', deadlineAt: '2026-11-28T13:28:00.116Z' }), zh)).toEqual([]);
    expect(ledgerEntryDetails(entry({}), en)).toEqual([]);
  });

  it('formats deadlines in China Standard Time whatever the zone of the string', () => {
    expect(formatDeadline('2026-11-30T23:59:00+08:00')).toBe('2026-11-30 23:59');
    expect(formatDeadline('2026-11-30T16:00:00Z')).toBe('2026-12-01 00:00');
    expect(formatDeadline('not a date')).toBe('not a date');
  });
});
