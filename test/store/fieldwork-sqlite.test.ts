import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../server/store/sqlite/sqliteStore.ts';
import { DEFAULT_CONTACT_DAY_CALENDAR } from '../../server/fieldwork/calendar.ts';
import { loadFieldworkDataset, GRID_D } from '../fixtures/fieldwork/load.ts';
import { runFieldworkContract } from './fieldworkContract.ts';

runFieldworkContract('sqlite :memory:', ({ now }) => openSqliteStore(':memory:', { now }));

describe('sqlite fieldwork specifics', () => {
  it('follows a configured calendar for new contact days', () => {
    const now = new Date('2015-05-08T20:00:00+08:00');
    const store = openSqliteStore(':memory:', { now: () => now, contactDayCalendar: { ...DEFAULT_CONTACT_DAY_CALENDAR, weekday: 5 } });
    store.seedDataset(loadFieldworkDataset());
    const signIn = store.fieldwork.signIn({ personId: 'CD4', gridCode: GRID_D, signedInAt: '2015-05-08T18:00:00+08:00', synthetic: false });
    expect(signIn.contactDate).toBe('2015-05-08');
    store.close();
  });

  it('refuses a malformed calendar', () => {
    expect(() => openSqliteStore(':memory:', { contactDayCalendar: { ...DEFAULT_CONTACT_DAY_CALENDAR, endTime: '07:00' } })).toThrow(/endTime/);
  });
});
