// The URL as React state: navigation pushes a history entry, so the back button and deep links work.
import { useCallback, useEffect, useState } from 'react';
import { parseLocation, serialiseState, type AppState } from './url-state.ts';

function current(): AppState {
  return parseLocation(window.location.pathname, window.location.search);
}

export type Navigate = (next: AppState, mode?: 'push' | 'replace') => void;

export function useUrlState(): [AppState, Navigate] {
  const [state, setState] = useState<AppState>(current);

  useEffect(() => {
    const onPop = () => setState(current());
    window.addEventListener('popstate', onPop);
    // Normalise the address bar (drops invalid or default parameters) without a new entry.
    const canonical = serialiseState(current());
    if (canonical !== window.location.pathname + window.location.search) window.history.replaceState(null, '', canonical);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const navigate = useCallback<Navigate>((next, mode = 'push') => {
    const url = serialiseState(next);
    if (url !== window.location.pathname + window.location.search) {
      if (mode === 'push') window.history.pushState(null, '', url);
      else window.history.replaceState(null, '', url);
    }
    setState(parseLocation(window.location.pathname, window.location.search));
  }, []);

  return [state, navigate];
}
