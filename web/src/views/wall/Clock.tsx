// The wall's clock and date, China Standard Time.
import { formatClock, formatLongDate } from '../../state/format.ts';
import { useI18n } from '../common/i18n-context.tsx';

export function Clock({ now }: { now: Date }) {
  const { lang } = useI18n();
  return (
    <div className="clock" data-testid="clock">
      <div className="clock-time">{formatClock(now)}</div>
      <div className="clock-date">{formatLongDate(lang, now)}</div>
    </div>
  );
}
