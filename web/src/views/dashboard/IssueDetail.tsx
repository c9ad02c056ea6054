// One problem opened from the grid panel: where it stands in the lifecycle (stage, tier, deadline,
// overdue, responsible unit), the grid it was reported in and the one responsible now when a plan
// version moved it, and its ledger, oldest entry first.
import { useIssueLedger, useTownshipGrids } from '../../api/queries.ts';
import type { IssueProperties } from '../../api/types.ts';
import { formatShortDateTime } from '../../state/format.ts';
import { ACTION_LABELS, labelOf, STAGE_LABELS, TIER_LABELS } from '../../state/i18n-ledger.ts';
import { TIER_COLORS } from '../../state/tiers.ts';
import { useI18n } from '../common/i18n-context.tsx';
import { formatDeadline, ledgerEntryDetails } from './ledger-lines.ts';
import { useAccess } from '../access/access-context.tsx';

export function IssueDetail({ issue }: { issue: IssueProperties }) {
  const { t } = useI18n();
  // The ledger names people: only accounts that may read records in the problem's grid ask for it.
  const mayReadRecords = useAccess().can('records:read', issue.currentGridCode ?? issue.gridCode);
  const ledger = useIssueLedger(mayReadRecords ? issue.id : null);
  const entries = ledger.data?.entries;
  const grids = useTownshipGrids((issue.currentGridCode ?? issue.gridCode ?? '').slice(0, 9) || null);
  const gridLabel = (code: string) => {
    const name = grids?.features.find((feature) => feature.properties.code === code)?.properties.name;
    return name ? `${name} · ${code}` : code;
  };
  // A border moved since the report: the problem now belongs to another grid's team.
  const moved = issue.currentGridCode !== undefined && issue.currentGridCode !== issue.gridCode;
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
        {moved ? (
          <>
            <div>
              <dt>{t('reportedGrid')}</dt>
              <dd data-testid="issue-reported-grid" data-code={issue.gridCode}>
                {gridLabel(issue.gridCode)}
              </dd>
            </div>
            <div>
              <dt>{t('currentGrid')}</dt>
              <dd data-testid="issue-current-grid" data-code={issue.currentGridCode}>
                {gridLabel(issue.currentGridCode)}
              </dd>
            </div>
          </>
        ) : null}
        {issue.responsibleUnit ? (
          <div>
            <dt>{t('responsibleUnit')}</dt>
            <dd>{issue.responsibleUnit}</dd>
          </div>
        ) : null}
      </dl>
      <h4>{t('ledger')}</h4>
      {!mayReadRecords ? (
        <div className="muted">{t('noPermission')}</div>
      ) : entries === undefined ? (
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
