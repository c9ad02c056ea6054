// Tier toggles with their counts, the overdue mark, and the choropleth's classes.
import type { TierCounts } from '../../api/types.ts';
import { CHOROPLETH_EMPTY, CHOROPLETH_RAMPS } from '../../state/choropleth-ramp.ts';
import { formatCount, formatDecimal } from '../../state/format.ts';
import type { MessageKey } from '../../state/i18n.ts';
import type { Choropleth } from '../../state/metrics.ts';
import { TIER_COLORS, TIER_ORDER, type Tier } from '../../state/tiers.ts';
import { DENSITY_MODES, type DensityMode, type Metric, type Theme } from '../../state/url-state.ts';
import { useI18n } from './i18n-context.tsx';

const TIER_LABEL: Record<Tier, MessageKey> = { red: 'tierRed', orange: 'tierOrange', yellow: 'tierYellow' };

export interface LegendProps {
  theme: Theme;
  tiers: readonly Tier[];
  counts: TierCounts | null;
  shading: Choropleth | null;
  /** No shading to show at this view (grids drawn from tiles carry none): the scale is left out. */
  withoutShading?: boolean;
  metric: Metric;
  density?: DensityMode;
  onToggleTier?: (tier: Tier) => void;
  onMetric?: (metric: Metric) => void;
  onDensity?: (density: DensityMode) => void;
}

const DENSITY_LABEL: Record<DensityMode, MessageKey> = { heatmap: 'densityHeatmap', hexagon: 'densityHexagon' };

export function Legend({ theme, tiers, counts, shading, withoutShading = false, metric, density = 'heatmap', onToggleTier, onMetric, onDensity }: LegendProps) {
  const { lang, t } = useI18n();
  const ramp = CHOROPLETH_RAMPS[theme];
  const classes = shading ? shading.breaks.length + 1 : 0;
  const bounds = shading ? [...shading.breaks, shading.max] : [];
  return (
    <section className="legend" data-testid="legend" aria-label={t('legend')}>
      <div className="legend-tiers">
        {TIER_ORDER.map((tier) => {
          const on = tiers.includes(tier);
          return (
            <button
              key={tier}
              type="button"
              className={`tier-toggle ${on ? 'on' : 'off'}`}
              data-testid={`tier-toggle-${tier}`}
              aria-pressed={on}
              disabled={!onToggleTier}
              onClick={() => onToggleTier?.(tier)}
            >
              <span className="tier-dot" style={{ background: TIER_COLORS[tier] }} />
              <span className="tier-name">{t(TIER_LABEL[tier])}</span>
              <span className="tier-count" data-testid={`tier-count-${tier}`}>
                {counts ? formatCount(lang, counts[tier]) : '…'}
              </span>
            </button>
          );
        })}
        <div className="legend-overdue">
          <span className="ring-sample" /> {t('overdueMark')}
        </div>
        {onDensity ? (
          <div className="segmented" role="group" aria-label={t('density')} data-testid="density-mode">
            {DENSITY_MODES.map((option) => (
              <button key={option} type="button" aria-pressed={density === option} data-testid={`density-${option}`} onClick={() => onDensity(option)}>
                {t(DENSITY_LABEL[option])}
              </button>
            ))}
          </div>
        ) : null}
      </div>
      {withoutShading ? null : <div className="legend-shading">
        <div className="legend-title">
          {t('metric')} · {t(metric === 'per1000' ? 'metricUnitPer1000' : 'metricUnitPerKm2')}
        </div>
        <div className="shading-scale">
          <span className="shading-step" title="0">
            <i style={{ background: CHOROPLETH_EMPTY[theme] }} />
            <em>0</em>
          </span>
          {Array.from({ length: classes }, (_, k) => (
            <span key={k} className="shading-step">
              <i style={{ background: ramp[Math.min(ramp.length - 1, k)] }} />
              <em>{formatDecimal(lang, bounds[k], bounds[k] < 10 ? 1 : 0)}</em>
            </span>
          ))}
        </div>
        {onMetric ? (
          <div className="segmented" role="group" aria-label={t('metric')}>
            {(['per1000', 'perkm2'] as const).map((option) => (
              <button key={option} type="button" aria-pressed={metric === option} data-testid={`metric-${option}`} onClick={() => onMetric(option)}>
                {t(option === 'per1000' ? 'metricPer1000' : 'metricPerKm2')}
              </button>
            ))}
          </div>
        ) : null}
      </div>}
    </section>
  );
}
