// Theme and language switches and the way to the wall display.
import type { Lang, Theme } from '../../state/url-state.ts';
import { useI18n } from '../common/i18n-context.tsx';

export function Toolbar({ theme, lang, onTheme, onLang }: { theme: Theme; lang: Lang; onTheme: (theme: Theme) => void; onLang: (lang: Lang) => void }) {
  const { t } = useI18n();
  return (
    <div className="toolbar">
      <div className="segmented" role="group">
        {(['dark', 'light'] as const).map((option) => (
          <button key={option} type="button" aria-pressed={theme === option} data-testid={`theme-${option}`} onClick={() => onTheme(option)}>
            {t(option === 'dark' ? 'themeDark' : 'themeLight')}
          </button>
        ))}
      </div>
      <button type="button" className="link-button" data-testid="lang-switch" lang={lang === 'zh' ? 'en' : 'zh-CN'} onClick={() => onLang(lang === 'zh' ? 'en' : 'zh')}>
        {t('language')}
      </button>
      <a className="link-button" href={lang === 'zh' ? '/wall' : '/wall?lang=en'} data-testid="wall-link">
        {t('wall')}
      </a>
    </div>
  );
}
