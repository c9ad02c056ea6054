// The township's plan versions with author, reason and time; two picked versions are compared on
// the map; any earlier version can be restored (as a new version).
import { useEffect, useState } from 'react';
import type { PlanDiff } from '../../api/plan.ts';
import { usePlanDiff, usePlanVersions } from '../../api/plan.ts';
import { usePlannerText } from './planner-text.ts';

export function HistoryPanel(props: {
  township: string;
  currentVersion: number;
  busy: boolean;
  onDiff: (diff: PlanDiff | null) => void;
  onRollback: (version: number) => void;
  /** Versions to compare on request (a newer version announced meanwhile); a new object picks again. */
  compare?: { from: number; to: number } | null;
}) {
  const t = usePlannerText();
  const versions = usePlanVersions(props.township, props.currentVersion);
  const [picked, setPicked] = useState<number[]>([]);
  const pair = picked.length === 2 ? { from: Math.min(...picked), to: Math.max(...picked) } : null;
  const diff = usePlanDiff(props.township, pair);
  const { onDiff, compare } = props;
  useEffect(() => {
    if (compare) setPicked([compare.from, compare.to]);
  }, [compare]);
  useEffect(() => onDiff(pair && diff.data ? diff.data : null), [diff.data, pair?.from, pair?.to]); // eslint-disable-line react-hooks/exhaustive-deps

  const toggle = (version: number) =>
    setPicked((current) => (current.includes(version) ? current.filter((item) => item !== version) : [...current, version].slice(-2)));
  const list = [...(versions.data ?? [])].sort((a, b) => b.version - a.version);
  return (
    <section className="planner-section" data-testid="planner-history">
      <h3>{t('historyHeading')}</h3>
      <p className="planner-hint">{t('compareHint')}</p>
      {pair && diff.data ? (
        <p className="planner-diff-summary" data-testid="diff-summary">
          {t('diffSummary', {
            from: pair.from,
            to: pair.to,
            moved: diff.data.movedBlocks.length,
            created: diff.data.createdGrids.length,
            retired: diff.data.retiredGrids.length,
            split: diff.data.removedBlocks.length,
          })}
          <button type="button" className="planner-link" onClick={() => setPicked([])}>
            {t('closeDiff')}
          </button>
        </p>
      ) : null}
      <ol className="planner-versions">
        {list.map((version) => (
          <li key={version.version} data-version={version.version}>
            <label>
              <input type="checkbox" checked={picked.includes(version.version)} onChange={() => toggle(version.version)} />
              <strong>v{version.version}</strong> {version.author} · {version.reason}
              <time dateTime={version.createdAt}>{new Date(version.createdAt).toLocaleString()}</time>
            </label>
            {version.version !== props.currentVersion ? (
              <button type="button" className="planner-link" disabled={props.busy} onClick={() => props.onRollback(version.version)}>
                {t('rollback')}
              </button>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
