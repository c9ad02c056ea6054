// One grid's card: code, village, grid leader and team, households, area, open issues by tier,
// overdue, the trend and the recent issues, each opening its stage and ledger.
import { useState } from 'react';
import { useRecentIssues, useRoster } from '../../api/queries.ts';
import type { GridProperties, Stats, TrendWeek, VillageProperties } from '../../api/types.ts';
import { formatAreaKm2, formatCount, formatShortDateTime } from '../../state/format.ts';
import { categoryName, type MessageKey } from '../../state/i18n.ts';
import { TIER_COLORS, TIER_ORDER } from '../../state/tiers.ts';
import { useI18n } from '../common/i18n-context.tsx';
import { TrendChart } from '../common/TrendChart.tsx';
import { IssueDetail } from './IssueDetail.tsx';
import { RosterFacts } from './RosterFacts.tsx';
import { nameSeparator, summariseRoster } from './roster-summary.ts';
import { useAccess } from '../access/access-context.tsx';

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
  // Names of people only inside the account's scope: not asked for where the server would refuse.
  const mayReadRecords = useAccess().can('records:read', grid?.code ?? null);
  const roster = useRoster(mayReadRecords ? (grid?.code ?? null) : null);
  const [openIssue, setOpenIssue] = useState<number | null>(null);
  if (notFound) return <section className="grid-panel">{t('notFound')}</section>;
  if (!grid) return <section className="grid-panel">{t('loading')}</section>;
  const openByTier = stats?.openByTier ?? grid.openIssues;
  const rows: { id: string; label: MessageKey; value: string; muted?: boolean }[] = [
    { id: 'code', label: 'code', value: grid.code },
    { id: 'village', label: 'village', value: village?.name ?? grid.villageCode },
    { id: 'township', label: 'township', value: townshipName ?? grid.townshipCode },
    leaderRow(),
    { id: 'households', label: 'households', value: formatCount(lang, grid.households) },
    { id: 'area', label: 'area', value: t('areaKm2', { n: formatAreaKm2(lang, grid.areaM2) }) },
  ];
  function leaderRow(): { id: string; label: MessageKey; value: string; muted?: boolean } {
    // The roster is loaded for this grid, or failed: until then the previous grid's leader must not show.
    const data = roster.data?.gridCode === grid?.code ? roster.data : undefined;
    if (!data) return { id: 'leader', label: 'gridLeader', value: roster.isError ? t('notAssigned') : t('loading'), muted: true };
    const leaders = summariseRoster(data).leaders;
    if (leaders.length === 0) return { id: 'leader', label: 'gridLeader', value: t('notAssigned'), muted: true };
    return { id: 'leader', label: 'gridLeader', value: leaders.map((leader) => leader.name).join(nameSeparator(lang)) };
  }
  const rosterData = roster.data?.gridCode === grid.code ? roster.data : undefined;
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
      {rosterData ? <RosterFacts roster={rosterData} /> : null}
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
          const open = openIssue === issue.id;
          return (
            <li key={issue.id} data-testid="recent-issue" className={open ? 'open' : undefined}>
              <button type="button" className="recent-issue-toggle" aria-expanded={open} onClick={() => setOpenIssue(open ? null : issue.id)}>
                <span className="tier-dot" style={{ background: TIER_COLORS[issue.tier] }} />
                <span className="issue-title">{issue.title}</span>
                <span className="issue-meta">
                  {categoryName(lang, issue.category)} · {formatShortDateTime(issue.reportedAt)}
                </span>
                <span className={`issue-tag ${issue.overdue ? 'warn' : issue.status}`}>
                  {t(issue.overdue ? 'overdueTag' : issue.status === 'closed' ? 'closedTag' : 'openTag')}
                </span>
              </button>
              {open ? <IssueDetail issue={issue} /> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
