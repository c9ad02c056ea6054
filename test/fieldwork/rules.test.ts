import { describe, expect, it } from 'vitest';
import { validateAssignment, validatePerson, validateSignIn, validateSpotCheck, validateVisit } from '../../server/fieldwork/rules.ts';
import { contactDayOn } from '../../server/fieldwork/calendar.ts';
import type { NewSignIn, NewSpotCheck, NewVisit } from '../../server/fieldwork/records.ts';

const GRID = '360121100001001';
const day = contactDayOn('2015-05-27')!;
const now = new Date('2015-05-27T20:00:00+08:00');
const onRoster = { gridExists: true, personExists: true, roles: ['cadre'] as const };

const signIn: NewSignIn = { personId: 'CD1', gridCode: GRID, signedInAt: '2015-05-27T18:05:00+08:00', synthetic: false };
const visit: NewVisit = { contactDate: '2015-05-27', gridCode: GRID, personId: 'CD1', kind: 'received', people: 3, problemsLogged: 1, note: null, synthetic: false };
const check: NewSpotCheck = { contactDate: '2015-05-27', gridCode: GRID, personId: 'CD1', result: 'late', action: 'criticism', inspector: '督查组', note: null, synthetic: false };

describe('fieldwork rules', () => {
  it('accepts a well-formed person and refuses bad fields by name', () => {
    expect(validatePerson({ id: 'CD1', name: '熊志强', kind: 'cadre', organisation: null, synthetic: true })).toEqual({ valid: true });
    expect(validatePerson({ id: 'bad id', name: 'x', kind: 'cadre', organisation: null, synthetic: true })).toMatchObject({ valid: false, field: 'id' });
    expect(validatePerson({ id: 'X', name: ' ', kind: 'cadre', organisation: null, synthetic: true })).toMatchObject({ valid: false, field: 'name' });
    expect(validatePerson({ id: 'X', name: 'x', kind: 'mayor' as never, organisation: null, synthetic: true })).toMatchObject({ valid: false, field: 'kind' });
  });

  it('puts a county leader or cadre at the head of a grid, once', () => {
    const facts = { personKind: 'county_leader' as const, gridExists: true, gridHasLeader: false };
    expect(validateAssignment({ gridCode: GRID, personId: 'CL1', role: 'grid_leader' }, facts)).toEqual({ valid: true });
    expect(validateAssignment({ gridCode: GRID, personId: 'CL1', role: 'grid_leader' }, { ...facts, gridHasLeader: true })).toMatchObject({ problem: 'conflict' });
    expect(validateAssignment({ gridCode: GRID, personId: 'V1', role: 'grid_leader' }, { ...facts, personKind: 'volunteer' })).toMatchObject({ problem: 'unprocessable', field: 'role' });
    expect(validateAssignment({ gridCode: GRID, personId: 'D1', role: 'cadre' }, { ...facts, personKind: 'department' })).toMatchObject({ problem: 'unprocessable' });
    expect(validateAssignment({ gridCode: GRID, personId: 'X', role: 'cadre' }, { ...facts, personKind: null })).toMatchObject({ problem: 'not_found', field: 'personId' });
    expect(validateAssignment({ gridCode: GRID, personId: 'X', role: 'cadre' }, { ...facts, gridExists: false })).toMatchObject({ problem: 'not_found', field: 'gridCode' });
  });

  it('requires a sign-in on a contact day, to a grid the person is assigned to', () => {
    const facts = { ...onRoster, contactDay: day, alreadySignedIn: false, now };
    expect(validateSignIn(signIn, facts)).toEqual({ valid: true });
    expect(validateSignIn(signIn, { ...facts, contactDay: null })).toMatchObject({ problem: 'unprocessable', field: 'signedInAt' });
    expect(validateSignIn(signIn, { ...facts, roles: [] })).toMatchObject({ problem: 'unprocessable', field: 'personId' });
    expect(validateSignIn(signIn, { ...facts, roles: ['department'] })).toMatchObject({ problem: 'unprocessable', field: 'personId' });
    expect(validateSignIn(signIn, { ...facts, gridExists: false })).toMatchObject({ problem: 'not_found', field: 'gridCode' });
    expect(validateSignIn(signIn, { ...facts, personExists: false })).toMatchObject({ problem: 'not_found', field: 'personId' });
    expect(validateSignIn(signIn, { ...facts, alreadySignedIn: true })).toMatchObject({ problem: 'conflict' });
    expect(validateSignIn({ ...signIn, signedInAt: 'yesterday' }, facts)).toMatchObject({ problem: 'invalid', field: 'signedInAt' });
    expect(validateSignIn({ ...signIn, signedInAt: '2015-05-27T20:10:00+08:00' }, facts)).toMatchObject({ problem: 'unprocessable', field: 'signedInAt' });
    expect(validateSignIn({ ...signIn, gridCode: '123' }, facts)).toMatchObject({ problem: 'invalid', field: 'gridCode' });
  });

  it('logs a visit only by someone signed in to the grid that day', () => {
    const facts = { ...onRoster, contactDay: day, signedIn: true };
    expect(validateVisit(visit, facts)).toEqual({ valid: true });
    expect(validateVisit(visit, { ...facts, signedIn: false })).toMatchObject({ problem: 'unprocessable', field: 'personId' });
    expect(validateVisit(visit, { ...facts, contactDay: null })).toMatchObject({ problem: 'not_found', field: 'contactDate' });
    expect(validateVisit({ ...visit, people: 0 }, facts)).toMatchObject({ problem: 'invalid', field: 'people' });
    expect(validateVisit({ ...visit, people: 2.5 }, facts)).toMatchObject({ problem: 'invalid', field: 'people' });
    expect(validateVisit({ ...visit, problemsLogged: -1 }, facts)).toMatchObject({ problem: 'invalid', field: 'problemsLogged' });
    expect(validateVisit({ ...visit, kind: 'phoned' as never }, facts)).toMatchObject({ problem: 'invalid', field: 'kind' });
  });

  it('checks a spot check: fixed results, no action for someone present, one per person and day', () => {
    const facts = { ...onRoster, contactDay: day, alreadyChecked: false, now };
    expect(validateSpotCheck(check, facts)).toEqual({ valid: true });
    expect(validateSpotCheck({ ...check, result: 'present', action: 'none' }, facts)).toEqual({ valid: true });
    expect(validateSpotCheck({ ...check, result: 'present', action: 'criticism' }, facts)).toMatchObject({ problem: 'unprocessable', field: 'action' });
    expect(validateSpotCheck({ ...check, result: 'asleep' as never }, facts)).toMatchObject({ problem: 'invalid', field: 'result' });
    expect(validateSpotCheck({ ...check, action: 'fine' as never }, facts)).toMatchObject({ problem: 'invalid', field: 'action' });
    expect(validateSpotCheck({ ...check, inspector: '' }, facts)).toMatchObject({ problem: 'invalid', field: 'inspector' });
    expect(validateSpotCheck(check, { ...facts, roles: [] })).toMatchObject({ problem: 'unprocessable', field: 'personId' });
    expect(validateSpotCheck(check, { ...facts, contactDay: null })).toMatchObject({ problem: 'not_found', field: 'contactDate' });
    expect(validateSpotCheck(check, { ...facts, alreadyChecked: true })).toMatchObject({ problem: 'conflict' });
    expect(validateSpotCheck(check, { ...facts, now: new Date('2015-05-27T17:00:00+08:00') })).toMatchObject({ problem: 'unprocessable', field: 'contactDate' });
  });
});
