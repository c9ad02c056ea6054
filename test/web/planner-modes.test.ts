import { describe, expect, it } from 'vitest';
import { capturesPointer, INITIAL_MODE, linePoints, toolOf, transition, type EditorEvent, type EditorMode, type PointerAt } from '../../web/src/planner/modes.ts';
import { EMPTY_HISTORY, historyShortcut, record, redo, undo, type History } from '../../web/src/planner/history.ts';

const at = (x: number, y: number): PointerAt => ({ screen: [x, y], lngLat: [115 + x / 1000, 28 + y / 1000] });

function run(mode: EditorMode, events: EditorEvent[]) {
  const effects = [];
  for (const event of events) {
    const next = transition(mode, event);
    mode = next.mode;
    if (next.effect) effects.push(next.effect);
  }
  return { mode, effects };
}

describe('editing modes', () => {
  it('selects on click, adds with shift', () => {
    const { effects } = run(INITIAL_MODE, [{ type: 'click', at: at(1, 1), shift: false }, { type: 'click', at: at(2, 2), shift: true }]);
    expect(effects).toEqual([
      { kind: 'select-at', at: at(1, 1), additive: false },
      { kind: 'select-at', at: at(2, 2), additive: true },
    ]);
  });

  it('box-selects on shift-drag and treats a tiny drag as a click', () => {
    const drag = run(INITIAL_MODE, [
      { type: 'pointer-down', at: at(10, 10), shift: true },
      { type: 'pointer-move', at: at(40, 30) },
    ]);
    expect(drag.mode.kind).toBe('box');
    expect(capturesPointer(drag.mode)).toBe(true);
    const done = run(drag.mode, [{ type: 'pointer-up', at: at(50, 60) }]);
    expect(done.effects).toEqual([{ kind: 'select-box', from: at(10, 10), to: at(50, 60), additive: true }]);
    expect(done.mode).toEqual(INITIAL_MODE);
    const tiny = run(INITIAL_MODE, [{ type: 'pointer-down', at: at(10, 10), shift: true }, { type: 'pointer-up', at: at(11, 11) }]);
    expect(tiny.effects).toEqual([]);
    // Without shift a drag pans the map: no box.
    expect(run(INITIAL_MODE, [{ type: 'pointer-down', at: at(10, 10), shift: false }]).mode).toEqual(INITIAL_MODE);
  });

  it('collects a lasso while dragging and selects on release', () => {
    const lasso = run(INITIAL_MODE, [
      { type: 'tool', tool: 'lasso' },
      { type: 'pointer-down', at: at(0, 0), shift: false },
      { type: 'pointer-move', at: at(1, 0) },
      { type: 'pointer-move', at: at(20, 0) },
      { type: 'pointer-move', at: at(20, 20) },
      { type: 'pointer-up', at: at(0, 20) },
    ]);
    expect(lasso.effects).toHaveLength(1);
    const effect = lasso.effects[0];
    expect(effect.kind).toBe('select-lasso');
    // The 1 px step was dropped.
    if (effect.kind === 'select-lasso') expect(effect.ring.map((point) => point.screen)).toEqual([[0, 0], [20, 0], [20, 20], [0, 20]]);
    expect(lasso.mode).toEqual({ kind: 'idle', tool: 'lasso' });
    expect(toolOf(lasso.mode)).toBe('lasso');
  });

  it('draws a cutting line: clicks add points, double-click finishes, Escape cancels', () => {
    const drawn = run(INITIAL_MODE, [
      { type: 'tool', tool: 'draw-split' },
      { type: 'click', at: at(0, 0), shift: false },
      { type: 'click', at: at(10, 0), shift: false },
      { type: 'click', at: at(20, 5), shift: false },
      // A double-click arrives as two clicks then the double-click, all at one place.
      { type: 'click', at: at(20, 5), shift: false },
      { type: 'double-click', at: at(20, 5) },
    ]);
    expect(drawn.effects).toEqual([{ kind: 'split-line', line: [at(0, 0).lngLat, at(10, 0).lngLat, at(20, 5).lngLat] }]);
    expect(drawn.mode).toEqual(INITIAL_MODE);
    const entered = run(INITIAL_MODE, [{ type: 'tool', tool: 'draw-split' }, { type: 'click', at: at(0, 0), shift: false }, { type: 'click', at: at(5, 5), shift: false }, { type: 'key', key: 'Enter' }]);
    expect(entered.effects).toEqual([{ kind: 'split-line', line: [at(0, 0).lngLat, at(5, 5).lngLat] }]);
    const cancelled = run(INITIAL_MODE, [{ type: 'tool', tool: 'draw-split' }, { type: 'click', at: at(0, 0), shift: false }, { type: 'key', key: 'Escape' }]);
    expect(cancelled).toEqual({ mode: INITIAL_MODE, effects: [] });
    // One point is no line.
    expect(run(INITIAL_MODE, [{ type: 'tool', tool: 'draw-split' }, { type: 'click', at: at(0, 0), shift: false }, { type: 'key', key: 'Enter' }]).effects).toEqual([]);
    expect(linePoints([at(0, 0), at(0.5, 0), at(3, 0)])).toEqual([at(0, 0).lngLat, at(3, 0).lngLat]);
  });

  it('picks a target grid with the next click, and Escape in idle clears the selection', () => {
    const picked = run(INITIAL_MODE, [{ type: 'tool', tool: 'pick-target' }, { type: 'click', at: at(3, 4), shift: false }]);
    expect(picked.effects).toEqual([{ kind: 'assign-at', at: at(3, 4) }]);
    expect(picked.mode).toEqual(INITIAL_MODE);
    expect(run(INITIAL_MODE, [{ type: 'key', key: 'Escape' }]).effects).toEqual([{ kind: 'clear-selection' }]);
  });
});

describe('undo and redo', () => {
  it('walks back and forth and drops the redo branch on a new command', () => {
    let history: History<string> = EMPTY_HISTORY;
    history = record(history, 'a');
    history = record(history, 'b');
    history = record(history, 'c');
    const first = undo(history)!;
    expect(first.command).toBe('c');
    const second = undo(first.history)!;
    expect(second.command).toBe('b');
    const again = redo(second.history)!;
    expect(again.command).toBe('b');
    expect(again.history).toEqual({ past: ['a', 'b'], future: ['c'] });
    const branched = record(again.history, 'd');
    expect(branched).toEqual({ past: ['a', 'b', 'd'], future: [] });
    expect(redo(branched)).toBeNull();
    expect(undo(EMPTY_HISTORY)).toBeNull();
  });

  it('reads the keyboard shortcuts', () => {
    expect(historyShortcut({ key: 'z', ctrlKey: true, metaKey: false, shiftKey: false })).toBe('undo');
    expect(historyShortcut({ key: 'Z', ctrlKey: true, metaKey: false, shiftKey: true })).toBe('redo');
    expect(historyShortcut({ key: 'z', ctrlKey: false, metaKey: true, shiftKey: true })).toBe('redo');
    expect(historyShortcut({ key: 'y', ctrlKey: true, metaKey: false, shiftKey: false })).toBe('redo');
    expect(historyShortcut({ key: 'z', ctrlKey: false, metaKey: false, shiftKey: false })).toBeNull();
  });
});
