// The grid's "1+2+4+2+X" team under its leader: each role with its head count and first names.
import type { GridRoster } from '../../api/types.ts';
import { ROLE_LABELS } from '../../state/i18n-ledger.ts';
import { useI18n } from '../common/i18n-context.tsx';
import { nameSeparator, summariseRoster } from './roster-summary.ts';

export function RosterFacts({ roster }: { roster: GridRoster }) {
  const { lang, t } = useI18n();
  const summary = summariseRoster(roster);
  return (
    <section className="grid-roster" data-testid="grid-roster" data-meets-pattern={String(summary.meetsPattern)}>
      <h3>
        {t('roster')} <span className="roster-pattern">1+2+4+2+X</span>
        {summary.meetsPattern ? null : <span className="issue-tag warn">{t('rosterIncomplete')}</span>}
      </h3>
      <dl className="roster-lines">
        {summary.lines.map((line) => (
          <div key={line.role} data-testid={`roster-${line.role}`} className={line.total === 0 ? 'muted' : undefined}>
            <dt>
              {t(ROLE_LABELS[line.role])} <span className="roster-count">{line.total}</span>
            </dt>
            <dd title={line.hidden > 0 ? undefined : line.names.join(nameSeparator(lang))}>
              {line.total === 0 ? t('noData') : `${line.names.join(nameSeparator(lang))}${line.hidden > 0 ? '…' : ''}`}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
