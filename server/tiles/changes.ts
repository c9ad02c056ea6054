// What changed since a partition was built. Every change takes the next value of one counter, so a
// stamp never repeats: a partition records the stamps of the scopes it was built from and is current
// while they are unchanged. Writes announced on the event bus move only the scopes they name (a
// problem its township and county, a plan its township and county); a data version that moved
// without such an announcement (another process, a write outside the bus) moves everything.
import type { DomainEvent, EventBus } from '../events/bus.ts';
import type { GridStore, IssueView } from '../store/store.ts';

/** `shapes`: outlines and their static properties; `issues`: problems and the counts drawn from them. */
export type ChangeKind = 'shapes' | 'issues';

export function countyOf(code: string): string {
  return code.slice(0, 6);
}

export interface IssueChange {
  issue: IssueView;
  /** The county's issue stamp before and after this change. */
  before: number;
  after: number;
}

export interface ChangeTracker {
  /** Stamp of a township (9 digits) or county (6 digits) for one kind of change. */
  stamp(kind: ChangeKind, scope: string): number;
  /** Moved by every change, partial or whole. */
  anyChange(): number;
  /** Stamp of things only a change of everything moves (the township list, basemap lines). */
  epoch(): number;
  /** Reconciles with the store's data version; call before reading stamps for a request. */
  sync(): void;
  /** Called synchronously for each announced problem change, after the stamps moved. */
  onIssue(listener: (change: IssueChange) => void): void;
  close(): void;
}

export function createChangeTracker(store: GridStore, bus: EventBus | undefined): ChangeTracker {
  let counter = 0;
  let epoch = ++counter;
  let latest = epoch;
  const stamps: Record<ChangeKind, Map<string, number>> = { shapes: new Map(), issues: new Map() };
  let accounted = store.dataVersion();
  /** An announced write is waiting for its `version` event. */
  let announced = false;
  const issueListeners: Array<(change: IssueChange) => void> = [];

  const stampOf = (kind: ChangeKind, scope: string) => Math.max(epoch, stamps[kind].get(scope) ?? 0);
  const bump = (kind: ChangeKind, scope: string) => {
    latest = ++counter;
    stamps[kind].set(scope, latest);
  };
  const everything = (version: number) => {
    epoch = latest = ++counter;
    stamps.shapes.clear();
    stamps.issues.clear();
    accounted = version;
    announced = false;
  };
  const settle = (version: number) => {
    if (version === accounted) return;
    if (announced && version === accounted + 1) accounted = version;
    else everything(version);
    announced = false;
  };

  const listen = (event: DomainEvent) => {
    if (event.type === 'issue') {
      const { townshipCode } = event.issue;
      const before = stampOf('issues', countyOf(townshipCode));
      bump('issues', townshipCode);
      bump('issues', countyOf(townshipCode));
      announced = true;
      const change = { issue: event.issue, before, after: stampOf('issues', countyOf(townshipCode)) };
      for (const listener of issueListeners) listener(change);
    } else if (event.type === 'plan') {
      // Borders moved: grid, village and township outlines, and the grids problems count towards.
      for (const kind of ['shapes', 'issues'] as const) {
        bump(kind, event.townshipCode);
        bump(kind, countyOf(event.townshipCode));
      }
      announced = true;
    } else {
      settle(event.dataVersion);
    }
  };
  // Subscribed on first use, so an app whose tiles nobody asks for has no listener on the bus.
  let unsubscribe: (() => void) | null = null;

  return {
    stamp: stampOf,
    anyChange: () => latest,
    epoch: () => epoch,
    sync() {
      if (bus && !unsubscribe) {
        unsubscribe = bus.subscribe(listen);
        everything(store.dataVersion());
      }
      const version = store.dataVersion();
      // An announced write whose `version` event is still on its way is not a reason to drop everything.
      if (version !== accounted && !(announced && version === accounted + 1)) everything(version);
    },
    onIssue(listener) {
      issueListeners.push(listener);
    },
    close() {
      unsubscribe?.();
      unsubscribe = null;
    },
  };
}
