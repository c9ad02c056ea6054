// Problems in a given stage and complete commands, for the lifecycle tests.
import type { Tier } from '../../server/model.ts';
import type { IssueLifecycle, IssueStage, TransitionAction, TransitionCommand } from '../../server/ledger/types.ts';
import { statusOfStage } from '../../server/ledger/types.ts';

export const T0 = new Date('2015-04-29T10:00:00.000Z');

export function lifecycle(stage: IssueStage, overrides: Partial<IssueLifecycle> = {}): IssueLifecycle {
  const closed = statusOfStage(stage) === 'closed';
  return {
    stage,
    status: statusOfStage(stage),
    tier: 'red',
    category: '环境卫生',
    reportedAt: '2015-04-28T10:00:00.000Z',
    deadlineAt: '2015-05-01T10:00:00.000Z',
    closedAt: closed ? '2015-04-28T12:00:00.000Z' : null,
    satisfaction: stage === 'closed' ? 'satisfied' : null,
    responsibleUnit: null,
    longTerm: false,
    reworkCount: 0,
    extensionCount: 0,
    ...overrides,
  };
}

/** A command carrying every field any action may need. */
export function fullCommand(action: TransitionAction): TransitionCommand {
  return {
    action,
    note: '现场照片已上传',
    reason: '需要协调多个部门',
    unit: '莲塘镇城管办',
    deadline: '2015-06-01T10:00:00+08:00',
    satisfaction: 'basically_satisfied',
    attachments: ['https://example.org/photos/1.jpg'],
  };
}

/** A tier under which the action's tier rules allow it. */
export function tierAllowing(action: TransitionAction): Tier {
  if (action === 'deescalate') return 'orange';
  if (action === 'long_term') return 'yellow';
  return 'red';
}
