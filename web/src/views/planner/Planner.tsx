// The grid planner of one township: paint blocks into grids with live balance, contiguity and
// compactness, undo and redo, save with a reason as a new version, compare and restore versions,
// and review an automatic rebalance before saving it.
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { FeatureCollection } from 'geojson';
import { applyEdits } from '../../../../server/plan/apply.ts';
import { planKeys, usePlan, useRebalance, useRollback, useSavePlan, type PlanDiff, type RebalanceProposal, type SaveOutcome } from '../../api/plan.ts';
import { useTownships } from '../../api/queries.ts';
import { allFigures, buildChangeset, changeSummary } from '../../planner/changeset.ts';
import { useLiveEvents } from '../../api/live.ts';
import { applyCommand, planCreateGrid, planMerge, planMove, planRename, planSplitBlock, type BlockSplitter, type Planned, type PlannerCommand } from '../../planner/commands.ts';
import { blockAt, polygonCollection } from '../../planner/features.ts';
import { EMPTY_HISTORY, historyShortcut, record, redo, undo, type History } from '../../planner/history.ts';
import { createModel, keyOfBlock, nameOf, slotOfBlock, type PlannerModel } from '../../planner/model.ts';
import { INITIAL_MODE, toolOf, transition, type EditorEffect, type EditorEvent, type EditorMode, type Tool } from '../../planner/modes.ts';
import { blocksInBox, blocksInLasso, combineSelection } from '../../planner/selection.ts';
import { REFUSAL_LABELS, TOOL_HINTS, TOOL_LABELS } from '../../state/i18n-planner.ts';
import { DEFAULT_DASHBOARD, type PlannerState } from '../../state/url-state.ts';
import type { Navigate } from '../../state/use-url-state.ts';
import { GridBars } from './GridBars.tsx';
import { HistoryPanel } from './HistoryPanel.tsx';
import { NewerVersionNotice } from './NewerVersionNotice.tsx';
import { PlannerMap } from './PlannerMap.tsx';
import { publishPlanner } from './planner-hook.ts';
import { usePlannerText } from './planner-text.ts';
import { RebalancePanel } from './RebalancePanel.tsx';
import { SavePanel } from './SavePanel.tsx';
import { SelectionPanel } from './SelectionPanel.tsx';
import './planner.css';

const TOOLS: readonly Tool[] = ['select', 'lasso', 'pick-target', 'draw-split'];

/** The server's own cutter, so piece ids and households agree with what a save will produce. */
const splitter: BlockSplitter = (plan, edits) => {
  const result = applyEdits(plan, edits);
  return result.valid ? { valid: true, plan: result.plan } : { valid: false, problems: result.problems };
};

export function Planner({ state, navigate }: { state: PlannerState; navigate: Navigate }) {
  const t = usePlannerText();
  const township = state.township;
  const plan = usePlan(township);
  const townships = useTownships();
  const queryClient = useQueryClient();
  const townshipName = townships.data?.features.find((feature) => feature.properties.code === township)?.properties.name ?? township;

  const model = useMemo<PlannerModel | null>(() => (plan.data ? createModel(plan.data) : null), [plan.data]);
  const [revision, bump] = useReducer((value: number) => value + 1, 0);
  const [history, setHistory] = useState<History<PlannerCommand>>(EMPTY_HISTORY);
  const [mode, setMode] = useState<EditorMode>(INITIAL_MODE);
  const [selection, setSelection] = useState<ReadonlySet<string>>(new Set());
  const [notice, setNotice] = useState<string | null>(null);
  const [author, setAuthor] = useState('');
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<SaveOutcome | null>(null);
  const [rolledBack, setRolledBack] = useState(false);
  const [historyDiff, setHistoryDiff] = useState<PlanDiff | null>(null);
  const [proposal, setProposal] = useState<RebalanceProposal | null>(null);
  const [hoverBlock, setHoverBlock] = useState<number>(-1);
  const save = useSavePlan(township);
  const rollback = useRollback(township);
  const rebalance = useRebalance(township);
  // Saves and rollbacks of this township by anyone are announced live: a stale base shows at once.
  const live = useLiveEvents();
  const [compare, setCompare] = useState<{ from: number; to: number } | null>(null);

  useEffect(() => {
    setHistory(EMPTY_HISTORY);
    setSelection(new Set());
    setMode(INITIAL_MODE);
    setProposal(null);
    setNotice(null);
    if (model) publishPlanner({ baseVersion: model.baseVersion });
  }, [model]);
  useEffect(() => {
    document.title = `${t('plannerTitle')} · ${townshipName}`;
  }, [t, townshipName]);
  useEffect(() => publishPlanner({ revision, selection: [...selection] }), [revision, selection]);

  const perform = useCallback(
    (planned: Planned, clearSelection = true) => {
      if (!model) return;
      if (!planned.valid) {
        setNotice(t('refusedMove', { reason: t(REFUSAL_LABELS[planned.reason]) + (planned.detail ? ` (${planned.detail})` : '') }));
        return;
      }
      applyCommand(model, planned.command, 'forward');
      setHistory((current) => record(current, planned.command));
      setNotice(null);
      setOutcome(null);
      if (clearSelection) setSelection(new Set());
      bump();
    },
    [model, t],
  );

  const step = useCallback(
    (direction: 'undo' | 'redo') => {
      if (!model) return;
      const next = direction === 'undo' ? undo(history) : redo(history);
      if (!next) return;
      applyCommand(model, next.command, direction === 'undo' ? 'backward' : 'forward');
      setHistory(next.history);
      setSelection((current) => new Set([...current].filter((id) => model.blockIndex.has(id))));
      setNotice(null);
      bump();
    },
    [model, history],
  );

  const runEffect = useCallback(
    (effect: EditorEffect) => {
      if (!model) return;
      const idsOf = (indices: number[]) => indices.map((index) => model.blocks[index].id);
      switch (effect.kind) {
        case 'select-at': {
          const block = blockAt(model, effect.at.lngLat[0], effect.at.lngLat[1]);
          if (block < 0) {
            if (!effect.additive) setSelection(new Set());
            return;
          }
          setSelection((current) => combineSelection(current, [model.blocks[block].id], effect.additive ? 'toggle' : 'replace'));
          return;
        }
        case 'select-box':
          setSelection((current) => combineSelection(current, idsOf(blocksInBox(model.anchors, effect.from.lngLat, effect.to.lngLat)), 'add'));
          return;
        case 'select-lasso':
          setSelection((current) =>
            combineSelection(current, idsOf(blocksInLasso(model.anchors, effect.ring.map((point) => point.lngLat))), effect.additive ? 'add' : 'replace'),
          );
          return;
        case 'clear-selection':
          setSelection(new Set());
          return;
        case 'assign-at': {
          const block = blockAt(model, effect.at.lngLat[0], effect.at.lngLat[1]);
          const key = block < 0 ? null : keyOfBlock(model, model.blocks[block].id);
          perform(key === null ? { valid: false, reason: 'unknownGrid' } : planMove(model, selection, key));
          return;
        }
        case 'split-line':
          perform(planSplitBlock(model, effect.line, splitter));
          return;
      }
    },
    [model, perform, selection],
  );

  // The latest mode lives in a ref as well: pointer events arrive faster than React re-renders.
  const modeRef = useRef(mode);
  modeRef.current = mode;
  const onEvent = useCallback(
    (event: EditorEvent) => {
      const next = transition(modeRef.current, event);
      if (next.mode !== modeRef.current) {
        modeRef.current = next.mode;
        setMode(next.mode);
      }
      if (next.effect) runEffect(next.effect);
    },
    [runEffect],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA')) return;
      const shortcut = historyShortcut(event);
      if (shortcut) {
        event.preventDefault();
        step(shortcut);
        return;
      }
      if (event.key === 'Escape' || event.key === 'Enter' || event.key === 'Backspace') {
        // While drawing, Enter finishes the line; it must not also press the focused tool button.
        if (modeRef.current.kind === 'draw-split') event.preventDefault();
        onEvent({ type: 'key', key: event.key });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onEvent, step]);

  const figures = useMemo(() => (model ? allFigures(model) : []), [model, revision]); // eslint-disable-line react-hooks/exhaustive-deps
  const summary = useMemo(() => (model ? changeSummary(model) : null), [model, revision]); // eslint-disable-line react-hooks/exhaustive-deps
  // Blocks drawn as changed: moved ones and the pieces of split ones.
  const movedBlocks = useMemo(() => new Set([...(summary?.movedBlocks ?? []), ...(summary?.splitPieces ?? [])]), [summary]);
  const selectedGrids = useMemo(() => {
    const keys = new Set<string>();
    if (model) for (const id of selection) keys.add(keyOfBlock(model, id) ?? '');
    return keys;
  }, [model, selection, revision]); // eslint-disable-line react-hooks/exhaustive-deps

  const diffOverlay = useMemo<FeatureCollection | null>(() => {
    const moved = proposal ? proposal.diff.movedBlocks : historyDiff ? historyDiff.movedBlocks : null;
    if (!moved) return null;
    const added = historyDiff && !proposal ? historyDiff.addedBlocks.map((block) => ({ polygon: block.polygon, kind: 'added' })) : [];
    return polygonCollection([...moved.map((block) => ({ polygon: block.polygon, kind: 'moved' })), ...added]);
  }, [proposal, historyDiff]);

  /** Picking a grid in the list selects all its blocks. */
  const selectGrid = useCallback(
    (key: string) => {
      const slot = model?.slotIndex.get(key);
      if (model && slot !== undefined) setSelection(new Set([...model.topology.gridBlocks[slot]].map((block) => model.blocks[block].id)));
    },
    [model],
  );

  const reload = useCallback(() => {
    setOutcome(null);
    setNotice(null);
    setHistoryDiff(null);
    void queryClient.invalidateQueries({ queryKey: planKeys.plan(township) });
  }, [queryClient, township]);

  const afterSave = (result: SaveOutcome, rolledBack = false) => {
    setOutcome(result);
    setRolledBack(rolledBack && result.kind === 'saved');
    if (result.kind === 'saved') {
      setProposal(null);
      void queryClient.invalidateQueries({ queryKey: planKeys.plan(township) });
    }
  };

  const onSave = () => {
    if (!model) return;
    save.mutate(buildChangeset(model, author.trim(), reason.trim()), { onSuccess: (result) => afterSave(result), onError: (error) => setNotice(String(error)) });
  };
  const onRollback = (version: number) => {
    if (!model) return;
    const who = author.trim() || t('plannerTitle');
    rollback.mutate(
      { toVersion: version, baseVersion: model.baseVersion, author: who, reason: t('rollbackReason', { n: version }) },
      { onSuccess: (result) => afterSave(result, true), onError: (error) => setNotice(String(error)) },
    );
  };
  const onSaveProposal = () => {
    if (!proposal || !model) return;
    const changeset = { ...proposal.changeset, author: author.trim() || t('rebalanceReason'), reason: reason.trim() || t('rebalanceReason') };
    save.mutate(changeset, { onSuccess: (result) => afterSave(result), onError: (error) => setNotice(String(error)) });
  };

  const hoverInfo = model && hoverBlock >= 0 && hoverBlock < model.blocks.length ? model.blocks[hoverBlock] : null;
  const hoverSlot = hoverInfo && model ? slotOfBlock(model, hoverInfo.id) : -1;
  const splitGrids = figures.filter((grid) => grid.pieces > 1).length;
  const tool = toolOf(mode);
  const dirty = summary?.changed ?? false;
  const announced = live.planVersions[township] ?? 0;
  // Our own save is announced too; the editor reloads onto it by itself.
  const ownVersion = outcome?.kind === 'saved' ? outcome.result.version : 0;
  const newerVersion = model && announced > model.baseVersion && announced > ownVersion ? announced : null;

  return (
    <div className="app planner" data-theme={state.theme} data-testid="planner">
      <header className="topbar planner-topbar">
        <h1>
          {t('plannerTitle')} · {townshipName}
        </h1>
        {model ? (
          <span className="planner-version" data-testid="planner-version">
            {t('version', { n: model.baseVersion })} · {t('target', { n: Math.round(model.target.households), p: Math.round(model.target.tolerance * 100) })}
          </span>
        ) : null}
        <a
          className="planner-back"
          href={`/?township=${township}`}
          onClick={(event) => {
            event.preventDefault();
            if (dirty && !window.confirm(t('unsavedLeave'))) return;
            navigate({ ...DEFAULT_DASHBOARD, township, theme: state.theme, lang: state.lang });
          }}
        >
          {t('backToDashboard')}
        </a>
        <span className="planner-lang">
          <button type="button" aria-pressed={state.lang === 'zh'} onClick={() => navigate({ ...state, lang: 'zh' }, 'replace')}>
            中文
          </button>
          <button type="button" aria-pressed={state.lang === 'en'} onClick={() => navigate({ ...state, lang: 'en' }, 'replace')}>
            EN
          </button>
        </span>
      </header>
      {!model ? (
        <p className="planner-loading">{plan.isError ? t('loadFailed') : t('loading')}</p>
      ) : (
        <main className="planner-layout">
          <div className="planner-map-wrap">
            <div className="planner-tools" role="toolbar">
              {TOOLS.map((item) => (
                <button key={item} type="button" data-testid={`tool-${item}`} aria-pressed={tool === item} onClick={() => onEvent({ type: 'tool', tool: item })}>
                  {t(TOOL_LABELS[item])}
                </button>
              ))}
              <button type="button" data-testid="undo" disabled={history.past.length === 0} onClick={() => step('undo')} title="Ctrl+Z">
                {t('undo')}
              </button>
              <button type="button" data-testid="redo" disabled={history.future.length === 0} onClick={() => step('redo')} title="Ctrl+Shift+Z">
                {t('redo')}
              </button>
              <span className="planner-hint">{t(TOOL_HINTS[tool])}</span>
            </div>
            <PlannerMap
              model={model}
              revision={revision}
              theme={state.theme}
              selection={selection}
              movedBlocks={movedBlocks}
              mode={mode}
              diff={diffOverlay}
              onEvent={onEvent}
              onHover={(lngLat) => setHoverBlock(lngLat ? blockAt(model, lngLat[0], lngLat[1]) : -1)}
            />
            {hoverInfo && hoverSlot >= 0 ? (
              <div className="planner-hover">
                {nameOf(model, hoverSlot)} · {t('households', { n: Math.round(model.topology.gridHouseholds[hoverSlot]) })} · {hoverInfo.id}
              </div>
            ) : null}
            {notice ? (
              <div className="planner-notice" role="alert" data-testid="planner-notice">
                {notice}
              </div>
            ) : null}
            <div className="planner-legend">
              <span className="legend-grid">{t('legendGridBorder')}</span>
              <span className="legend-village">{t('legendVillageBorder')}</span>
              <span className="legend-moved">{t('legendMoved')}</span>
            </div>
          </div>
          <aside className="planner-side">
            {newerVersion !== null ? (
              <NewerVersionNotice
                baseVersion={model.baseVersion}
                newerVersion={newerVersion}
                dirty={dirty}
                onReload={reload}
                onCompare={() => setCompare({ from: model.baseVersion, to: newerVersion })}
              />
            ) : null}
            <SelectionPanel
              model={model}
              revision={revision}
              selection={selection}
              onAssign={(key) => perform(planMove(model, selection, key))}
              onCreate={(name) => perform(planCreateGrid(model, selection, name))}
              onMerge={(from, into) => perform(planMerge(model, from, into))}
              onRename={(key, name) => perform(planRename(model, key, name), false)}
              onClear={() => setSelection(new Set())}
            />
            {summary ? (
              <SavePanel
                summary={summary}
                splitGrids={splitGrids}
                author={author}
                reason={reason}
                onAuthor={setAuthor}
                onReason={setReason}
                saving={save.isPending}
                outcome={outcome}
                rolledBack={rolledBack}
                onSave={onSave}
                onReload={reload}
              />
            ) : null}
            <section className="planner-section">
              <h3>{t('gridsHeading')}</h3>
              <GridBars
                figures={figures}
                tolerance={model.target.tolerance}
                highlight={selectedGrids}
                onPick={selectGrid}
              />
            </section>
            <HistoryPanel township={township} currentVersion={model.baseVersion} busy={rollback.isPending || dirty} onDiff={setHistoryDiff} onRollback={onRollback} compare={compare} />
            <RebalancePanel
              proposal={proposal}
              pending={rebalance.isPending}
              disabled={dirty || save.isPending}
              error={rebalance.error ? String(rebalance.error) : null}
              onRequest={() => rebalance.mutate(model.baseVersion, { onSuccess: setProposal })}
              onSave={onSaveProposal}
              onDiscard={() => setProposal(null)}
            />
          </aside>
        </main>
      )}
    </div>
  );
}

