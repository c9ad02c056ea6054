// Contact-day calendar (驻点日): by default every Wednesday 18:00–21:00 China Standard Time.
// Pure date arithmetic on a fixed UTC offset (Asia/Shanghai has kept UTC+8 without daylight saving since 1991).
import type { Validation } from '../geo/types.ts';

export interface ContactDayCalendar {
  /** Day of the week, 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** Local start and end, HH:MM (24-hour), end after start on the same day. */
  startTime: string;
  endTime: string;
  /** Offset of local time from UTC in minutes (480 for Asia/Shanghai). */
  utcOffsetMinutes: number;
  /** Sign-in opens this many minutes before the start, so cadres arriving early are counted. */
  signInOpensMinutesBefore: number;
  /** A sign-in later than start + this many minutes is late. */
  lateAfterMinutes: number;
}

export const DEFAULT_CONTACT_DAY_CALENDAR: Readonly<ContactDayCalendar> = Object.freeze({
  weekday: 3,
  startTime: '18:00',
  endTime: '21:00',
  utcOffsetMinutes: 480,
  signInOpensMinutesBefore: 60,
  lateAfterMinutes: 15,
});

/** One contact day: its local date and its evening as UTC instants (ISO 8601). */
export interface ContactDayWindow {
  date: string;
  startsAt: string;
  endsAt: string;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function minutesOf(time: string): number | null {
  const match = TIME_PATTERN.exec(time);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

export function validateCalendar(calendar: ContactDayCalendar): Validation {
  if (!Number.isInteger(calendar.weekday) || calendar.weekday < 0 || calendar.weekday > 6) {
    return { valid: false, reason: 'weekday must be an integer 0 (Sunday) … 6 (Saturday)' };
  }
  const start = minutesOf(calendar.startTime), end = minutesOf(calendar.endTime);
  if (start === null) return { valid: false, reason: 'startTime must be HH:MM' };
  if (end === null) return { valid: false, reason: 'endTime must be HH:MM' };
  if (end <= start) return { valid: false, reason: 'endTime must be after startTime on the same day' };
  if (!Number.isInteger(calendar.utcOffsetMinutes) || Math.abs(calendar.utcOffsetMinutes) > 14 * 60) {
    return { valid: false, reason: 'utcOffsetMinutes must be an integer within ±840' };
  }
  for (const key of ['signInOpensMinutesBefore', 'lateAfterMinutes'] as const) {
    const value = calendar[key];
    if (!Number.isInteger(value) || value < 0 || value > 12 * 60) return { valid: false, reason: `${key} must be an integer 0…720` };
  }
  return { valid: true };
}

/** Local midnight of a YYYY-MM-DD date as a UTC-epoch "local clock" value; null for a non-date. */
function localMidnight(date: string): number | null {
  const match = DATE_PATTERN.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const value = Date.UTC(year, month - 1, day);
  const check = new Date(value);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return value;
}

export function isCalendarDate(text: string): boolean {
  return localMidnight(text) !== null;
}

/** The local calendar date of an instant. */
export function localDate(instant: Date, calendar: ContactDayCalendar = DEFAULT_CONTACT_DAY_CALENDAR): string {
  return new Date(instant.getTime() + calendar.utcOffsetMinutes * MINUTE_MS).toISOString().slice(0, 10);
}

/** The contact day falling on a local date; null when that date is not the calendar's weekday (or not a date). */
export function contactDayOn(date: string, calendar: ContactDayCalendar = DEFAULT_CONTACT_DAY_CALENDAR): ContactDayWindow | null {
  const midnight = localMidnight(date);
  if (midnight === null || new Date(midnight).getUTCDay() !== calendar.weekday) return null;
  const offset = calendar.utcOffsetMinutes * MINUTE_MS;
  const start = midnight + (minutesOf(calendar.startTime) ?? 0) * MINUTE_MS - offset;
  const end = midnight + (minutesOf(calendar.endTime) ?? 0) * MINUTE_MS - offset;
  return { date, startsAt: new Date(start).toISOString(), endsAt: new Date(end).toISOString() };
}

/** Whether an instant lies in a day's sign-in window: from the opening before the start to the end. */
export function withinSignInWindow(day: ContactDayWindow, instant: Date, calendar: ContactDayCalendar = DEFAULT_CONTACT_DAY_CALENDAR): boolean {
  const time = instant.getTime();
  const opens = Date.parse(day.startsAt) - calendar.signInOpensMinutesBefore * MINUTE_MS;
  return time >= opens && time <= Date.parse(day.endsAt);
}

/** The calendar's contact day whose sign-in window holds the instant; null outside every window. */
export function contactDayAt(instant: Date, calendar: ContactDayCalendar = DEFAULT_CONTACT_DAY_CALENDAR): ContactDayWindow | null {
  const day = contactDayOn(localDate(instant, calendar), calendar);
  return day && withinSignInWindow(day, instant, calendar) ? day : null;
}

export function isLateSignIn(day: ContactDayWindow, signedInAt: Date, calendar: ContactDayCalendar = DEFAULT_CONTACT_DAY_CALENDAR): boolean {
  return signedInAt.getTime() > Date.parse(day.startsAt) + calendar.lateAfterMinutes * MINUTE_MS;
}

/** Contact days with local dates in [from, to] (inclusive), oldest first. */
export function contactDaysBetween(from: string, to: string, calendar: ContactDayCalendar = DEFAULT_CONTACT_DAY_CALENDAR): ContactDayWindow[] {
  const first = localMidnight(from), last = localMidnight(to);
  if (first === null || last === null) return [];
  const days: ContactDayWindow[] = [];
  const shift = (calendar.weekday - new Date(first).getUTCDay() + 7) % 7;
  for (let midnight = first + shift * DAY_MS; midnight <= last; midnight += 7 * DAY_MS) {
    const day = contactDayOn(new Date(midnight).toISOString().slice(0, 10), calendar);
    if (day) days.push(day);
  }
  return days;
}

/** The `count` most recent contact days that ended at or before `now`, oldest first. */
export function contactDaysBefore(now: Date, count: number, calendar: ContactDayCalendar = DEFAULT_CONTACT_DAY_CALENDAR): ContactDayWindow[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError('count must be a non-negative integer');
  const today = localMidnight(localDate(now, calendar)) as number;
  let midnight = today - ((new Date(today).getUTCDay() - calendar.weekday + 7) % 7) * DAY_MS;
  const days: ContactDayWindow[] = [];
  while (days.length < count) {
    const day = contactDayOn(new Date(midnight).toISOString().slice(0, 10), calendar) as ContactDayWindow;
    if (Date.parse(day.endsAt) <= now.getTime()) days.unshift(day);
    midnight -= 7 * DAY_MS;
  }
  return days;
}
