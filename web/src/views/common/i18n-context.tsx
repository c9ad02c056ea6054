import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { translator, type Translate } from '../../state/i18n.ts';
import type { Lang } from '../../state/url-state.ts';

interface I18n {
  lang: Lang;
  t: Translate;
}

const I18nContext = createContext<I18n>({ lang: 'zh', t: translator('zh') });

export function I18nProvider({ lang, children }: { lang: Lang; children: ReactNode }) {
  const value = useMemo(() => ({ lang, t: translator(lang) }), [lang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
