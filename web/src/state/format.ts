// Number, percentage and time formatting. Times are shown in China Standard Time whatever the
// display PC's zone, so a wall and a leader's laptop agree.
import type { Lang } from './url-state.ts';

const TIME_ZONE = 'Asia/Shanghai';
const locales: Record<Lang, string> = { zh: 'zh-CN', en: 'en-GB' };

/** Formatters are costly to build and the panels format hundreds of figures per render: one each. */
const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(lang: Lang, minimumFractionDigits: number, maximumFractionDigits: number): Intl.NumberFormat {
  const key = `${lang}/${minimumFractionDigits}/${maximumFractionDigits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locales[lang], { minimumFractionDigits, maximumFractionDigits });
    numberFormats.set(key, format);
  }
  return format;
}

export function formatCount(lang: Lang, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return numberFormat(lang, 0, 0).format(value);
}

export function formatDecimal(lang: Lang, value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return numberFormat(lang, digits, digits).format(value);
}

/** A ratio in [0, 1] as a percentage with one decimal; '—' when there is none. */
export function formatRate(lang: Lang, ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  return `${formatDecimal(lang, ratio * 100, 1)}%`;
}

const clockFormat = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
const dateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** hh:mm:ss, 24-hour, China Standard Time. */
export function formatClock(instant: Date): string {
  return clockFormat.format(instant);
}

/** YYYY-MM-DD in China Standard Time. */
export function formatDate(instant: Date): string {
  return dateFormat.format(instant);
}

/** The wall's date line: '2026年11月26日 星期四' or 'Thursday 26 November 2026'. */
export function formatLongDate(lang: Lang, instant: Date): string {
  return new Intl.DateTimeFormat(locales[lang], { timeZone: TIME_ZONE, year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' }).format(instant);
}

/** MM-DD hh:mm in China Standard Time, for issue lists. */
export function formatShortDateTime(iso: string): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  const date = formatDate(instant).slice(5);
  return `${date} ${formatClock(instant).slice(0, 5)}`;
}

export function formatAreaKm2(lang: Lang, areaM2: number): string {
  const km2 = areaM2 / 1e6;
  return formatDecimal(lang, km2, km2 < 10 ? 2 : 1);
}
