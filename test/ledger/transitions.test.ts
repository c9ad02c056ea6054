import { describe, expect, it } from 'vitest';
import { TRANSITIONS, TRANSITION_ACTIONS, applyTransition } from '../../server/ledger/transitions.ts';
import { DEFAULT_DEADLINE_RULES } from '../../server/ledger/deadlines.ts';
import { ISSUE_STAGES, statusOfStage, type IssueStage, type TransitionAction } from '../../server/ledger/types.ts';
import { T0, fullCommand, lifecycle, tierAllowing } from './lifecycle.ts';

const rules = DEFAULT_DEADLINE_RULES;

/** The case loop as the domain states it; the table must say exactly this for stage-changing moves. */
const LOOP: Array<[TransitionAction, IssueStage, IssueStage]> = [
  ['accept', 'reported', 'accepted'],
  ['reject', 'reported', 'rejected'],
  ['dispatch', 'accepted', 'dispatched'],
  ['start', 'dispatched', 'in_progress'],
  ['handle', 'in_progress', 'handled'],
  ['verify', 'handled', 'verified'],
  ['rework', 'handled', 'in_progress'],
  ['close', 'verified', 'closed'],
  ['return', 'dispatched', 'accepted'],
  ['return', 'in_progress', 'accepted'],
];

describe('the transition table', () => {
  it('holds exactly the case loop for stage-changing actions', () => {
    const moves = TRANSITION_ACTIONS.filter((action) => TRANSITIONS[action].to !== 'same').flatMap((action) =>
      TRANSITIONS[action].from.map((from) => [action, from, TRANSITIONS[action].to] as [TransitionAction, IssueStage, IssueStage]),
    );
    expect(new Set(moves.map((move) => move.join('>')))).toEqual(new Set(LOOP.map((move) => move.join('>'))));
  });

  it('reaches every stage and only ends in rejected or closed', () => {
    const reached = new Set<IssueStage>(['reported']);
    for (const action of TRANSITION_ACTIONS) if (TRANSITIONS[action].to !== 'same') reached.add(TRANSITIONS[action].to as IssueStage);
    expect([...reached].sort()).toEqual([...ISSUE_STAGES].sort());
    for (const stage of ISSUE_STAGES) {
      const leaves = TRANSITION_ACTIONS.some((action) => TRANSITIONS[action].to !== 'same' && TRANSITIONS[action].from.includes(stage));
      expect(leaves, stage).toBe(statusOfStage(stage) === 'open');
    }
  });
});

describe('applyTransition over every action and every stage', () => {
  for (const action of TRANSITION_ACTIONS) {
    for (const stage of ISSUE_STAGES) {
      const rule = TRANSITIONS[action];
      const legal = rule.from.includes(stage);
      it(`${action} from ${stage} is ${legal ? 'legal' : 'refused'}`, () => {
        const issue = lifecycle(stage, { tier: tierAllowing(action) });
        const before = structuredClone(issue);
        const outcome = applyTransition(issue, fullCommand(action), '王网格员', T0, rules);
        expect(issue).toEqual(before);
        if (!legal) {
          expect(outcome).toMatchObject({ valid: false, field: 'action' });
          return;
        }
        if (!outcome.valid) throw new Error(outcome.reason);
        const expectedStage = rule.to === 'same' ? stage : rule.to;
        expect(outcome.next.stage).toBe(expectedStage);
        expect(outcome.next.status).toBe(statusOfStage(expectedStage));
        expect(outcome.entry).toMatchObject({
          at: T0.toISOString(), actor: '王网格员', action, fromStage: stage, toStage: expectedStage,
          fromTier: issue.tier, toTier: outcome.next.tier, attachments: ['https://example.org/photos/1.jpg'],
        });
        for (const field of rule.requires) {
          const { [field]: _dropped, ...without } = fullCommand(action);
          expect(applyTransition(issue, { ...without, action }, '王网格员', T0, rules), `without ${field}`).toMatchObject({ valid: false, field });
          expect(applyTransition(issue, { ...fullCommand(action), [field]: '  ' }, '王网格员', T0, rules)).toMatchObject({ valid: false, field });
        }
        expect(applyTransition(issue, fullCommand(action), ' ', T0, rules)).toMatchObject({ valid: false, field: 'actor' });
      });
    }
  }
});

describe('effects of single actions', () => {
  it('starts the clock at dispatch with the tier and category deadline, and names the unit', () => {
    const outcome = applyTransition(lifecycle('accepted', { tier: 'orange' }), { action: 'dispatch', unit: '交通局' }, '指挥中心', T0, rules);
    if (!outcome.valid) throw new Error(outcome.reason);
    expect(outcome.next.deadlineAt).toBe('2015-05-06T10:00:00.000Z');
    expect(outcome.next.responsibleUnit).toBe('交通局');
    expect(outcome.entry).toMatchObject({ deadlineAt: '2015-05-06T10:00:00.000Z', unit: '交通局' });
  });

  it('closes with the evaluation and the closing time; rejects as closed without handling', () => {
    const closed = applyTransition(lifecycle('verified'), { action: 'close', satisfaction: 'dissatisfied' }, '核查员', T0, rules);
    expect(closed).toMatchObject({ valid: true, next: { stage: 'closed', status: 'closed', closedAt: T0.toISOString(), satisfaction: 'dissatisfied' } });
    const rejected = applyTransition(lifecycle('reported'), { action: 'reject', reason: '重复上报' }, '受理员', T0, rules);
    expect(rejected).toMatchObject({ valid: true, next: { stage: 'rejected', status: 'closed', closedAt: T0.toISOString(), satisfaction: null } });
    expect(applyTransition(lifecycle('verified'), { action: 'close', satisfaction: 'happy' as never }, 'x', T0, rules)).toMatchObject({ valid: false, field: 'satisfaction' });
  });

  it('counts rework and clears the unit on a wrong-owner return', () => {
    const reworked = applyTransition(lifecycle('handled', { reworkCount: 1 }), { action: 'rework', reason: '路灯仍不亮' }, '核查员', T0, rules);
    expect(reworked).toMatchObject({ valid: true, next: { stage: 'in_progress', reworkCount: 2 } });
    const returned = applyTransition(lifecycle('in_progress', { responsibleUnit: '水务局' }), { action: 'return', reason: '非本单位职责' }, '水务局', T0, rules);
    expect(returned).toMatchObject({ valid: true, next: { stage: 'accepted', responsibleUnit: null } });
  });

  it('escalates red → orange → yellow and no further; de-escalates down to red and no further', () => {
    let issue = lifecycle('in_progress');
    for (const tier of ['orange', 'yellow'] as const) {
      const outcome = applyTransition(issue, { action: 'escalate', reason: '需多部门协调', unit: `${tier}单位` }, '网格长', T0, rules);
      if (!outcome.valid) throw new Error(outcome.reason);
      expect(outcome.next).toMatchObject({ tier, responsibleUnit: `${tier}单位`, stage: 'in_progress' });
      expect(outcome.entry).toMatchObject({ fromTier: issue.tier, toTier: tier });
      issue = outcome.next;
    }
    expect(issue.deadlineAt).toBe('2015-05-29T10:00:00.000Z');
    expect(applyTransition(issue, { action: 'escalate', reason: 'r', unit: 'u' }, 'x', T0, rules)).toMatchObject({ valid: false, field: 'action' });
    const down = applyTransition(issue, { action: 'deescalate', reason: '可由乡镇解决', unit: '乡镇' }, 'x', T0, rules);
    expect(down).toMatchObject({ valid: true, next: { tier: 'orange' } });
    expect(applyTransition(lifecycle('dispatched'), { action: 'deescalate', reason: 'r', unit: 'u' }, 'x', T0, rules)).toMatchObject({ valid: false, field: 'action' });
  });

  it('puts only yellow problems on the long-term list, once, and takes them off when de-escalated', () => {
    expect(applyTransition(lifecycle('dispatched', { tier: 'orange' }), { action: 'long_term', reason: '资金未到位' }, 'x', T0, rules)).toMatchObject({ valid: false, field: 'action' });
    const listed = applyTransition(lifecycle('dispatched', { tier: 'yellow' }), { action: 'long_term', reason: '资金未到位' }, 'x', T0, rules);
    if (!listed.valid) throw new Error(listed.reason);
    expect(listed.next.longTerm).toBe(true);
    expect(listed.entry.reason).toBe('资金未到位');
    expect(applyTransition(listed.next, { action: 'long_term', reason: 'again' }, 'x', T0, rules)).toMatchObject({ valid: false, field: 'action' });
    const down = applyTransition(listed.next, { action: 'deescalate', reason: 'r', unit: 'u' }, 'x', T0, rules);
    expect(down).toMatchObject({ valid: true, next: { longTerm: false, tier: 'orange' } });
  });

  it('refuses unknown actions and non-http attachments', () => {
    expect(applyTransition(lifecycle('reported'), { action: 'delete' as never }, 'x', T0, rules)).toMatchObject({ valid: false, field: 'action' });
    expect(applyTransition(lifecycle('reported'), { action: 'accept', attachments: ['javascript:alert(1)'] }, 'x', T0, rules)).toMatchObject({ valid: false, field: 'attachments' });
  });
});
