// The session as React state: the gate below App, and `useAccess` for views that show or hide
// controls by permission.
import { createContext, useContext, useSyncExternalStore } from 'react';
import { can, sessionState, subscribeSession, type SessionState } from '../../api/access.ts';
import type { Permission } from '../../../../server/access/roles.ts';

export function useSessionState(): SessionState {
  return useSyncExternalStore(subscribeSession, sessionState, sessionState);
}

export interface Access {
  session: SessionState;
  /** Whether to show a control; the server still decides the request. `code` null: the county. */
  can(permission: Permission, code?: string | null): boolean;
}

const open: SessionState = { phase: 'open' };
export const AccessContext = createContext<Access>({ session: open, can: (permission, code) => can(open, permission, code ?? null) });

export function useAccess(): Access {
  return useContext(AccessContext);
}
