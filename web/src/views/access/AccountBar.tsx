// The signed-in account in a header: name, role and a sign-out button (nothing without access control).
import { useState } from 'react';
import { signOut } from '../../api/access.ts';
import { accessTranslator, roleName } from '../../state/i18n-access.ts';
import type { Lang } from '../../state/url-state.ts';
import { useAccess } from './access-context.tsx';
import './access.css';

export function AccountBar({ lang }: { lang: Lang }) {
  const { session } = useAccess();
  const [busy, setBusy] = useState(false);
  if (session.phase !== 'signed-in') return null;
  const t = accessTranslator(lang);
  const { user } = session.session;
  return (
    <div className="account-bar" data-testid="account" data-role={user.role}>
      <span className="account-name" title={`${t('signedInAs')} ${user.username}`} data-testid="account-name">
        {user.displayName}
      </span>
      <span className="account-role muted" data-testid="account-role">
        {roleName(lang, user.role)}
      </span>
      <button
        type="button"
        className="link-button"
        data-testid="sign-out"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          // Reload after signing out: no data of the account stays in this page's caches.
          void signOut().then(() => window.location.reload());
        }}
      >
        {t('signOut')}
      </button>
    </div>
  );
}
