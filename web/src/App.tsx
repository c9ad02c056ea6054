// Routes by path: `/wall` is the video wall, everything else the dashboard.
import { useEffect } from 'react';
import { useUrlState } from './state/use-url-state.ts';
import { I18nProvider } from './views/common/i18n-context.tsx';
import { Dashboard } from './views/dashboard/Dashboard.tsx';
import { Wall } from './views/wall/Wall.tsx';
import { translator } from './state/i18n.ts';

export function App() {
  const [state, navigate] = useUrlState();
  const lang = state.lang;
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = translator(lang)(state.view === 'wall' ? 'wallTitle' : 'appTitle');
  }, [lang, state.view]);
  return (
    <I18nProvider lang={lang}>
      {state.view === 'wall' ? <Wall state={state} /> : <Dashboard state={state} navigate={navigate} />}
    </I18nProvider>
  );
}
