import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONTACT_DAY_CALENDAR,
  contactDayAt,
  contactDayOn,
  contactDaysBefore,
  contactDaysBetween,
  isLateSignIn,
  localDate,
  validateCalendar,
  type ContactDayCalendar,
} from '../../server/fieldwork/calendar.ts';

describe('contact-day calendar', () => {
  it('puts the default contact day on Wednesday 18:00–21:00 Asia/Shanghai', () => {
    // 2015-05-27 was the first contact day in the article, a Wednesday.
    expect(contactDayOn('2015-05-27')).toEqual({ date: '2015-05-27', startsAt: '2015-05-27T10:00:00.000Z', endsAt: '2015-05-27T13:00:00.000Z' });
    expect(contactDayOn('2015-05-28')).toBeNull();
    expect(contactDayOn('2015-02-30')).toBeNull();
    expect(contactDayOn('not a date')).toBeNull();
  });

  it('finds the day whose sign-in window holds an instant, opening an hour early', () => {
    expect(contactDayAt(new Date('2015-05-27T19:30:00+08:00'))?.date).toBe('2015-05-27');
    expect(contactDayAt(new Date('2015-05-27T17:00:00+08:00'))?.date).toBe('2015-05-27');
    expect(contactDayAt(new Date('2015-05-27T16:59:59+08:00'))).toBeNull();
    expect(contactDayAt(new Date('2015-05-27T21:00:01+08:00'))).toBeNull();
    // Thursday 10:00 local time: no contact day.
    expect(contactDayAt(new Date('2015-05-28T02:00:00Z'))).toBeNull();
  });

  it('uses the local date, not the UTC date', () => {
    expect(localDate(new Date('2015-05-26T16:30:00Z'))).toBe('2015-05-27');
    expect(localDate(new Date('2015-05-26T15:59:59Z'))).toBe('2015-05-26');
  });

  it('marks a sign-in late after the grace minutes', () => {
    const day = contactDayOn('2015-05-27')!;
    expect(isLateSignIn(day, new Date('2015-05-27T18:15:00+08:00'))).toBe(false);
    expect(isLateSignIn(day, new Date('2015-05-27T18:15:01+08:00'))).toBe(true);
  });

  it('lists contact days between two dates, inclusive', () => {
    expect(contactDaysBetween('2015-05-27', '2015-06-10').map((d) => d.date)).toEqual(['2015-05-27', '2015-06-03', '2015-06-10']);
    expect(contactDaysBetween('2015-05-28', '2015-06-09').map((d) => d.date)).toEqual(['2015-06-03']);
    expect(contactDaysBetween('2015-06-10', '2015-05-27')).toEqual([]);
  });

  it('returns the most recent contact days that have ended, oldest first', () => {
    // Wednesday 20:00 local: tonight's evening has not ended yet.
    const days = contactDaysBefore(new Date('2015-07-29T20:00:00+08:00'), 9);
    expect(days.map((d) => d.date)).toEqual([
      '2015-05-27', '2015-06-03', '2015-06-10', '2015-06-17', '2015-06-24', '2015-07-01', '2015-07-08', '2015-07-15', '2015-07-22',
    ]);
    expect(contactDaysBefore(new Date('2015-07-29T21:00:00+08:00'), 1)[0].date).toBe('2015-07-29');
    expect(contactDaysBefore(new Date('2015-07-29T21:00:00+08:00'), 0)).toEqual([]);
  });

  it('is configurable: another weekday, hours and offset', () => {
    const calendar: ContactDayCalendar = { ...DEFAULT_CONTACT_DAY_CALENDAR, weekday: 5, startTime: '19:30', endTime: '22:00', utcOffsetMinutes: 0 };
    expect(validateCalendar(calendar)).toEqual({ valid: true });
    expect(contactDayOn('2015-05-29', calendar)).toEqual({ date: '2015-05-29', startsAt: '2015-05-29T19:30:00.000Z', endsAt: '2015-05-29T22:00:00.000Z' });
    expect(contactDayOn('2015-05-27', calendar)).toBeNull();
  });

  it('rejects a malformed calendar with a reason', () => {
    const bad = (change: Partial<ContactDayCalendar>) => validateCalendar({ ...DEFAULT_CONTACT_DAY_CALENDAR, ...change });
    expect(bad({ weekday: 7 })).toMatchObject({ valid: false, reason: expect.stringMatching(/weekday/) });
    expect(bad({ startTime: '25:00' })).toMatchObject({ valid: false, reason: expect.stringMatching(/startTime/) });
    expect(bad({ endTime: '17:00' })).toMatchObject({ valid: false, reason: expect.stringMatching(/after/) });
    expect(bad({ lateAfterMinutes: -1 })).toMatchObject({ valid: false, reason: expect.stringMatching(/lateAfterMinutes/) });
  });
});
