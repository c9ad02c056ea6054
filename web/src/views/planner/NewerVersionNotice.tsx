// Shown as soon as another save or rollback of this township is announced over the live events:
// the editor's base version is stale, so a save would be refused (409). The user reloads onto the
// newer version (dropping unsaved edits, never mixing them) or first looks at what changed.
import { usePlannerText } from './planner-text.ts';

export function NewerVersionNotice(props: { baseVersion: number; newerVersion: number; dirty: boolean; onReload: () => void; onCompare: () => void }) {
  const t = usePlannerText();
  return (
    <section className="planner-section planner-newer" role="alert" data-testid="planner-newer" data-version={props.newerVersion}>
      <p>{t('newerVersion', { n: props.newerVersion, base: props.baseVersion })}</p>
      <span className="planner-row">
        <button type="button" data-testid="planner-newer-reload" onClick={props.onReload}>
          {props.dirty ? t('reload') : t('loadNewer', { n: props.newerVersion })}
        </button>
        <button type="button" data-testid="planner-newer-compare" onClick={props.onCompare}>
          {t('compareNewer')}
        </button>
      </span>
    </section>
  );
}
