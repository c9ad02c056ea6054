// One grid's card: code, village, staff, households, area, open issues by tier, overdue, recent
// issues and the trend.
import { useRecentIssues } from '../../api/queries.ts';
import type { GridProperties, Stats, TrendWeek, VillageProperties } from '../../api/types.ts';
import { formatAreaKm2, formatCount, formatShortDateTime } from '../../state/format.ts';
import { categoryName, type MessageKey } from '../../state/i18n.ts';
import { TIER_COLORS, TIER_ORDER } from '../../state/tiers.ts';
import { useI18n } from '../common/i18n-context.tsx';
import { TrendChart } from '../common/TrendChart.tsx';

const TIER_SHORT: Record<string, MessageKey> = { red: 'tierRedShort', orange: 'tierOrangeShort', yellow: 'tierYellowShort' };

export interface GridPanelProps {
  grid: GridProperties | undefined;
  village: VillageProperties | undefined;
  townshipName: string | undefined;
  stats: Stats | undefined;
  trend: readonly TrendWeek[] | undefined;
  notFound: boolean;
}

export function GridPanel({ grid, village, townshipName, stats, trend, notFound }: GridPanelProps) {
  const { lang, t } = useI18n();
  const recent = useRecentIssues(grid?.code ?? null);
  if (notFound) return <section className="grid-panel">{t('notFound')}</section>;
  if (!grid) return <section className="grid-panel">{t('loading')}</section>;
  const openByTier = stats?.openByTier ?? grid.openIssues;
  const rows: { id: string; label: MessageKey; value: string; muted?: boolean }[] = [
    { id: 'code', label: 'code', value: grid.code },
    { id: 'village', label: 'village', value: village?.name ?? grid.villageCode },
    { id: 'township', label: 'township', value: townshipName ?? grid.townshipCode },
    { id: 'leader', label: 'gridLeader', value: t('notAssigned'), muted: true },
    { id: 'staff', label: 'gridStaff', value: t('notAssigned'), muted: true },
    { id: 'households', label: 'households', value: formatCount(lang, grid.households) },
    { id: 'area', label: 'area', value: t('areaKm2', { n: formatAreaKm2(lang, grid.areaM2) }) },
  ];
  return (
    <section className="grid-panel" data-testid="grid-panel" data-code={grid.code}>
      <h2 className="grid-name">{grid.name}</h2>
      <dl className="grid-facts">
        {rows.map((row) => (
          <div key={row.id} className={row.muted ? 'muted' : undefined}>
            <dt>{t(row.label)}</dt>
            <dd data-testid={`grid-${row.id}`}>{row.value}</dd>
          </div>
        ))}
      </dl>
      <h3>{t('openByTier')}</h3>
      <div className="grid-tiers">
        {TIER_ORDER.map((tier) => (
          <div key={tier} className="grid-tier" style={{ borderColor: TIER_COLORS[tier] }}>
            <span className="tier-dot" style={{ background: TIER_COLORS[tier] }} />
            <span>{t(TIER_SHORT[tier])}</span>
            <strong data-testid={`grid-open-${tier}`}>{formatCount(lang, openByTier[tier])}</strong>
          </div>
        ))}
        <div className="grid-tier overdue">
          <span>{t('overdue')}</span>
          <strong data-testid="grid-overdue">{stats ? formatCount(lang, stats.overdue) : '—'}</strong>
        </div>
      </div>
      <h3>{t('trend')}</h3>
      <TrendChart weeks={trend} height={100} />
      <h3>{t('recentIssues')}</h3>
      <ul className="recent-issues" data-testid="recent-issues">
        {recent.data && recent.data.features.length === 0 ? <li className="muted">{t('noIssues')}</li> : null}
        {recent.data?.features.map((feature) => {
          const issue = feature.properties;
          return (
            <li key={issue.id} data-testid="recent-issue">
              <span className="tier-dot" style={{ background: TIER_COLORS[issue.tier] }} />
              <span className="issue-title">{issue.title}</span>
              <span className="issue-meta">
                {categoryName(lang, issue.category)} · {formatShortDateTime(issue.reportedAt)}
              </span>
              <span className={`issue-tag ${issue.overdue ? 'warn' : issue.status}`}>
                {t(issue.overdue ? 'overdueTag' : issue.status === 'closed' ? 'closedTag' : 'openTag')}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
