// Message keys for the ledger's vocabulary: lifecycle stages, ledger actions, satisfaction answers
// and roster roles. Records typed on the server's unions, so a new stage or action fails the type
// check until it has a label in both dictionaries.
import type { IssueStage, LedgerAction, RosterRole, Satisfaction, Tier } from '../api/types.ts';
import type { MessageKey } from './i18n.ts';

export const STAGE_LABELS: Readonly<Record<IssueStage, MessageKey>> = {
  reported: 'stageReported',
  accepted: 'stageAccepted',
  rejected: 'stageRejected',
  dispatched: 'stageDispatched',
  in_progress: 'stageInProgress',
  handled: 'stageHandled',
  verified: 'stageVerified',
  closed: 'stageClosed',
};

export const ACTION_LABELS: Readonly<Record<LedgerAction, MessageKey>> = {
  report: 'actionReport',
  accept: 'actionAccept',
  reject: 'actionReject',
  dispatch: 'actionDispatch',
  start: 'actionStart',
  handle: 'actionHandle',
  verify: 'actionVerify',
  rework: 'actionRework',
  close: 'actionClose',
  return: 'actionReturn',
  escalate: 'actionEscalate',
  deescalate: 'actionDeescalate',
  extend: 'actionExtend',
  long_term: 'actionLongTerm',
  comment: 'actionComment',
};

export const SATISFACTION_LABELS: Readonly<Record<Satisfaction, MessageKey>> = {
  satisfied: 'satisfied',
  basically_satisfied: 'basicallySatisfied',
  dissatisfied: 'dissatisfied',
};

export const ROLE_LABELS: Readonly<Record<RosterRole, MessageKey>> = {
  grid_leader: 'roleGridLeader',
  cadre: 'roleCadre',
  party_member: 'rolePartyMember',
  department: 'roleDepartment',
  volunteer: 'roleVolunteer',
};

export const TIER_LABELS: Readonly<Record<Tier, MessageKey>> = {
  red: 'tierRed',
  orange: 'tierOrange',
  yellow: 'tierYellow',
};

/**
 * Label of a value the server may have learnt after this build: known ones by their key, an
 * unknown one as sent (better a raw word than a blank).
 */
export function labelOf<V extends string>(labels: Readonly<Record<V, MessageKey>>, value: string, translate: (key: MessageKey) => string): string {
  return Object.hasOwn(labels, value) ? translate(labels[value as V]) : value;
}
