import { describe, expect, it } from 'vitest';
import { applyTransition } from '../../server/ledger/transitions.ts';
import { DEFAULT_DEADLINE_RULES, deadlineDays, deadlineFrom, isPastDeadline, type DeadlineRules } from '../../server/ledger/deadlines.ts';
import { lifecycle } from './lifecycle.ts';

const DAY = 86_400_000;

describe('deadline rules', () => {
  it('defaults to 3, 7 and 30 days for red, orange and yellow', () => {
    expect([deadlineDays(DEFAULT_DEADLINE_RULES, 'red', '任意'), deadlineDays(DEFAULT_DEADLINE_RULES, 'orange', '任意'), deadlineDays(DEFAULT_DEADLINE_RULES, 'yellow', '任意')]).toEqual([3, 7, 30]);
  });

  it('lets a category override a tier and falls back to the tier otherwise', () => {
    const rules: DeadlineRules = { tierDays: { red: 2, orange: 5, yellow: 20 }, categoryDays: { 矛盾纠纷: { red: 10 } } };
    expect(deadlineDays(rules, 'red', '矛盾纠纷')).toBe(10);
    expect(deadlineDays(rules, 'orange', '矛盾纠纷')).toBe(5);
    expect(deadlineDays(rules, 'red', '环境卫生')).toBe(2);
    const start = new Date('2015-04-01T00:00:00Z');
    expect(deadlineFrom(rules, 'red', '矛盾纠纷', start).getTime() - start.getTime()).toBe(10 * DAY);
    const dispatched = applyTransition(lifecycle('accepted', { category: '矛盾纠纷' }), { action: 'dispatch', unit: '司法所' }, 'x', start, rules);
    expect(dispatched).toMatchObject({ valid: true, next: { deadlineAt: '2015-04-11T00:00:00.000Z' } });
  });
});

describe('overdue and extensions on a fake clock', () => {
  const dispatchedAt = new Date('2015-04-27T00:00:00Z');
  const outcome = applyTransition(lifecycle('accepted'), { action: 'dispatch', unit: '城管' }, 'x', dispatchedAt, DEFAULT_DEADLINE_RULES);
  if (!outcome.valid) throw new Error(outcome.reason);
  const dispatched = outcome.next;

  it('is overdue only after the deadline, and never once closed', () => {
    expect(dispatched.deadlineAt).toBe('2015-04-30T00:00:00.000Z');
    expect(isPastDeadline(dispatched, new Date('2015-04-30T00:00:00Z'))).toBe(false);
    expect(isPastDeadline(dispatched, new Date('2015-04-30T00:00:00.001Z'))).toBe(true);
    expect(isPastDeadline({ ...dispatched, status: 'closed' }, new Date('2015-06-01T00:00:00Z'))).toBe(false);
  });

  it('extends to a later deadline with a reason, which lifts the overdue state and is counted', () => {
    const late = new Date('2015-05-02T00:00:00Z');
    expect(isPastDeadline(dispatched, late)).toBe(true);
    const extended = applyTransition(dispatched, { action: 'extend', reason: '雨季无法施工', deadline: '2015-05-10T08:00:00+08:00' }, '镇长', late, DEFAULT_DEADLINE_RULES);
    if (!extended.valid) throw new Error(extended.reason);
    expect(extended.next).toMatchObject({ deadlineAt: '2015-05-10T00:00:00.000Z', extensionCount: 1 });
    expect(extended.entry).toMatchObject({ action: 'extend', actor: '镇长', reason: '雨季无法施工', deadlineAt: '2015-05-10T00:00:00.000Z' });
    expect(isPastDeadline(extended.next, late)).toBe(false);
    expect(isPastDeadline(extended.next, new Date('2015-05-10T00:00:01Z'))).toBe(true);
  });

  it('refuses a deadline not later than the current one, a malformed one, or one before dispatch', () => {
    const same = applyTransition(dispatched, { action: 'extend', reason: 'r', deadline: '2015-04-30T08:00:00+08:00' }, 'x', dispatchedAt, DEFAULT_DEADLINE_RULES);
    expect(same).toMatchObject({ valid: false, field: 'deadline' });
    expect(applyTransition(dispatched, { action: 'extend', reason: 'r', deadline: 'next week' }, 'x', dispatchedAt, DEFAULT_DEADLINE_RULES)).toMatchObject({ valid: false, field: 'deadline' });
    expect(applyTransition(lifecycle('accepted'), { action: 'extend', reason: 'r', deadline: '2016-01-01T00:00:00Z' }, 'x', dispatchedAt, DEFAULT_DEADLINE_RULES)).toMatchObject({ valid: false, field: 'action' });
  });
});
