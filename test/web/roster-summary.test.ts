import { describe, expect, it } from 'vitest';
import type { GridRoster, RosterMember } from '../../server/store/fieldwork.ts';
import { nameSeparator, summariseRoster } from '../../web/src/views/dashboard/roster-summary.ts';

function people(prefix: string, count: number, kind: RosterMember['kind']): RosterMember[] {
  return Array.from({ length: count }, (_, index) => ({ personId: `${prefix}${index + 1}`, name: `${prefix}${index + 1}`, kind, organisation: null, synthetic: true }));
}

function roster(counts: { leaders: number; cadres: number; party: number; departments: number; volunteers: number }, meetsPattern = true): GridRoster {
  return {
    gridCode: '360121100012004',
    gridName: '南农社区第4网格',
    roles: [
      { role: 'grid_leader', label: '网格长', members: people('L', counts.leaders, 'county_leader') },
      { role: 'cadre', label: '驻格干部', members: people('C', counts.cadres, 'cadre') },
      { role: 'party_member', label: '党员', members: people('P', counts.party, 'party_member') },
      { role: 'department', label: '职能部门', members: people('D', counts.departments, 'department') },
      { role: 'volunteer', label: '志愿者', members: people('V', counts.volunteers, 'volunteer') },
    ],
    meetsPattern,
  };
}

describe('roster summary', () => {
  it('puts the grid leader apart and the other roles in the pattern order with counts', () => {
    const summary = summariseRoster(roster({ leaders: 1, cadres: 2, party: 9, departments: 2, volunteers: 0 }));
    expect(summary.leaders.map((leader) => leader.name)).toEqual(['L1']);
    expect(summary.lines.map((line) => line.role)).toEqual(['cadre', 'party_member', 'department', 'volunteer']);
    expect(summary.lines.map((line) => line.total)).toEqual([2, 9, 2, 0]);
    expect(summary.meetsPattern).toBe(true);
  });

  it('names the first few of a long list and counts the rest as hidden', () => {
    const summary = summariseRoster(roster({ leaders: 1, cadres: 5, party: 9, departments: 2, volunteers: 12 }));
    const byRole = Object.fromEntries(summary.lines.map((line) => [line.role, line]));
    expect(byRole.party_member.names).toEqual(['P1', 'P2', 'P3']);
    expect(byRole.party_member.hidden).toBe(6);
    expect(byRole.cadre.names).toEqual(['C1', 'C2', 'C3', 'C4']);
    expect(byRole.cadre.hidden).toBe(1);
    expect(byRole.department.hidden).toBe(0);
    expect(byRole.volunteer.names.length + byRole.volunteer.hidden).toBe(12);
  });

  it('keeps an empty roster empty: no leader, zero counts, the pattern not met', () => {
    const summary = summariseRoster(roster({ leaders: 0, cadres: 0, party: 0, departments: 0, volunteers: 0 }, false));
    expect(summary.leaders).toEqual([]);
    expect(summary.lines.every((line) => line.total === 0 && line.names.length === 0 && line.hidden === 0)).toBe(true);
    expect(summary.meetsPattern).toBe(false);
  });

  it('separates names as each language writes lists', () => {
    expect(['甲', '乙'].join(nameSeparator('zh'))).toBe('甲、乙');
    expect(['A', 'B'].join(nameSeparator('en'))).toBe('A, B');
  });
});
