// Weekly collected (bars) and closed (line) as a small SVG chart.
import type { TrendWeek } from '../../api/types.ts';
import { useI18n } from './i18n-context.tsx';

export function TrendChart({ weeks, height = 120 }: { weeks: readonly TrendWeek[] | undefined; height?: number }) {
  const { t } = useI18n();
  if (!weeks || weeks.length === 0) return <div className="trend-empty">{t('noData')}</div>;
  const width = 300;
  const top = 14;
  const bottom = 18;
  const plot = height - top - bottom;
  const max = Math.max(1, ...weeks.map((week) => Math.max(week.collected, week.closed)));
  const step = width / weeks.length;
  const y = (value: number) => top + plot - (value / max) * plot;
  const line = weeks.map((week, index) => `${index === 0 ? 'M' : 'L'}${(index + 0.5) * step},${y(week.closed)}`).join(' ');
  return (
    <figure className="trend" data-testid="trend">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={t('trend')} preserveAspectRatio="none">
        <text x={0} y={10} className="trend-max">
          {max}
        </text>
        {weeks.map((week, index) => (
          <rect key={week.weekStart} className="trend-bar" x={index * step + step * 0.15} width={step * 0.7} y={y(week.collected)} height={top + plot - y(week.collected)}>
            <title>{`${week.weekStart}: ${t('trendCollected')} ${week.collected}, ${t('trendClosed')} ${week.closed}`}</title>
          </rect>
        ))}
        <path className="trend-line" d={line} fill="none" />
        <text x={0} y={height - 4} className="trend-axis">
          {weeks[0].weekStart.slice(5)}
        </text>
        <text x={width} y={height - 4} className="trend-axis" textAnchor="end">
          {weeks[weeks.length - 1].weekStart.slice(5)}
        </text>
      </svg>
      <figcaption>
        <span className="swatch trend-bar-swatch" /> {t('trendCollected')} <span className="swatch trend-line-swatch" /> {t('trendClosed')}
      </figcaption>
    </figure>
  );
}
