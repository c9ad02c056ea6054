// The leaders' dashboard: county → township → grid drill-down with figures, ranking and map.
import { useMemo, useState } from 'react';
import { ledgerExportUrl } from '../../api/client.ts';
import { useFieldworkStats, useProvince, useStats, useTrend } from '../../api/queries.ts';
import { useLiveEvents } from '../../api/live.ts';
import { oldestUpdate } from '../../state/data-age.ts';
import { categoriesOf } from '../../state/issue-filter.ts';
import type { RankingKey } from '../../state/ranking.ts';
import { windowRange } from '../../state/time-window.ts';
import type { Tier } from '../../state/tiers.ts';
import { countyOf, levelOf, type DashboardState } from '../../state/url-state.ts';
import { useDatabase } from '../common/use-database.ts';
import { plannerTranslator } from '../../state/i18n-planner.ts';
import '../planner/planner-link.css';
import type { Navigate } from '../../state/use-url-state.ts';
import { DataAge } from '../common/DataAge.tsx';
import { useI18n } from '../common/i18n-context.tsx';
import { KpiCards } from '../common/KpiCards.tsx';
import { Legend } from '../common/Legend.tsx';
import { MapView, type MapSelection } from '../common/MapView.tsx';
import { useMapData } from '../common/use-map-data.ts';
import '../figures.css';
import { Breadcrumb, type Crumb } from './Breadcrumb.tsx';
import { Filters } from './Filters.tsx';
import { GridPanel } from './GridPanel.tsx';
import { RankingPanel } from './RankingPanel.tsx';
import { Toolbar } from './Toolbar.tsx';
import { TrendChart } from '../common/TrendChart.tsx';
import { useAccess } from '../access/access-context.tsx';
import { AccountBar } from '../access/AccountBar.tsx';

/** Figures are polled as a backup to the live events, so their age stays meaningful. */
const REFRESH_MS = 60_000;
const STALE_AFTER_MS = 150_000;
/** Keeps the fitted area clear of the legend (top left) and the attribution line (bottom). */
const PADDING = { top: 30, bottom: 70, left: 310, right: 30 };

export function Dashboard({ state, navigate }: { state: DashboardState; navigate: Navigate }) {
  const { t } = useI18n();
  const database = useDatabase();
  const province = database.province;
  // A county database keeps no county in its state: its URLs stay as they always were.
  const countyCode = province ? countyOf(state) : null;
  const level = levelOf(state, province);
  const code = level === 'grid' ? state.grid : level === 'township' ? state.township : level === 'county' ? countyCode : null;
  const range = useMemo(() => windowRange(state.window, new Date()), [state.window]);
  const map = useMapData({
    county: countyCode,
    province,
    choice: database.choice,
    township: state.township,
    tiers: state.tiers,
    status: state.status,
    fromInstant: range?.fromInstant ?? null,
    category: state.category,
    metric: state.metric,
  });
  const stats = useStats({ level, code, from: range?.from, to: range?.to, category: state.category }, REFRESH_MS);
  // Contact days have no category: the fieldwork figures follow the area and the window only. They
  // are kept per county database (no province figures, no county code), so a province shows them
  // from the township down.
  const fieldworkLevel = level === 'province' ? 'county' : level;
  const fieldwork = useFieldworkStats({ level: fieldworkLevel, code, from: range?.from, to: range?.to }, REFRESH_MS, !province || (level !== 'province' && level !== 'county'));
  const trend = useTrend(level, code, state.category);
  const live = useLiveEvents();
  const [sortKey, setSortKey] = useState<RankingKey>('open');
  // Controls the account's role cannot use are hidden (the server refuses them anyway).
  const access = useAccess();

  const update = (change: Partial<DashboardState>, mode: 'push' | 'replace' = 'replace') => navigate({ ...state, ...change }, mode);
  // Up to a county keeps that county in a province; a county database never names one.
  const drill = (township: string | null, grid: string | null = null) =>
    update({ county: province ? (township?.slice(0, 6) ?? countyCode) : null, township, grid }, 'push');
  const drillCounty = (county: string | null) => update({ county, township: null, grid: null }, 'push');

  const township = map.townships?.features.find((feature) => feature.properties.code === state.township)?.properties;
  const gridFeature = map.grids?.features.find((feature) => feature.properties.code === state.grid);
  const village = map.villages?.features.find((feature) => feature.properties.code === gridFeature?.properties.villageCode)?.properties;
  // The county's own figures, unfiltered: only its name is needed here, and the request is shared.
  const county = useStats({ level: 'county' }, undefined, !province);
  const provinceSummary = useProvince(province);
  const countyName = province
    ? (map.counties?.features.find((feature) => feature.properties.code === countyCode)?.properties.name ?? countyCode ?? t('county'))
    : (county.data?.name ?? t('county'));
  const crumbs: Crumb[] = [];
  if (province) crumbs.push({ level: 'province', label: provinceSummary.data?.name ?? t('province'), onSelect: () => drillCounty(null) });
  if (!province || countyCode) crumbs.push({ level: 'county', label: countyName, onSelect: () => drill(null) });
  if (state.township) crumbs.push({ level: 'township', label: township?.name ?? state.township, onSelect: () => drill(state.township) });
  if (state.grid) crumbs.push({ level: 'grid', label: state.grid });

  const onSelect = (selection: MapSelection) => {
    if (selection.kind === 'county') drillCounty(selection.county);
    else if (selection.kind === 'township') drill(selection.township);
    else drill(selection.township, selection.grid);
  };
  const toggleTier = (tier: Tier) => {
    const tiers = state.tiers.includes(tier) ? state.tiers.filter((item) => item !== tier) : [...state.tiers, tier];
    update({ tiers });
  };
  // Problems as tiles leave no points in the page to count: open ones per tier come with the
  // figures of the area (same window and category); other statuses have no count by tier.
  const tiledProblems = database.choice?.problems === 'tiles';
  const legendCounts = tiledProblems ? (state.status === 'open' && level !== 'grid' ? (stats.data?.openByTier ?? null) : null) : map.tierCounts;
  const pointFilter = useMemo(() => ({ tiers: state.tiers, status: state.status, category: state.category }), [state.tiers, state.status, state.category]);
  const categories = useMemo(() => (map.columns ? categoriesOf(map.columns) : []), [map.columns]);
  const asOf = oldestUpdate([stats.dataUpdatedAt, fieldwork.dataUpdatedAt]);
  const flashes = useMemo(
    () => live.newIssues.map((issue) => ({ id: issue.properties.id, lon: issue.geometry.coordinates[0], lat: issue.geometry.coordinates[1], tier: issue.properties.tier })),
    [live.newIssues],
  );

  return (
    <div className="app dashboard" data-theme={state.theme} data-testid="dashboard">
      <header className="topbar">
        <h1>{t(province ? 'provinceAppTitle' : 'appTitle')}</h1>
        <Breadcrumb crumbs={crumbs} />
        <DataAge asOfMs={asOf} connection={live.connection} staleAfterMs={STALE_AFTER_MS} />
        <Toolbar theme={state.theme} lang={state.lang} onTheme={(theme) => update({ theme })} onLang={(lang) => update({ lang })} />
        <AccountBar lang={state.lang} />
      </header>
      <main className="layout">
        <aside className="side">
          <KpiCards stats={stats.data} fieldwork={fieldwork.data} />
          <Filters status={state.status} window={state.window} category={state.category} categories={categories} onChange={(change) => update(change)} />
          {access.can('records:read', state.grid ?? state.township) ? (
            <a
              className="export-link"
              data-testid="export-csv"
              href={ledgerExportUrl({ township: state.township, grid: state.grid, from: range?.from, to: range?.to })}
              download
            >
              {t('exportLedger')}
            </a>
          ) : null}
          {level === 'township' && state.township && access.can('plan:edit', state.township) ? (
            <a
              className="export-link edit-grids-link"
              data-testid="edit-grids"
              href={`/plan/${state.township}`}
              onClick={(event) => {
                event.preventDefault();
                navigate({ view: 'planner', township: state.township!, theme: state.theme, lang: state.lang });
              }}
            >
              {plannerTranslator(state.lang)('editGrids')}
            </a>
          ) : null}
          {level === 'grid' ? (
            <GridPanel
              grid={gridFeature?.properties}
              village={village}
              townshipName={township?.name}
              stats={stats.data}
              trend={trend.data?.weeks}
              notFound={Boolean(map.grids) && !gridFeature}
            />
          ) : (
            <>
              <RankingPanel
                level={level}
                rows={stats.data?.children}
                sortKey={sortKey}
                onSort={setSortKey}
                onSelect={(child) => (level === 'province' ? drillCounty(child) : level === 'county' ? drill(child) : drill(state.township, child))}
              />
              <section className="panel-trend">
                <h3>{t('trend')}</h3>
                <TrendChart weeks={trend.data?.weeks} />
              </section>
            </>
          )}
        </aside>
        <div className="map-wrap">
          <MapView
            page="dashboard"
            theme={state.theme}
            focus={{ county: countyCode, township: state.township, grid: state.grid }}
            province={province}
            counties={map.counties}
            choice={database.choice}
            pointFilter={pointFilter}
            townships={map.townships}
            grids={map.grids}
            villages={map.villages}
            streets={map.streets}
            minorStreets={map.minorStreets}
            minorStreetsSettled={map.minorStreetsSettled}
            onNeedMinorStreets={map.requestMinorStreets}
            water={map.water}
            densityMode={state.density}
            points={map.points}
            choropleth={map.shading?.classes}
            flashes={flashes}
            attribution={map.attribution}
            dataReady={map.dataReady}
            padding={PADDING}
            onSelect={onSelect}
          />
          {map.loadFailed ? <div className="map-notice">{t('loadFailed')}</div> : null}
          <Legend
            theme={state.theme}
            tiers={state.tiers}
            counts={legendCounts}
            shading={map.shading}
            withoutShading={map.shading === null && database.choice?.grids === 'tiles'}
            metric={state.metric}
            density={state.density}
            onToggleTier={toggleTier}
            onMetric={(metric) => update({ metric })}
            onDensity={(density) => update({ density })}
          />
        </div>
      </main>
    </div>
  );
}
