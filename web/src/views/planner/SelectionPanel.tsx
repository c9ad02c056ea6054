// What can be done with the selected blocks: assign them to a neighbouring grid, make a new grid
// of them, merge their grid into a neighbour, or rename their grid (its code never changes).
// Refusals are shown by the caller.
import { useMemo, useState } from 'react';
import type { PlannerModel } from '../../planner/model.ts';
import { nameOf } from '../../planner/model.ts';
import { twin } from '../../planner/topology.ts';
import { usePlannerText } from './planner-text.ts';

/** Grid slots next to the selection (outside it) in the selection's village. */
export function neighbourGrids(model: PlannerModel, selection: ReadonlySet<string>): number[] {
  const { index, blockGrid, villageOf } = model.topology;
  const blocks = [...selection].map((id) => model.blockIndex.get(id)).filter((block): block is number => block !== undefined);
  if (blocks.length === 0) return [];
  const village = villageOf[blocks[0]];
  if (blocks.some((block) => villageOf[block] !== village)) return [];
  const own = new Set(blocks.map((block) => blockGrid[block]));
  const result = new Set<number>();
  for (const block of blocks) {
    for (const halfEdge of index.blockHalfEdges[block]) {
      const other = index.halfEdgeBlock[twin(halfEdge)];
      if (other < 0 || selection.has(model.blocks[other].id) || villageOf[other] !== village) continue;
      const slot = blockGrid[other];
      // A grid the whole selection already belongs to is no target.
      if (!(own.size === 1 && own.has(slot))) result.add(slot);
    }
  }
  return [...result].sort((a, b) => nameOf(model, a).localeCompare(nameOf(model, b)));
}

export function SelectionPanel(props: {
  model: PlannerModel;
  revision: number;
  selection: ReadonlySet<string>;
  onAssign: (key: string) => void;
  onCreate: (name: string) => void;
  onMerge: (from: string, into: string) => void;
  onRename: (key: string, name: string) => void;
  onClear: () => void;
}) {
  const t = usePlannerText();
  const { model, selection } = props;
  const [target, setTarget] = useState('');
  const [newName, setNewName] = useState('');
  const [rename, setRename] = useState('');
  const neighbours = useMemo(() => neighbourGrids(model, selection), [model, selection, props.revision]); // eslint-disable-line react-hooks/exhaustive-deps
  const households = useMemo(() => {
    let sum = 0;
    for (const id of selection) {
      const block = model.blockIndex.get(id);
      if (block !== undefined) sum += model.topology.households[block];
    }
    return Math.round(sum);
  }, [model, selection, props.revision]); // eslint-disable-line react-hooks/exhaustive-deps
  const ownGrids = new Set([...selection].map((id) => model.blockIndex.get(id)).filter((b): b is number => b !== undefined).map((b) => model.topology.blockGrid[b]));
  const ownGrid = ownGrids.size === 1 ? [...ownGrids][0] : null;
  const chosen = neighbours.includes(model.slotIndex.get(target) ?? -1) ? target : '';
  const defaultName = t('newGridDefault', { n: model.nextNewGrid });

  return (
    <section className="planner-section" data-testid="planner-selection">
      <p className="planner-selection-count" data-testid="selection-count">
        {selection.size === 0 ? t('noSelection') : t('selected', { n: selection.size, h: households })}
        {selection.size > 0 ? (
          <button type="button" className="planner-link" onClick={props.onClear}>
            {t('clearSelection')}
          </button>
        ) : null}
      </p>
      <label className="planner-field">
        <span>{t('assignTo')}</span>
        <span className="planner-row">
          <select data-testid="assign-target" value={chosen} onChange={(event) => setTarget(event.target.value)} disabled={neighbours.length === 0}>
            <option value="">{t('chooseGrid')}</option>
            {neighbours.map((slot) => (
              <option key={model.slots[slot].key} value={model.slots[slot].key}>
                {nameOf(model, slot)}
              </option>
            ))}
          </select>
          <button type="button" data-testid="assign" disabled={chosen === ''} onClick={() => props.onAssign(chosen)}>
            {t('assign')}
          </button>
        </span>
      </label>
      <label className="planner-field">
        <span>{t('createGrid')}</span>
        <span className="planner-row">
          <input value={newName} placeholder={defaultName} onChange={(event) => setNewName(event.target.value)} aria-label={t('newGridName')} />
          <button type="button" data-testid="create-grid" disabled={selection.size === 0} onClick={() => (props.onCreate(newName.trim() || defaultName), setNewName(''))}>
            +
          </button>
        </span>
      </label>
      {ownGrid !== null ? (
        <label className="planner-field">
          <span>{t('renameGrid')}</span>
          <span className="planner-row">
            <input
              data-testid="rename-grid-name"
              value={rename}
              placeholder={nameOf(model, ownGrid)}
              onChange={(event) => setRename(event.target.value)}
              aria-label={t('renameGrid')}
            />
            <button
              type="button"
              data-testid="rename-grid"
              disabled={rename.trim() === '' || rename.trim() === nameOf(model, ownGrid)}
              onClick={() => (props.onRename(model.slots[ownGrid].key, rename.trim()), setRename(''))}
            >
              {t('rename')}
            </button>
          </span>
        </label>
      ) : null}
      {ownGrid !== null && chosen !== '' ? (
        <button type="button" className="planner-wide" data-testid="merge" onClick={() => props.onMerge(model.slots[ownGrid].key, chosen)}>
          {t('mergeInto')} → {nameOf(model, model.slotIndex.get(chosen)!)}
        </button>
      ) : null}
    </section>
  );
}
