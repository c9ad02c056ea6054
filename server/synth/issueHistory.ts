// Plausible lifecycle histories for synthetic problems, replayed through the real transition rules
// so every seeded ledger is one the product itself could have written.
import type { NewIssue, Tier } from '../model.ts';
import { TIERS } from '../model.ts';
import { applyTransition, reportEntry } from '../ledger/transitions.ts';
import { DEFAULT_DEADLINE_RULES, deadlineFrom } from '../ledger/deadlines.ts';
import type { IssueLifecycle, IssueStage, LedgerEntryDraft, TransitionCommand } from '../ledger/types.ts';

const REWORK_SHARE = 0.08;
/** Share of late closings whose unit asked for (and got) more time. */
const EXTENDED_OF_LATE = 0.6;
const ESCALATED_SHARE = 0.15;
/** Where open problems stand (only as far as their age allows). */
const OPEN_STAGE_WEIGHTS: ReadonlyArray<[IssueStage, number]> = [
  ['reported', 0.1], ['accepted', 0.1], ['dispatched', 0.2], ['in_progress', 0.37], ['handled', 0.13], ['verified', 0.1],
];
const OPEN_PATH: readonly IssueStage[] = ['reported', 'accepted', 'dispatched', 'in_progress', 'handled', 'verified'];

const DEPARTMENTS: Record<string, string> = {
  环境卫生: '县城市管理局', 矛盾纠纷: '县司法局', 道路交通: '县交通运输局', 治安隐患: '县公安局',
  民生服务: '县民政局', 农业农村: '县农业农村局', 住房建设: '县住房和城乡建设局',
};

function unitFor(tier: Tier, category: string): string {
  if (tier === 'red') return '村（社区）两委';
  if (tier === 'orange') return '乡镇综治中心';
  return DEPARTMENTS[category] ?? '县政府办公室';
}

interface Step {
  /** Fraction of the problem's span at which the step happens. */
  at: number;
  command: TransitionCommand;
  actor: string;
}

function pickOpenStage(random: () => number): IssueStage {
  let target = random();
  for (const [stage, weight] of OPEN_STAGE_WEIGHTS) {
    if ((target -= weight) < 0) return stage;
  }
  return 'in_progress';
}

/**
 * Adds stage, history and the lifecycle fields to a generated problem. A closed one went through
 * the whole loop and closes exactly at its closedAt; an open one stops at a stage its age allows.
 */
export function withSeedHistory(issue: NewIssue, random: () => number, now: Date): NewIssue {
  const reported = Date.parse(issue.reportedAt);
  const end = issue.closedAt === null ? reported + (now.getTime() - reported) * 0.95 : Date.parse(issue.closedAt);
  const span = Math.max(1, end - reported);
  const rules = DEFAULT_DEADLINE_RULES;
  const escalated = issue.tier !== 'red' && random() < ESCALATED_SHARE;
  const startTier = escalated ? TIERS[TIERS.indexOf(issue.tier) - 1] : issue.tier;
  const unit = unitFor(issue.tier, issue.category);

  const steps: Step[] = [{ at: 0.05, command: { action: 'accept' }, actor: '受理员' }];
  if (escalated) steps.push({ at: 0.07, command: { action: 'escalate', reason: '需上一级协调解决', unit }, actor: '网格长' });
  steps.push({ at: 0.1, command: { action: 'dispatch', unit }, actor: '指挥中心' }, { at: 0.2, command: { action: 'start' }, actor: unit });

  let targetStage: IssueStage = 'closed';
  if (issue.status === 'closed') {
    const dispatchedAt = reported + 0.1 * span;
    const deadline = deadlineFrom(rules, issue.tier, issue.category, new Date(dispatchedAt)).getTime();
    if (end > deadline && random() < EXTENDED_OF_LATE) {
      const extendedTo = new Date(end + Math.floor(random() * 2 * 86_400_000)).toISOString();
      steps.push({ at: 0.3, command: { action: 'extend', reason: '办理难度大，申请延期', deadline: extendedTo }, actor: unit });
    }
    steps.push({ at: 0.6, command: { action: 'handle', note: '已办理完毕' }, actor: unit });
    if (random() < REWORK_SHARE) {
      steps.push({ at: 0.65, command: { action: 'rework', reason: '现场核查未整改到位' }, actor: '核查员' });
      steps.push({ at: 0.8, command: { action: 'handle', note: '已重新整改' }, actor: unit });
    }
    steps.push({ at: 0.9, command: { action: 'verify' }, actor: '核查员' });
    steps.push({ at: 1, command: { action: 'close', satisfaction: issue.satisfaction ?? 'satisfied' }, actor: '回访员' });
  } else {
    targetStage = pickOpenStage(random);
    const extra: Step[] = [
      { at: 0.6, command: { action: 'handle', note: '已办理，待核查' }, actor: unit },
      { at: 0.9, command: { action: 'verify' }, actor: '核查员' },
    ];
    steps.push(...extra);
  }

  let state: IssueLifecycle = {
    stage: 'reported', status: 'open', tier: startTier, category: issue.category, reportedAt: issue.reportedAt,
    deadlineAt: deadlineFrom(rules, startTier, issue.category, new Date(reported)).toISOString(),
    closedAt: null, satisfaction: null, responsibleUnit: null, longTerm: false, reworkCount: 0, extensionCount: 0,
  };
  const history: LedgerEntryDraft[] = [reportEntry(state, '网格员')];
  for (const step of steps) {
    if (issue.status === 'open' && OPEN_PATH.indexOf(state.stage) >= OPEN_PATH.indexOf(targetStage)) break;
    const at = step.at === 1 ? end : reported + Math.floor(step.at * span);
    const outcome = applyTransition(state, step.command, step.actor, new Date(at), rules);
    if (!outcome.valid) throw new Error(`seed history: ${step.command.action} refused: ${outcome.reason}`);
    state = outcome.next;
    history.push(outcome.entry);
  }
  // An escalation left part-way keeps the problem at the tier it had then.
  return {
    ...issue,
    tier: state.tier,
    deadlineAt: state.deadlineAt,
    stage: state.stage,
    responsibleUnit: state.responsibleUnit,
    longTerm: state.longTerm,
    reworkCount: state.reworkCount,
    extensionCount: state.extensionCount,
    history,
  };
}
