// A read-only window onto the planner for end-to-end tests: `window.__planner`.
export interface PlannerHook {
  /** True once the map has its blocks and is idle. */
  ready: boolean;
  /** The plan version the editor works on. */
  baseVersion: number;
  /** Bumped on every edit. */
  revision: number;
  selection: string[];
  /** Screen position (relative to the map element) of a map coordinate. */
  project: (lon: number, lat: number) => [number, number];
}

declare global {
  interface Window {
    __planner?: PlannerHook;
  }
}

export function publishPlanner(hook: Partial<PlannerHook>): void {
  if (typeof window === 'undefined') return;
  const current = window.__planner ?? { ready: false, baseVersion: 0, revision: 0, selection: [], project: () => [0, 0] as [number, number] };
  window.__planner = { ...current, ...hook };
}
