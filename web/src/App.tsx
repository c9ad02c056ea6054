// Routes by path: `/wall` is the video wall, `/plan/:township` the grid planner, everything else the dashboard.
import { lazy, Suspense, useEffect } from 'react';
import { useUrlState } from './state/use-url-state.ts';
import { I18nProvider } from './views/common/i18n-context.tsx';
import { Dashboard } from './views/dashboard/Dashboard.tsx';
import { Wall } from './views/wall/Wall.tsx';
import { translator } from './state/i18n.ts';
import { AccessGate } from './views/access/AccessGate.tsx';

// The planner is loaded on demand: the dashboard and the wall never pay for it.
const Planner = lazy(() => import('./views/planner/Planner.tsx').then((module) => ({ default: module.Planner })));

export function App() {
  const [state, navigate] = useUrlState();
  const lang = state.lang;
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = translator(lang)(state.view === 'wall' ? 'wallTitle' : 'appTitle');
  }, [lang, state.view]);
  return (
    <I18nProvider lang={lang}>
      {/* With access control on: sign-in until there is a session (server/access). */}
      <AccessGate lang={lang} onLang={(next) => navigate({ ...state, lang: next }, 'replace')}>
        {state.view === 'wall' ? (
          <Wall state={state} />
        ) : state.view === 'planner' ? (
          <Suspense fallback={null}>
            <Planner state={state} navigate={navigate} />
          </Suspense>
        ) : (
          <Dashboard state={state} navigate={navigate} />
        )}
      </AccessGate>
    </I18nProvider>
  );
}
