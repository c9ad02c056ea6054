// Synthetic fieldwork for a fresh database, shaped on the 2015 Nanchang County article: 46 county-level
// leaders, 1,296 cadres, about ten thousand party members and 60 departments on the "1+2+4+2+X" roster
// of every grid; nine Wednesday-evening contact days; 30,523 people received or visited; on the first
// contact day 85 villages spot-checked and 16 people disciplined. Deterministic and marked synthetic.
import { contactDaysBefore, DEFAULT_CONTACT_DAY_CALENDAR, localDate, type ContactDayCalendar, type ContactDayWindow } from '../fieldwork/calendar.ts';
import type { FieldworkDataset, NewSignIn, NewSpotCheck, NewVisit, PersonRecord, RosterAssignment, SpotCheckAction, SpotCheckResult } from '../fieldwork/records.ts';
import { createRandom, deriveSeed, type Random } from './random.ts';
import { chineseName, COUNTY_DEPARTMENTS } from './fieldwork-names.ts';

export interface FieldworkSeedGrid {
  code: string;
  villageCode: string;
  townshipCode: string;
  households: number;
}

export interface FieldworkSeedCounts {
  countyLeaders: number;
  cadres: number;
  partyMembers: number;
  departments: number;
  contactDays: number;
  peopleReceived: number;
  spotCheckedVillages: number;
  disciplined: number;
}

/** The article's figures. */
export const NANCHANG_FIELDWORK_COUNTS: Readonly<FieldworkSeedCounts> = Object.freeze({
  countyLeaders: 46,
  cadres: 1296,
  partyMembers: 10_000,
  departments: 60,
  contactDays: 9,
  peopleReceived: 30_523,
  spotCheckedVillages: 85,
  disciplined: 16,
});

export interface FieldworkSeedInput {
  grids: FieldworkSeedGrid[];
  /** Problems of the ledger: those reported on a contact evening are logged by that evening's visits. */
  issues?: Array<{ gridCode: string; reportedAt: string }>;
  now: Date;
  seed?: number;
  calendar?: ContactDayCalendar;
  counts?: Partial<FieldworkSeedCounts>;
}

const MINUTE_MS = 60_000;
const PARTY_MEMBERS_PER_GRID = 4;
const MAX_VOLUNTEERS_PER_GRID = 4;
/** Attendance of stationed cadres rises from the first evening as the routine settles. */
const FIRST_DAY_ATTENDANCE = 0.9;
const ATTENDANCE_GAIN_PER_DAY = 0.008;
const LATE_SHARE = 0.04;
const INSPECTORS = ['县督查组第一组', '县督查组第二组', '县督查组第三组', '县督查组第四组', '县纪委督查室'];
const VIOLATIONS: ReadonlyArray<{ result: SpotCheckResult; actions: SpotCheckAction[]; note: string }> = [
  { result: 'late', actions: ['criticism'], note: '驻点日迟到' },
  { result: 'absent', actions: ['suspension', 'public_apology'], note: '驻点日未到岗' },
  { result: 'off_post', actions: ['public_apology', 'criticism'], note: '驻点日脱岗' },
];

const pad = (value: number, width: number) => String(value).padStart(width, '0');

/** Largest-remainder apportionment of `total` by weights; ties go to the earlier index. */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  const effective = sum > 0 ? weights : weights.map(() => 1);
  const effectiveSum = sum > 0 ? sum : weights.length;
  const exact = effective.map((w) => (total * w) / effectiveSum);
  const shares = exact.map(Math.floor);
  let left = total - shares.reduce((a, b) => a + b, 0);
  const order = exact.map((value, index) => ({ index, rest: value - Math.floor(value) })).sort((a, b) => b.rest - a.rest || a.index - b.index);
  for (const { index } of order) {
    if (left <= 0) break;
    shares[index]++;
    left--;
  }
  return shares;
}

function shuffled<T>(items: readonly T[], random: Random): T[] {
  const copy = items.slice();
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random.integer(0, i + 1);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

interface Roster {
  people: PersonRecord[];
  roster: RosterAssignment[];
  leaderOf: string[];
  cadresOf: string[][];
}

function buildRoster(grids: FieldworkSeedGrid[], counts: FieldworkSeedCounts, random: Random): Roster {
  const people: PersonRecord[] = [], roster: RosterAssignment[] = [];
  const person = (id: string, name: string, kind: PersonRecord['kind'], organisation: string | null) => {
    people.push({ id, name, kind, organisation, synthetic: true });
    return id;
  };
  const G = grids.length;
  const departmentNames = Array.from({ length: Math.max(1, counts.departments) }, (_, i) =>
    COUNTY_DEPARTMENTS[i % COUNTY_DEPARTMENTS.length] + (i >= COUNTY_DEPARTMENTS.length ? `（${Math.floor(i / COUNTY_DEPARTMENTS.length) + 1}）` : ''),
  );
  const departments = departmentNames.map((name, i) => person(`DP${pad(i + 1, 2)}`, name, 'department', null));
  const leaders = Array.from({ length: Math.max(1, counts.countyLeaders) }, (_, i) => person(`CL${pad(i + 1, 3)}`, chineseName(random), 'county_leader', '县级领导'));
  const cadres = Array.from({ length: Math.max(1, counts.cadres) }, (_, i) =>
    person(`CD${pad(i + 1, 4)}`, chineseName(random), 'cadre', random.pick(departmentNames)),
  );
  // 1: each county leader heads a run of neighbouring grids (联点包片).
  const leaderOf = grids.map((grid, g) => {
    const id = leaders[Math.floor((g * leaders.length) / G)];
    roster.push({ gridCode: grid.code, personId: id, role: 'grid_leader' });
    return id;
  });
  // 2: two stationed cadres per grid; slot s of round r covers grid s − r·G, so a cadre holding two slots has neighbouring grids.
  const cadresOf: string[][] = grids.map(() => []);
  const slots = 2 * G;
  for (let s = 0; s < slots; s++) {
    const g = s % G;
    const id = cadres[Math.floor((s * cadres.length) / slots)];
    if (cadresOf[g].includes(id)) continue;
    cadresOf[g].push(id);
    roster.push({ gridCode: grids[g].code, personId: id, role: 'cadre' });
  }
  // 4: at least four party members per grid, the rest where people live.
  const base = counts.partyMembers >= PARTY_MEMBERS_PER_GRID * G ? PARTY_MEMBERS_PER_GRID : 0;
  const extra = apportion(counts.partyMembers - base * G, grids.map((grid) => Math.max(0, grid.households)));
  let partyIndex = 0, volunteerIndex = 0;
  grids.forEach((grid, g) => {
    for (let k = 0; k < base + extra[g]; k++) {
      const id = person(`PM${pad(++partyIndex, 5)}`, chineseName(random), 'party_member', null);
      roster.push({ gridCode: grid.code, personId: id, role: 'party_member' });
    }
    // 2: two departments, half the list apart so they differ.
    const first = Math.floor((g * departments.length) / G);
    const pair = departments.length >= 2 ? [first, (first + Math.floor(departments.length / 2)) % departments.length] : [first];
    for (const index of pair) roster.push({ gridCode: grid.code, personId: departments[index], role: 'department' });
    // X: volunteers.
    const volunteers = random.integer(0, MAX_VOLUNTEERS_PER_GRID + 1);
    for (let k = 0; k < volunteers; k++) {
      const id = person(`VL${pad(++volunteerIndex, 5)}`, chineseName(random), 'volunteer', null);
      roster.push({ gridCode: grid.code, personId: id, role: 'volunteer' });
    }
  });
  return { people, roster, leaderOf, cadresOf };
}

interface CheckPlan {
  gridIndex: number;
  personId: string;
  result: SpotCheckResult;
  action: SpotCheckAction;
  note: string | null;
}

/** First contact day: one grid in each of `villages` villages, every stationed cadre there checked. */
function planSpotChecks(grids: FieldworkSeedGrid[], cadresOf: string[][], counts: FieldworkSeedCounts, random: Random): CheckPlan[] {
  const gridsByVillage = new Map<string, number[]>();
  grids.forEach((grid, g) => gridsByVillage.set(grid.villageCode, [...(gridsByVillage.get(grid.villageCode) ?? []), g]));
  const villages = shuffled([...gridsByVillage.keys()], random).slice(0, counts.spotCheckedVillages).sort();
  const plans: CheckPlan[] = [];
  for (const village of villages) {
    const g = random.pick(gridsByVillage.get(village) as number[]);
    for (const personId of cadresOf[g]) plans.push({ gridIndex: g, personId, result: 'present', action: 'none', note: null });
  }
  const people = shuffled([...new Set(plans.map((plan) => plan.personId))], random).slice(0, counts.disciplined);
  people.forEach((personId, index) => {
    const plan = plans.find((candidate) => candidate.personId === personId) as CheckPlan;
    const violation = VIOLATIONS[index % VIOLATIONS.length];
    Object.assign(plan, { result: violation.result, action: random.pick(violation.actions), note: violation.note });
  });
  return plans;
}

const at = (day: ContactDayWindow, minutesAfterStart: number) => new Date(Date.parse(day.startsAt) + Math.round(minutesAfterStart * 60) * 1000).toISOString();

export function generateSeedFieldwork(input: FieldworkSeedInput): FieldworkDataset {
  const counts: FieldworkSeedCounts = { ...NANCHANG_FIELDWORK_COUNTS, ...input.counts };
  const calendar = input.calendar ?? DEFAULT_CONTACT_DAY_CALENDAR;
  const random = createRandom(deriveSeed(input.seed ?? 20150527, 'fieldwork'));
  const grids = input.grids.slice().sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  if (grids.length === 0) return { people: [], roster: [], contactDays: [], signIns: [], visits: [], spotChecks: [] };
  const { people, roster, leaderOf, cadresOf } = buildRoster(grids, counts, random);
  const days = contactDaysBefore(input.now, counts.contactDays, calendar);
  const eveningMinutes = (Date.parse(days[0]?.endsAt ?? '0') - Date.parse(days[0]?.startsAt ?? '0')) / MINUTE_MS;
  const plans = days.length > 0 ? planSpotChecks(grids, cadresOf, counts, random) : [];
  const firstDayResult = new Map(plans.map((plan) => [`${plan.gridIndex}|${plan.personId}`, plan.result]));

  const signIns: NewSignIn[] = [];
  /** Who signed in per day and grid, in sign-in order. */
  const signers = days.map(() => grids.map(() => [] as string[]));
  const sign = (d: number, g: number, personId: string, minutes: number) => {
    signIns.push({ personId, gridCode: grids[g].code, signedInAt: at(days[d], minutes), synthetic: true });
    signers[d][g].push(personId);
  };
  const onTime = () => -random.range(0, calendar.signInOpensMinutesBefore * 0.8);
  const late = () => random.range(calendar.lateAfterMinutes + 1, Math.max(calendar.lateAfterMinutes + 2, eveningMinutes * 0.6));
  const absentFirstDay = new Set(plans.filter((plan) => plan.result === 'absent').map((plan) => `${plan.gridIndex}|${plan.personId}`));
  days.forEach((_, d) => {
    const attendance = Math.min(0.99, FIRST_DAY_ATTENDANCE + ATTENDANCE_GAIN_PER_DAY * d);
    grids.forEach((_, g) => {
      for (const personId of cadresOf[g]) {
        const checked = d === 0 ? firstDayResult.get(`${g}|${personId}`) : undefined;
        if (checked === 'absent') continue;
        if (checked === 'late') sign(d, g, personId, late());
        else if (checked) sign(d, g, personId, onTime());
        else if (random.next() < attendance) sign(d, g, personId, random.next() < LATE_SHARE ? late() : onTime());
      }
    });
    // Each county leader goes to one of the grids they head, in turn.
    const gridsOfLeader = new Map<string, number[]>();
    leaderOf.forEach((id, g) => gridsOfLeader.set(id, [...(gridsOfLeader.get(id) ?? []), g]));
    for (const [id, led] of gridsOfLeader) sign(d, led[d % led.length], id, onTime());
  });

  // Problems reported on a contact evening are logged by that evening's visits in their grid.
  const gridIndex = new Map(grids.map((grid, g) => [grid.code, g]));
  const dayIndex = new Map(days.map((day, d) => [day.date, d]));
  const problems = days.map(() => grids.map(() => 0));
  for (const issue of input.issues ?? []) {
    const reported = new Date(issue.reportedAt);
    const d = dayIndex.get(localDate(reported, calendar));
    const g = gridIndex.get(issue.gridCode);
    if (d === undefined || g === undefined || reported.getTime() < Date.parse(days[d].startsAt)) continue;
    if (signers[d][g].length === 0) {
      // Somebody took the problem down: a stationed cadre not found absent that evening.
      const cadre = cadresOf[g].find((id) => !(d === 0 && absentFirstDay.has(`${g}|${id}`)) && !signers[d][g].includes(id));
      if (!cadre) continue;
      sign(d, g, cadre, onTime());
    }
    problems[d][g]++;
  }

  // People received or visited: every problem came from someone; the rest spread by households and hands.
  const cells: Array<{ d: number; g: number }> = [];
  days.forEach((_, d) => grids.forEach((_, g) => signers[d][g].length > 0 && cells.push({ d, g })));
  const logged = cells.reduce((sum, { d, g }) => sum + problems[d][g], 0);
  const spread = apportion(
    Math.max(0, counts.peopleReceived - logged),
    cells.map(({ d, g }) => (Math.max(0, grids[g].households) + 50) * signers[d][g].length * (0.5 + random.next())),
  );
  const visits: NewVisit[] = [];
  cells.forEach(({ d, g }, index) => {
    const total = problems[d][g] + spread[index];
    if (total === 0) return;
    const hands = signers[d][g];
    const received = total === 1 ? 1 : Math.max(1, Math.min(total, Math.round(total * random.range(0.4, 0.7))));
    const receivedProblems = Math.min(problems[d][g], received);
    const visit = (personId: string, kind: NewVisit['kind'], people: number, logged: number): NewVisit => ({
      contactDate: days[d].date, gridCode: grids[g].code, personId, kind, people, problemsLogged: logged, note: null, synthetic: true,
    });
    visits.push(visit(hands[0], 'received', received, receivedProblems));
    if (total > received) visits.push(visit(hands[1 % hands.length], 'visited', total - received, problems[d][g] - receivedProblems));
  });

  const spotChecks: NewSpotCheck[] = plans.map((plan) => ({
    contactDate: days[0].date,
    gridCode: grids[plan.gridIndex].code,
    personId: plan.personId,
    result: plan.result,
    action: plan.action,
    inspector: INSPECTORS[plan.gridIndex % INSPECTORS.length],
    note: plan.note,
    synthetic: true,
  }));
  return { people, roster, contactDays: days, signIns, visits, spotChecks };
}
