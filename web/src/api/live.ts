// Live updates over server-sent events (/api/events): new issues, new grid-plan versions and data
// versions. The browser's EventSource reconnects by itself after a dropped stream; when it gives up
// (the server answered with an error) this hook opens a new one after a growing delay.
import { useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { reconnectDelayMs, type Connection } from '../state/data-age.ts';
import { LIVE_KEYS } from './queries.ts';
import type { IssueFeature } from './types.ts';

export interface LiveState {
  connection: Connection;
  /** Issues announced since the page opened, newest last (bounded). */
  newIssues: IssueFeature[];
  /** The newest plan version announced per township code since the page opened. */
  planVersions: Readonly<Record<string, number>>;
}

/** A township's grid plan saved or rolled back (the `plan` event). */
export interface PlanAnnouncement {
  townshipCode: string;
  version: number;
  dataVersion: number;
}

/**
 * What a new plan version makes stale: the shapes (fetched once and kept otherwise), the blocks
 * and the planner's version lists and diffs. An open editor's own working plan (['plan', code]) is
 * left alone: the planner tells its user instead of dropping their edits.
 */
export const PLAN_KEYS = [['grids'], ['villages'], ['townships'], ['blocks'], ['plan-versions'], ['plan-diff']] as const;

const KEEP_NEW_ISSUES = 50;
/** Refetches are throttled: the first write refreshes at once, a burst after it once more at the end. */
const REFRESH_MIN_GAP_MS = 1000;

export function useLiveEvents(enabled = true): LiveState {
  const queryClient = useQueryClient();
  const [connection, setConnection] = useState<Connection>('connecting');
  const [newIssues, setNewIssues] = useState<IssueFeature[]>([]);
  const [planVersions, setPlanVersions] = useState<Readonly<Record<string, number>>>({});
  const lastVersion = useRef<number | null>(null);

  useEffect(() => {
    if (!enabled) return;
    let source: EventSource | null = null;
    let retryTimer: number | undefined;
    let refreshTimer: number | undefined;
    let lastRefresh = 0;
    let attempts = 0;
    let closed = false;
    let connectedBefore = false;
    let reconnected = false;

    const invalidate = () => {
      refreshTimer = undefined;
      lastRefresh = Date.now();
      for (const key of LIVE_KEYS) void queryClient.invalidateQueries({ queryKey: key });
    };
    const refresh = () => {
      if (refreshTimer !== undefined) return;
      const wait = lastRefresh + REFRESH_MIN_GAP_MS - Date.now();
      if (wait <= 0) invalidate();
      else refreshTimer = window.setTimeout(invalidate, wait);
    };

    const refreshShapes = () => {
      for (const key of PLAN_KEYS) void queryClient.invalidateQueries({ queryKey: key });
    };

    const open = () => {
      if (closed) return;
      setConnection('connecting');
      source = new EventSource('/api/events');
      source.onopen = () => {
        attempts = 0;
        reconnected = connectedBefore;
        connectedBefore = true;
        setConnection('open');
      };
      source.addEventListener('version', (event) => {
        const version = parseVersion((event as MessageEvent<string>).data);
        if (version === null) return;
        // After a reconnection refresh whatever the number: writes may have happened meanwhile,
        // and a restarted server counts versions afresh.
        if (lastVersion.current !== null && (lastVersion.current !== version || reconnected)) refresh();
        // A plan saved while the stream was down announced itself to nobody here.
        if (reconnected && lastVersion.current !== null) refreshShapes();
        reconnected = false;
        lastVersion.current = version;
      });
      source.addEventListener('plan', (event) => {
        const announcement = parsePlan((event as MessageEvent<string>).data);
        if (!announcement) return;
        // Borders moved: the map redraws them from the refetched shapes without a reload.
        refreshShapes();
        setPlanVersions((current) =>
          (current[announcement.townshipCode] ?? 0) >= announcement.version ? current : { ...current, [announcement.townshipCode]: announcement.version },
        );
      });
      source.addEventListener('issue', (event) => {
        const issue = parseIssue((event as MessageEvent<string>).data);
        if (issue) setNewIssues((list) => [...list, issue].slice(-KEEP_NEW_ISSUES));
      });
      source.onerror = () => {
        if (!source) return;
        if (source.readyState === EventSource.CLOSED) {
          source.close();
          setConnection('closed');
          retryTimer = window.setTimeout(open, reconnectDelayMs(attempts++));
        } else {
          setConnection('connecting');
        }
      };
    };

    open();
    return () => {
      closed = true;
      source?.close();
      window.clearTimeout(retryTimer);
      window.clearTimeout(refreshTimer);
    };
  }, [enabled, queryClient]);

  return { connection, newIssues, planVersions };
}

export function parsePlan(text: string): PlanAnnouncement | null {
  try {
    const value = JSON.parse(text) as Partial<PlanAnnouncement>;
    return typeof value.townshipCode === 'string' && typeof value.version === 'number' && typeof value.dataVersion === 'number'
      ? { townshipCode: value.townshipCode, version: value.version, dataVersion: value.dataVersion }
      : null;
  } catch {
    return null;
  }
}

function parseVersion(text: string): number | null {
  try {
    const value = (JSON.parse(text) as { dataVersion?: unknown }).dataVersion;
    return typeof value === 'number' ? value : null;
  } catch {
    return null;
  }
}

function parseIssue(text: string): IssueFeature | null {
  try {
    const feature = JSON.parse(text) as IssueFeature;
    return feature?.type === 'Feature' && feature.geometry?.type === 'Point' ? feature : null;
  } catch {
    return null;
  }
}
