// "数据截至 hh:mm:ss": when the figures were last confirmed, warning-coloured when stale.
import { useEffect, useState } from 'react';
import { dataAge, type Connection } from '../../state/data-age.ts';
import { formatClock } from '../../state/format.ts';
import { useI18n } from './i18n-context.tsx';

export function DataAge({ asOfMs, connection, staleAfterMs }: { asOfMs: number | null; connection: Connection; staleAfterMs: number }) {
  const { t } = useI18n();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  const age = dataAge(now, asOfMs, connection, staleAfterMs);
  return (
    <div className={`data-age ${age.stale ? 'stale' : 'fresh'}`} data-testid="data-age" data-stale={age.stale ? 'true' : 'false'} role="status">
      <span className="dot" aria-hidden="true" />
      {asOfMs === null ? t('loading') : t('dataAsOf', { time: formatClock(new Date(asOfMs)) })}
      {connection !== 'open' ? <span className="reconnecting"> {t('reconnecting')}</span> : age.stale ? <span> {t('dataStale')}</span> : null}
    </div>
  );
}
