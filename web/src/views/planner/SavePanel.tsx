// The changes against the saved version and saving them as a new version. A stale base (409)
// offers a reload that drops these edits (nothing is mixed); refusals (422) list the problems.
import type { ChangeSummary } from '../../planner/changeset.ts';
import type { SaveOutcome } from '../../api/plan.ts';
import { usePlannerText } from './planner-text.ts';

export interface SavePanelProps {
  summary: ChangeSummary;
  splitGrids: number;
  author: string;
  reason: string;
  onAuthor: (value: string) => void;
  onReason: (value: string) => void;
  saving: boolean;
  outcome: SaveOutcome | null;
  /** The saved outcome was a rollback. */
  rolledBack: boolean;
  onSave: () => void;
  onReload: () => void;
}

export function SavePanel(props: SavePanelProps) {
  const t = usePlannerText();
  const { summary, outcome } = props;
  const lines: string[] = [];
  if (summary.movedBlocks.length > 0) lines.push(t('movedBlocks', { n: summary.movedBlocks.length }));
  if (summary.createdGrids.length > 0) lines.push(t('createdGrids', { n: summary.createdGrids.length }));
  if (summary.retiredGrids.length > 0) lines.push(t('retiredGrids', { n: summary.retiredGrids.length }));
  if (summary.splitBlocks > 0) lines.push(t('splitBlocks', { n: summary.splitBlocks }));
  if (summary.renamedGrids.length > 0) lines.push(t('renamedGrids', { n: summary.renamedGrids.length }));
  const ready = props.author.trim() !== '' && props.reason.trim() !== '';
  return (
    <section className="planner-section" data-testid="planner-save">
      <h3>{t('changesHeading')}</h3>
      <ul className="planner-changes" data-testid="planner-changes">
        {lines.length === 0 ? <li>{t('noChanges')}</li> : lines.map((line) => <li key={line}>{line}</li>)}
        {props.splitGrids > 0 ? <li className="planner-flag">{t('splitGridsWarning', { n: props.splitGrids })}</li> : null}
      </ul>
      <h3>{t('saveHeading')}</h3>
      <label className="planner-field">
        <span>{t('author')}</span>
        <input data-testid="save-author" value={props.author} onChange={(event) => props.onAuthor(event.target.value)} />
      </label>
      <label className="planner-field">
        <span>{t('reason')}</span>
        <input data-testid="save-reason" value={props.reason} onChange={(event) => props.onReason(event.target.value)} />
      </label>
      <button type="button" className="planner-primary" data-testid="save" disabled={!summary.changed || !ready || props.saving} onClick={props.onSave}>
        {props.saving ? t('saving') : t('save')}
      </button>
      {summary.changed && !ready ? <p className="planner-hint">{t('needAuthorReason')}</p> : null}
      {outcome?.kind === 'saved' ? (
        <p className="planner-ok" data-testid="save-result">
          {props.rolledBack ? t('rollbackDone', { n: outcome.result.version }) : t('saved', { n: outcome.result.version })}
        </p>
      ) : null}
      {outcome?.kind === 'stale' ? (
        <div className="planner-error" data-testid="save-stale">
          <p>{t('stale', { n: outcome.currentVersion ?? '?' })}</p>
          <button type="button" onClick={props.onReload}>
            {t('reload')}
          </button>
        </div>
      ) : null}
      {outcome?.kind === 'refused' ? (
        <div className="planner-error" data-testid="save-refused">
          <p>{t('refused', { reason: outcome.reason })}</p>
          <ul>
            {outcome.problems.map((problem, index) => (
              <li key={index}>
                {problem.edit !== null ? `#${problem.edit + 1} ` : ''}
                {problem.field}: {problem.reason}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
