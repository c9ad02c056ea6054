// A grid's roster in the few lines the panel has room for: the grid leader by name, then each other
// role with its head count and its first few names.
import type { GridRoster, RosterMember, RosterRole } from '../../api/types.ts';
import type { Lang } from '../../state/url-state.ts';

/** Names shown per role before "and n more"; party members and volunteers run to dozens. */
export const NAMES_SHOWN: Readonly<Record<Exclude<RosterRole, 'grid_leader'>, number>> = {
  cadre: 4,
  party_member: 3,
  department: 3,
  volunteer: 3,
};

export interface RosterLine {
  role: Exclude<RosterRole, 'grid_leader'>;
  total: number;
  names: string[];
  /** Members not named for want of room. */
  hidden: number;
}

export interface RosterSummary {
  /** Everyone in the grid-leader role, in roster order (normally one). */
  leaders: RosterMember[];
  lines: RosterLine[];
  meetsPattern: boolean;
}

export function summariseRoster(roster: GridRoster): RosterSummary {
  const leaders: RosterMember[] = [];
  const lines: RosterLine[] = [];
  for (const group of roster.roles) {
    if (group.role === 'grid_leader') {
      leaders.push(...group.members);
      continue;
    }
    const shown = NAMES_SHOWN[group.role] ?? 3;
    const names = group.members.slice(0, shown).map((member) => member.name);
    lines.push({ role: group.role, total: group.members.length, names, hidden: group.members.length - names.length });
  }
  return { leaders, lines, meetsPattern: roster.meetsPattern };
}

/** Names in a list: 、 in Chinese, a comma in English. */
export function nameSeparator(lang: Lang): string {
  return lang === 'zh' ? '、' : ', ';
}
