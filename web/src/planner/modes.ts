// The editing modes as a state machine: plain data and one pure transition function. Pointer and
// key events go in; the next mode and at most one effect (what the editor should do) come out.

/** A pointer position: on screen (px, for box and lasso) and on the map ([lon, lat], for lines). */
export interface PointerAt {
  screen: [number, number];
  lngLat: [number, number];
}

export type Tool = 'select' | 'lasso' | 'pick-target' | 'draw-split';

export type EditorMode =
  | { kind: 'idle'; tool: 'select' | 'lasso' }
  /** Shift-drag with the select tool. */
  | { kind: 'box'; start: PointerAt; current: PointerAt }
  | { kind: 'lasso'; points: PointerAt[]; additive: boolean }
  /** The next click names the grid the selection goes to. */
  | { kind: 'pick-target' }
  /** Clicks add points of a cutting line; double-click or Enter finishes, Escape cancels. */
  | { kind: 'draw-split'; points: PointerAt[]; hover: PointerAt | null };

export type EditorEvent =
  | { type: 'tool'; tool: Tool }
  | { type: 'pointer-down'; at: PointerAt; shift: boolean }
  | { type: 'pointer-move'; at: PointerAt }
  | { type: 'pointer-up'; at: PointerAt }
  | { type: 'click'; at: PointerAt; shift: boolean }
  | { type: 'double-click'; at: PointerAt }
  | { type: 'key'; key: string };

export type EditorEffect =
  | { kind: 'select-at'; at: PointerAt; additive: boolean }
  | { kind: 'select-box'; from: PointerAt; to: PointerAt; additive: boolean }
  | { kind: 'select-lasso'; ring: PointerAt[]; additive: boolean }
  | { kind: 'clear-selection' }
  | { kind: 'assign-at'; at: PointerAt }
  | { kind: 'split-line'; line: [number, number][] };

export interface Transition {
  mode: EditorMode;
  effect: EditorEffect | null;
}

export const INITIAL_MODE: EditorMode = { kind: 'idle', tool: 'select' };

/** A drag shorter than this (px) is a click. */
export const DRAG_THRESHOLD_PX = 4;
/** Lasso points closer than this (px) to the previous one are dropped. */
const LASSO_STEP_PX = 3;

const distancePx = (a: PointerAt, b: PointerAt) => Math.hypot(a.screen[0] - b.screen[0], a.screen[1] - b.screen[1]);

/** True while the mode owns the pointer: the map must not pan. */
export function capturesPointer(mode: EditorMode): boolean {
  return mode.kind === 'box' || mode.kind === 'lasso' || (mode.kind === 'idle' && mode.tool === 'lasso');
}

/** Which tool a mode belongs to (for the toolbar). */
export function toolOf(mode: EditorMode): Tool {
  switch (mode.kind) {
    case 'idle':
      return mode.tool;
    case 'box':
      return 'select';
    case 'lasso':
      return 'lasso';
    default:
      return mode.kind;
  }
}

/** The cutting line's points, with consecutive near-duplicates (a double-click's two clicks) removed. */
export function linePoints(points: readonly PointerAt[]): [number, number][] {
  const result: PointerAt[] = [];
  for (const point of points) {
    const last = result[result.length - 1];
    if (!last || distancePx(last, point) > 1) result.push(point);
  }
  return result.map((point) => point.lngLat);
}

const stay = (mode: EditorMode): Transition => ({ mode, effect: null });

function finishLine(points: readonly PointerAt[]): Transition {
  const line = linePoints(points);
  return { mode: INITIAL_MODE, effect: line.length >= 2 ? { kind: 'split-line', line } : null };
}

export function transition(mode: EditorMode, event: EditorEvent): Transition {
  if (event.type === 'tool') {
    if (event.tool === 'select' || event.tool === 'lasso') return stay({ kind: 'idle', tool: event.tool });
    if (event.tool === 'pick-target') return stay({ kind: 'pick-target' });
    return stay({ kind: 'draw-split', points: [], hover: null });
  }
  if (event.type === 'key' && event.key === 'Escape') {
    if (mode.kind === 'idle') return { mode, effect: { kind: 'clear-selection' } };
    return stay(mode.kind === 'lasso' ? { kind: 'idle', tool: 'lasso' } : INITIAL_MODE);
  }
  switch (mode.kind) {
    case 'idle':
      if (event.type === 'pointer-down' && mode.tool === 'select' && event.shift) return stay({ kind: 'box', start: event.at, current: event.at });
      if (event.type === 'pointer-down' && mode.tool === 'lasso') return stay({ kind: 'lasso', points: [event.at], additive: event.shift });
      if (event.type === 'click') return { mode, effect: { kind: 'select-at', at: event.at, additive: event.shift } };
      return stay(mode);
    case 'box':
      if (event.type === 'pointer-move') return stay({ ...mode, current: event.at });
      if (event.type === 'pointer-up') {
        // A short drag is a shift-click: the click that follows selects.
        if (distancePx(mode.start, event.at) < DRAG_THRESHOLD_PX) return stay(INITIAL_MODE);
        return { mode: INITIAL_MODE, effect: { kind: 'select-box', from: mode.start, to: event.at, additive: true } };
      }
      return stay(mode);
    case 'lasso': {
      if (event.type === 'pointer-move') {
        const last = mode.points[mode.points.length - 1];
        return distancePx(last, event.at) < LASSO_STEP_PX ? stay(mode) : stay({ ...mode, points: [...mode.points, event.at] });
      }
      if (event.type === 'pointer-up') {
        const idle: EditorMode = { kind: 'idle', tool: 'lasso' };
        const points = [...mode.points, event.at];
        const extent = Math.max(...points.map((point) => distancePx(points[0], point)));
        if (points.length < 3 || extent < DRAG_THRESHOLD_PX) return stay(idle);
        return { mode: idle, effect: { kind: 'select-lasso', ring: points, additive: mode.additive } };
      }
      return stay(mode);
    }
    case 'pick-target':
      if (event.type === 'click') return { mode: INITIAL_MODE, effect: { kind: 'assign-at', at: event.at } };
      return stay(mode);
    case 'draw-split':
      if (event.type === 'click') return stay({ ...mode, points: [...mode.points, event.at] });
      if (event.type === 'pointer-move') return stay({ ...mode, hover: event.at });
      if (event.type === 'double-click') return finishLine([...mode.points, event.at]);
      if (event.type === 'key' && event.key === 'Enter') return finishLine(mode.points);
      if (event.type === 'key' && event.key === 'Backspace') return stay({ ...mode, points: mode.points.slice(0, -1) });
      return stay(mode);
  }
}
