// Multi-step undo and redo over any command type: plain data, pure functions. The caller applies
// a command forwards (do, redo) or backwards (undo); a new command clears what could be redone.

export interface History<Command> {
  past: readonly Command[];
  future: readonly Command[];
}

export const EMPTY_HISTORY: History<never> = { past: [], future: [] };

/** At most this many steps are kept; the oldest fall off. */
export const HISTORY_LIMIT = 500;

export function record<Command>(history: History<Command>, command: Command): History<Command> {
  const past = [...history.past, command];
  return { past: past.length > HISTORY_LIMIT ? past.slice(past.length - HISTORY_LIMIT) : past, future: [] };
}

/** The command to revert and the history after it; null when there is nothing to undo. */
export function undo<Command>(history: History<Command>): { command: Command; history: History<Command> } | null {
  if (history.past.length === 0) return null;
  const command = history.past[history.past.length - 1];
  return { command, history: { past: history.past.slice(0, -1), future: [command, ...history.future] } };
}

/** The command to apply again and the history after it; null when there is nothing to redo. */
export function redo<Command>(history: History<Command>): { command: Command; history: History<Command> } | null {
  if (history.future.length === 0) return null;
  const command = history.future[0];
  return { command, history: { past: [...history.past, command], future: history.future.slice(1) } };
}

/** The undo/redo shortcut a key event asks for: Ctrl/⌘+Z undo, Ctrl/⌘+Shift+Z or Ctrl+Y redo. */
export function historyShortcut(event: { key: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }): 'undo' | 'redo' | null {
  if (!(event.ctrlKey || event.metaKey)) return null;
  const key = event.key.toLowerCase();
  if (key === 'z') return event.shiftKey ? 'redo' : 'undo';
  if (key === 'y' && !event.shiftKey) return 'redo';
  return null;
}
