// The video-wall display: dark, untouched, touring the townships (the counties of a province), live.
import { useMemo } from 'react';
import { useFieldworkStats, useProvince, useStats, useTownships, useTrend } from '../../api/queries.ts';
import { useDatabase } from '../common/use-database.ts';
import { useLiveEvents } from '../../api/live.ts';
import { oldestUpdate } from '../../state/data-age.ts';
import { formatCount, formatShortDateTime } from '../../state/format.ts';
import { categoryName } from '../../state/i18n.ts';
import { sortRanking } from '../../state/ranking.ts';
import { TIER_COLORS, TIER_ORDER } from '../../state/tiers.ts';
import type { WallState } from '../../state/url-state.ts';
import { DataAge } from '../common/DataAge.tsx';
import { useI18n } from '../common/i18n-context.tsx';
import { KpiCards } from '../common/KpiCards.tsx';
import { Legend } from '../common/Legend.tsx';
import { MapView } from '../common/MapView.tsx';
import { RankingList } from '../common/RankingList.tsx';
import { TrendChart } from '../common/TrendChart.tsx';
import { useMapData } from '../common/use-map-data.ts';
import { Clock } from './Clock.tsx';
import { useNow } from './use-now.ts';
import { useTour } from './use-tour.ts';

const REFRESH_MS = 20_000;
const STALE_AFTER_MS = 60_000;
const ALL_TIERS = [...TIER_ORDER];

/** Labels grow with the wall's resolution: 1.4× at 1920 px wide, 2.8× at 3840. */
function wallLabelScale(): number {
  return 1.4 * Math.min(2.5, Math.max(1, window.innerWidth / 1920));
}

export function Wall({ state }: { state: WallState }) {
  const { lang, t } = useI18n();
  const now = useNow(1000);
  const database = useDatabase();
  // A province tours its counties from the province overview; a county its townships.
  const province = database.province;
  const top = useStats({ level: province ? 'province' : 'county' }, REFRESH_MS);
  const rows = top.data?.children;
  const ranked = useMemo(() => (rows ? sortRanking(rows, 'open').map((row) => row.code) : []), [rows]);
  const townships = useTownships();
  const allCodes = useMemo(
    () => (province ? (database.shape?.countyCodes ?? []) : (townships.data?.features.map((feature) => feature.properties.code) ?? [])),
    [province, database.shape, townships.data],
  );
  const tour = useTour(now, allCodes, state.order, ranked, state.interval);
  const stop = tour.stop;
  const stopLevel = stop === null ? (province ? 'province' : 'county') : province ? 'county' : 'township';
  const map = useMapData({
    county: province ? stop : null,
    province,
    choice: database.choice,
    township: province ? null : stop,
    tiers: ALL_TIERS,
    status: 'open',
    fromInstant: null,
    category: null,
    metric: 'per1000',
    pointsRefetchMs: 30_000,
  });
  const stopStats = useStats({ level: stopLevel, code: stop }, REFRESH_MS);
  // Contact-day figures are kept per county database: a province shows none.
  const stopFieldwork = useFieldworkStats({ level: stopLevel === 'province' ? 'county' : stopLevel, code: stop }, REFRESH_MS, !province);
  const trend = useTrend(stopLevel, stop, null, 60_000);
  const live = useLiveEvents();
  const provinceSummary = useProvince(province);
  const nameOf = (code: string) =>
    (province ? map.counties?.features.find((feature) => feature.properties.code === code)?.properties.name : map.townships?.features.find((feature) => feature.properties.code === code)?.properties.name) ?? code;
  const topName = province ? (provinceSummary.data?.name ?? t('province')) : (top.data?.name ?? t('county'));
  const stopName = stop ? nameOf(stop) : topName;
  const asOf = oldestUpdate([top.dataUpdatedAt, stopStats.dataUpdatedAt, stopFieldwork.dataUpdatedAt, map.pointsUpdatedAt]);
  const recent = live.newIssues.slice(-6).reverse();
  const flashes = useMemo(
    () => live.newIssues.map((issue) => ({ id: issue.properties.id, lon: issue.geometry.coordinates[0], lat: issue.geometry.coordinates[1], tier: issue.properties.tier })),
    [live.newIssues],
  );
  const nextIndex = (tour.index + 1) % Math.max(1, tour.stops.length);
  const nextStop = tour.stops[nextIndex];
  const nextName = nextStop ? nameOf(nextStop) : t(province ? 'tourProvince' : 'tourCounty');

  return (
    <div className="app wall" data-theme="dark" data-testid="wall" data-stop={stop ?? (province ? 'province' : 'county')}>
      <header className="wall-head">
        <div className="wall-title">
          <h1>{t('wallTitle')}</h1>
          <div className="wall-stop" data-testid="tour-stop">
            {stopName}
          </div>
        </div>
        <div className="wall-status">
          <DataAge asOfMs={asOf} connection={live.connection} staleAfterMs={STALE_AFTER_MS} />
          <div className="tour-next" data-testid="tour-next">
            {t('tourNext')}: {nextName} · {Math.ceil(tour.msToNext / 1000)}s
          </div>
        </div>
        <Clock now={now} />
      </header>
      <main className="wall-body">
        <aside className="wall-left">
          <KpiCards stats={stopStats.data} fieldwork={stopFieldwork.data} variant="wall" />
          <section className="wall-tiers">
            <h3>{t('openByTier')}</h3>
            <div className="wall-tier-row">
              {TIER_ORDER.map((tier) => (
                <div key={tier} className="wall-tier" style={{ borderColor: TIER_COLORS[tier] }}>
                  <span className="tier-dot" style={{ background: TIER_COLORS[tier] }} />
                  <strong data-testid={`wall-open-${tier}`}>{stopStats.data ? formatCount(lang, stopStats.data.openByTier[tier]) : '—'}</strong>
                </div>
              ))}
            </div>
          </section>
          <section className="wall-trend">
            <h3>{t('trend')}</h3>
            <TrendChart weeks={trend.data?.weeks} height={110} />
          </section>
          <section className="wall-news">
            <h3>{t('newIssue')}</h3>
            <ul data-testid="wall-new-issues">
              {recent.length === 0 ? <li className="muted">{t('noIssues')}</li> : null}
              {recent.map((issue) => (
                <li key={issue.properties.id} className="news-item">
                  <span className="tier-dot" style={{ background: TIER_COLORS[issue.properties.tier] }} />
                  <span className="issue-title">{issue.properties.title}</span>
                  <span className="issue-meta">
                    {categoryName(lang, issue.properties.category)} · {formatShortDateTime(issue.properties.reportedAt).slice(6)}
                  </span>
                </li>
              ))}
            </ul>
          </section>
        </aside>
        <div className="wall-map">
          <MapView
            page="wall"
            theme="dark"
            interactive={false}
            focus={province ? { county: stop, township: null, grid: null } : { township: stop, grid: null }}
            province={province}
            counties={map.counties}
            choice={database.choice}
            townships={map.townships}
            grids={map.grids}
            villages={map.villages}
            streets={map.streets}
            minorStreets={map.minorStreets}
            minorStreetsSettled={map.minorStreetsSettled}
            onNeedMinorStreets={map.requestMinorStreets}
            water={map.water}
            points={map.points}
            choropleth={map.shading?.classes}
            flashes={flashes}
            attribution={map.attribution}
            dataReady={map.dataReady}
            padding={{ top: 30, bottom: 60, left: 30, right: 30 }}
            labelScale={wallLabelScale()}
            flyDurationMs={1500}
          />
          <Legend theme="dark" tiers={ALL_TIERS} counts={database.choice?.problems === 'tiles' ? (stopStats.data?.openByTier ?? null) : map.tierCounts} shading={map.shading} withoutShading={map.shading === null && database.choice?.grids === 'tiles'} metric="per1000" />
        </div>
        <aside className="wall-right">
          <h3>{t(province ? 'rankingCounties' : 'rankingTownships')}</h3>
          {rows ? <RankingList rows={rows} sortKey="open" active={stop} /> : <div className="muted">{t('loading')}</div>}
        </aside>
      </main>
    </div>
  );
}
