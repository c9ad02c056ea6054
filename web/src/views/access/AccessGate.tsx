// Between the app and its views: nothing until the session is known, the sign-in view while
// signed out (also after any 401), the views with the account's permissions otherwise.
import { useEffect, useMemo, type ReactNode } from 'react';
import { can, ensureSession } from '../../api/access.ts';
import type { Lang } from '../../state/url-state.ts';
import { AccessContext, useSessionState, type Access } from './access-context.tsx';
import { SignIn } from './SignIn.tsx';

/** While the server cannot be reached at start, ask again this often. */
const RETRY_MS = 5_000;

export function AccessGate({ lang, onLang, children }: { lang: Lang; onLang: (lang: Lang) => void; children: ReactNode }) {
  const session = useSessionState();
  useEffect(() => {
    if (session.phase !== 'checking') return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cancelled = false;
    const attempt = () =>
      void ensureSession().then((known) => {
        if (!cancelled && known.phase === 'checking') timer = setTimeout(attempt, RETRY_MS);
      });
    attempt();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [session]);
  const access = useMemo<Access>(() => ({ session, can: (permission, code) => can(session, permission, code ?? null) }), [session]);
  if (session.phase === 'checking') return null;
  if (session.phase === 'signed-out') return <SignIn lang={lang} onLang={onLang} notice={session.notice} />;
  return <AccessContext.Provider value={access}>{children}</AccessContext.Provider>;
}
