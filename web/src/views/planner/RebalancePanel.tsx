// An automatic re-partition proposed by the server, shown as a diff before anything is saved.
import type { RebalanceProposal } from '../../api/plan.ts';
import { usePlannerText } from './planner-text.ts';

export function RebalancePanel(props: {
  proposal: RebalanceProposal | null;
  pending: boolean;
  disabled: boolean;
  error: string | null;
  onRequest: () => void;
  onSave: () => void;
  onDiscard: () => void;
}) {
  const t = usePlannerText();
  const { proposal } = props;
  return (
    <section className="planner-section" data-testid="planner-rebalance">
      <h3>{t('rebalanceHeading')}</h3>
      {proposal ? (
        <>
          <p data-testid="proposal-summary">
            {t('proposal', {
              moved: proposal.diff.movedBlocks.length,
              kept: proposal.keptCodes.length,
              created: proposal.diff.createdGrids.length,
              retired: proposal.diff.retiredGrids.length,
            })}
          </p>
          <span className="planner-row">
            <button type="button" className="planner-primary" disabled={props.disabled} onClick={props.onSave}>
              {t('saveProposal')}
            </button>
            <button type="button" onClick={props.onDiscard}>
              {t('discard')}
            </button>
          </span>
        </>
      ) : (
        <button type="button" disabled={props.pending || props.disabled} onClick={props.onRequest}>
          {props.pending ? t('rebalancing') : t('rebalance')}
        </button>
      )}
      {props.error ? <p className="planner-error">{props.error}</p> : null}
    </section>
  );
}
