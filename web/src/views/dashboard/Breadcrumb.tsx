// (合成省 ›) 南昌县 › 莲塘镇 › 360121100024004: each crumb goes back up to its level; the province
// leads only in a database of several counties.
import { useI18n } from '../common/i18n-context.tsx';

export interface Crumb {
  level: 'province' | 'county' | 'township' | 'grid';
  label: string;
  onSelect?: () => void;
}

export function Breadcrumb({ crumbs }: { crumbs: readonly Crumb[] }) {
  const { t } = useI18n();
  return (
    <nav className="breadcrumb" aria-label={t('back')} data-testid="breadcrumb">
      {crumbs.map((crumb, index) => {
        const last = index === crumbs.length - 1;
        return (
          <span key={crumb.level} className="crumb-wrap">
            {index > 0 ? <span className="crumb-sep" aria-hidden="true">›</span> : null}
            {last || !crumb.onSelect ? (
              <span className="crumb current" data-testid={`crumb-${crumb.level}`} aria-current="page">
                {crumb.label}
              </span>
            ) : (
              <button type="button" className="crumb" data-testid={`crumb-${crumb.level}`} onClick={crumb.onSelect}>
                {crumb.label}
              </button>
            )}
          </span>
        );
      })}
    </nav>
  );
}
