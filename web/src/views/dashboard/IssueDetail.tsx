// One problem opened from the grid panel: where it stands in the lifecycle (stage, tier, deadline,
// overdue, responsible unit) and its ledger, oldest entry first.
import { useIssueLedger } from '../../api/queries.ts';
import type { IssueProperties } from '../../api/types.ts';
import { formatShortDateTime } from '../../state/format.ts';
import { ACTION_LABELS, labelOf, STAGE_LABELS, TIER_LABELS } from '../../state/i18n-ledger.ts';
import { TIER_COLORS } from '../../state/tiers.ts';
import { useI18n } from '../common/i18n-context.tsx';
import { formatDeadline, ledgerEntryDetails } from './ledger-lines.ts';

export function IssueDetail({ issue }: { issue: IssueProperties }) {
  const { t } = useI18n();
  const ledger = useIssueLedger(issue.id);
  const entries = ledger.data?.entries;
  return (
    <div className="issue-detail" data-testid="issue-detail" data-issue={issue.id}>
      <dl className="issue-facts">
        <div>
          <dt>{t('stage')}</dt>
          <dd data-testid="issue-stage" data-stage={issue.stage}>
            {labelOf(STAGE_LABELS, issue.stage, t)}
            {issue.longTerm ? <span className="issue-tag">{t('longTerm')}</span> : null}
          </dd>
        </div>
        <div>
          <dt>{t('tier')}</dt>
          <dd data-testid="issue-tier" data-tier={issue.tier}>
            <span className="tier-dot" style={{ background: TIER_COLORS[issue.tier] }} /> {labelOf(TIER_LABELS, issue.tier, t)}
          </dd>
        </div>
        <div>
          <dt>{t('deadline')}</dt>
          <dd data-testid="issue-deadline">
            {formatDeadline(issue.deadlineAt)}
            {issue.overdue ? (
              <span className="issue-tag warn" data-testid="issue-overdue">
                {t('overdueTag')}
              </span>
            ) : null}
          </dd>
        </div>
        {issue.responsibleUnit ? (
          <div>
            <dt>{t('responsibleUnit')}</dt>
            <dd>{issue.responsibleUnit}</dd>
          </div>
        ) : null}
      </dl>
      <h4>{t('ledger')}</h4>
      {entries === undefined ? (
        <div className="muted">{ledger.isError ? t('loadFailed') : t('loading')}</div>
      ) : entries.length === 0 ? (
        <div className="muted">{t('noLedger')}</div>
      ) : (
        <ol className="ledger-entries" data-testid="ledger">
          {entries.map((entry) => {
            const details = ledgerEntryDetails(entry, t);
            return (
              <li key={entry.seq} data-testid="ledger-entry" data-action={entry.action}>
                <time dateTime={entry.at}>{formatShortDateTime(entry.at)}</time>
                <span className="ledger-action">{labelOf(ACTION_LABELS, entry.action, t)}</span>
                <span className="ledger-actor">{entry.actor}</span>
                {details.length > 0 ? <span className="ledger-note">{details.join(' · ')}</span> : null}
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
