// The sign-in view: username and password posted to /api/auth/login; on success the page reloads,
// so every request (the map's data, the event stream) starts again with the session cookie.
import { useState, type FormEvent } from 'react';
import { signIn } from '../../api/access.ts';
import { accessTranslator, type AccessMessageKey } from '../../state/i18n-access.ts';
import { translator } from '../../state/i18n.ts';
import type { Lang } from '../../state/url-state.ts';
import './access.css';

export function SignIn({ lang, onLang, notice }: { lang: Lang; onLang: (lang: Lang) => void; notice: 'tokenRefused' | 'sessionEnded' | null }) {
  const t = accessTranslator(lang);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(notice ? t(notice as AccessMessageKey) : null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setMessage(null);
    const result = await signIn({ username: username.trim(), password });
    if (result.ok) {
      window.location.reload();
      return;
    }
    setBusy(false);
    if (result.status === 401) setMessage(t('wrongCredentials'));
    else if (result.status === 429) setMessage(t('tooManyAttempts', { seconds: result.retryAfterSeconds ?? 60 }));
    else if (result.status === 0) setMessage(t('unreachable'));
    else setMessage(t('signInFailed', { status: result.status }));
  };

  return (
    <div className="app sign-in-page" data-theme="dark" data-testid="sign-in">
      <form className="sign-in" onSubmit={(event) => void submit(event)} noValidate>
        <div className="sign-in-head">
          <h1>{translator(lang)('appTitle')}</h1>
          <button type="button" className="link-button" data-testid="sign-in-lang" lang={lang === 'zh' ? 'en' : 'zh-CN'} onClick={() => onLang(lang === 'zh' ? 'en' : 'zh')}>
            {t('language')}
          </button>
        </div>
        <h2>{t('signInTitle')}</h2>
        <p className="muted">{t('signInLead')}</p>
        <label>
          {t('username')}
          <input name="username" autoComplete="username" required value={username} onChange={(event) => setUsername(event.target.value)} data-testid="sign-in-username" />
        </label>
        <label>
          {t('password')}
          <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} data-testid="sign-in-password" />
        </label>
        {message ? (
          <p className="sign-in-message" role="alert" data-testid="sign-in-message">
            {message}
          </p>
        ) : null}
        <button type="submit" className="sign-in-submit" disabled={busy || username.trim() === '' || password === ''} data-testid="sign-in-submit">
          {busy ? t('signingIn') : t('signIn')}
        </button>
      </form>
    </div>
  );
}
