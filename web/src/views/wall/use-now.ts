import { useEffect, useState } from 'react';

/** The current time, refreshed every `periodMs`. */
export function useNow(periodMs = 1000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), periodMs);
    return () => window.clearInterval(timer);
  }, [periodMs]);
  return now;
}
