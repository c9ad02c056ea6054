// Synthetic ledger of residents' problems (民情问题) for a fresh database: deterministic, marked synthetic.
// Shaped on the 2015 figures: 7,773 collected over nine contact days, 4,373 closed, 82.1 % satisfied.
import type { NewIssue, Satisfaction, Tier } from '../model.ts';
import type { PolygonCoords } from '../geo/types.ts';
import { pointInPolygon, ringBBox } from '../geo/ring.ts';
import { TIER_DEADLINE_DAYS, deadlineFor } from '../store/issueRules.ts';
import { withSeedHistory } from './issueHistory.ts';
import { mulberry32 } from './random.ts';

export interface SeedIssueGrid {
  code: string;
  villageCode: string;
  townshipCode: string;
  households: number;
  polygon: PolygonCoords;
}

export interface SeedIssuesInput {
  grids: SeedIssueGrid[];
  count?: number;
  closed?: number;
  /** Share of closed issues answered satisfied or basically satisfied. */
  satisfiedShare?: number;
  seed?: number;
  now: Date;
  /** Days before `now` the problems are spread over, with a contact evening every week (nine weeks by default). */
  periodDays?: number;
}

export const ISSUE_CATEGORIES = ['环境卫生', '矛盾纠纷', '道路交通', '治安隐患', '民生服务', '农业农村', '住房建设', '其他'] as const;
export type IssueCategory = (typeof ISSUE_CATEGORIES)[number];

const CATEGORY_WEIGHTS: Record<IssueCategory, number> = {
  环境卫生: 0.24, 矛盾纠纷: 0.14, 道路交通: 0.14, 治安隐患: 0.1, 民生服务: 0.16, 农业农村: 0.1, 住房建设: 0.07, 其他: 0.05,
};

const TITLES: Record<IssueCategory, readonly string[]> = {
  环境卫生: ['垃圾清运不及时', '生活污水直排沟渠', '河塘漂浮物需清理', '公厕卫生脏乱', '路边堆放建筑垃圾', '占道晾晒影响市容'],
  矛盾纠纷: ['邻里宅基地边界纠纷', '土地流转租金争议', '家庭赡养纠纷调解', '噪音扰民引发矛盾', '工程款拖欠纠纷', '山林权属争议'],
  道路交通: ['路灯损坏夜间无照明', '村道路面坑洼积水', '井盖缺失存在隐患', '路口缺少减速标志', '桥梁护栏破损', '公交站台需修缮'],
  治安隐患: ['老旧楼道电线裸露', '出租屋消防通道堵塞', '空置房屋存在隐患', '河边缺少防溺水警示', '夜间有可疑人员出没', '电动车楼道充电'],
  民生服务: ['低保申请材料咨询', '医保报销流程咨询', '独居老人需要照护', '自来水水压不足', '残疾人补贴未到位', '子女入学政策咨询'],
  农业农村: ['农田灌溉水渠堵塞', '农机补贴申领咨询', '病虫害防治求助', '农产品销路困难', '水利设施年久失修', '养殖污染需整治'],
  住房建设: ['危房改造进度询问', '屋顶漏水需维修', '违章搭建影响通行', '小区物业管理不到位', '拆迁安置问题反映', '房屋产权登记咨询'],
  其他: ['宽带信号覆盖差', '文化活动场地不足', '健身器材损坏', '政策宣传需加强'],
};

/** Most problems are solved at village level (red); few need the county (yellow). */
const TIER_WEIGHTS: Record<Tier, number> = { red: 0.7, orange: 0.22, yellow: 0.08 };
/** Quick, local problems get closed first. */
const TIER_CLOSING_FACTOR: Record<Tier, number> = { red: 3, orange: 1.5, yellow: 0.6 };

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const CHINA_OFFSET_MS = 8 * HOUR_MS;
const DEFAULT_PERIOD_DAYS = 63;
/** Share reported during Wednesday-evening visits (驻点日); the rest arrive any time. */
const CONTACT_EVENING_SHARE = 0.78;
const CONTACT_EVENING_START_HOUR = 18;
const CONTACT_EVENING_HOURS = 3.5;
const CLOSED_ON_TIME_SHARE = 0.85;
const SATISFIED_OF_CONTENT = 0.65;
const COORDINATE_SCALE = 1e7;


function cumulative(weights: number[]): number[] {
  let total = 0;
  return weights.map((w) => (total += w));
}

/** Index drawn with probability proportional to its weight (binary search over cumulative sums). */
function pickWeighted(sums: number[], random: () => number): number {
  const target = random() * sums[sums.length - 1];
  let low = 0, high = sums.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sums[middle] > target) high = middle;
    else low = middle + 1;
  }
  return low;
}

function pickFromRecord<K extends string>(weights: Record<K, number>, random: () => number): K {
  const keys = Object.keys(weights) as K[];
  return keys[pickWeighted(cumulative(keys.map((k) => weights[k])), random)];
}

/** An interior point on a horizontal line: the middle of the first inside span. Fallback for slivers. */
function scanlinePoint(polygon: PolygonCoords, y: number): [number, number] | null {
  const crossings: number[] = [];
  for (const ring of polygon) {
    for (let i = 0; i < ring.length - 1; i++) {
      const [x1, y1] = ring[i], [x2, y2] = ring[i + 1];
      if (y1 > y !== y2 > y) crossings.push(x1 + ((y - y1) * (x2 - x1)) / (y2 - y1));
    }
  }
  crossings.sort((a, b) => a - b);
  return crossings.length >= 2 ? [(crossings[0] + crossings[1]) / 2, y] : null;
}

/** Uniform point inside the polygon: rejection sampling against its bounding box. */
export function samplePointInPolygon(polygon: PolygonCoords, random: () => number, maxAttempts = 1000): [number, number] {
  const [minX, minY, maxX, maxY] = ringBBox(polygon[0]);
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const x = minX + random() * (maxX - minX);
    const y = minY + random() * (maxY - minY);
    if (pointInPolygon(x, y, polygon)) return [x, y];
  }
  for (let attempt = 0; attempt < 16; attempt++) {
    const point = scanlinePoint(polygon, minY + (0.5 + (random() - 0.5) * 0.9) * (maxY - minY));
    if (point && pointInPolygon(point[0], point[1], polygon)) return point;
  }
  return [polygon[0][0][0], polygon[0][0][1]];
}

/** The `count` most recent Wednesday-evening starts (Beijing time) before `now`, as UTC milliseconds. */
function contactEvenings(now: Date, count: number): number[] {
  const local = new Date(now.getTime() + CHINA_OFFSET_MS);
  const midnightLocal = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  const daysSinceWednesday = (local.getUTCDay() - 3 + 7) % 7;
  let start = midnightLocal - daysSinceWednesday * DAY_MS + CONTACT_EVENING_START_HOUR * HOUR_MS - CHINA_OFFSET_MS;
  if (start >= now.getTime()) start -= 7 * DAY_MS;
  return Array.from({ length: count }, (_, week) => start - week * 7 * DAY_MS);
}

function round(value: number): number {
  return Math.round(value * COORDINATE_SCALE) / COORDINATE_SCALE;
}

function shuffled<T>(items: T[], random: () => number): T[] {
  const copy = items.slice();
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

export function generateSeedIssues(input: SeedIssuesInput): NewIssue[] {
  const { grids, now } = input;
  const count = input.count ?? 7773;
  const closedCount = input.closed ?? 4373;
  const satisfiedShare = input.satisfiedShare ?? 0.821;
  const periodDays = input.periodDays ?? DEFAULT_PERIOD_DAYS;
  const random = mulberry32(input.seed ?? 20150401);
  if (!Number.isInteger(count) || count < 0) throw new RangeError('count must be a non-negative integer');
  if (!Number.isInteger(closedCount) || closedCount < 0 || closedCount > count) throw new RangeError('closed must be within 0..count');
  if (!(satisfiedShare >= 0 && satisfiedShare <= 1)) throw new RangeError('satisfiedShare must be within 0..1');
  if (Number.isNaN(now.getTime())) throw new RangeError('now is not a valid date');
  if (!Number.isInteger(periodDays) || periodDays < 7) throw new RangeError('periodDays must be a whole number of at least 7');
  if (count === 0) return [];
  if (grids.length === 0) throw new RangeError('no grids to place issues in');

  // Problems come from where people live; an empty county still gets an even spread.
  const households = grids.map((g) => Math.max(0, g.households));
  const gridSums = cumulative(households.some((h) => h > 0) ? households : grids.map(() => 1));
  const evenings = contactEvenings(now, Math.floor(periodDays / 7));
  const earliest = now.getTime() - periodDays * DAY_MS;

  const drafts = Array.from({ length: count }, () => {
    const grid = grids[pickWeighted(gridSums, random)];
    // Rounding to 1 cm can push an edge point out; draw again in that rare case.
    let [lon, lat] = samplePointInPolygon(grid.polygon, random).map(round);
    for (let attempt = 0; attempt < 8 && !pointInPolygon(lon, lat, grid.polygon); attempt++) {
      [lon, lat] = samplePointInPolygon(grid.polygon, random).map(round);
    }
    const tier = pickFromRecord(TIER_WEIGHTS, random);
    const category = pickFromRecord(CATEGORY_WEIGHTS, random);
    const titles = TITLES[category];
    const title = titles[Math.floor(random() * titles.length)];
    let reported: number;
    if (random() < CONTACT_EVENING_SHARE) {
      reported = evenings[Math.floor(random() * evenings.length)] + random() * CONTACT_EVENING_HOURS * HOUR_MS;
    } else {
      reported = earliest + random() * (now.getTime() - earliest);
    }
    reported = Math.min(Math.floor(reported), now.getTime() - 1);
    return { grid, lon, lat, tier, category, title, reported };
  });
  drafts.sort((a, b) => a.reported - b.reported);

  // Weighted sampling without replacement (key = u^(1/w)): older and lower-tier problems close first.
  const closingKeys = drafts.map((draft, index) => {
    const ageDays = (now.getTime() - draft.reported) / DAY_MS;
    const weight = TIER_CLOSING_FACTOR[draft.tier] * (ageDays + 0.5);
    return { index, key: Math.pow(random(), 1 / weight) };
  });
  closingKeys.sort((a, b) => b.key - a.key || a.index - b.index);
  const closedIndexes = closingKeys.slice(0, closedCount).map((k) => k.index).sort((a, b) => a - b);

  const content = Math.round(closedCount * satisfiedShare);
  const satisfiedCount = Math.round(content * SATISFIED_OF_CONTENT);
  const answers = new Map<number, Satisfaction>();
  shuffled(closedIndexes, random).forEach((index, rank) => {
    answers.set(index, rank < satisfiedCount ? 'satisfied' : rank < content ? 'basically_satisfied' : 'dissatisfied');
  });

  // A stream of its own, so the records themselves stay as they were before histories existed.
  const historyRandom = mulberry32((input.seed ?? 20150401) ^ 0x1ed6e7);
  return drafts.map((draft, index) => {
    const reportedAt = new Date(draft.reported);
    const satisfaction = answers.get(index) ?? null;
    let closedAt: string | null = null;
    if (satisfaction) {
      const allowed = TIER_DEADLINE_DAYS[draft.tier] * DAY_MS;
      const onTime = random() < CLOSED_ON_TIME_SHARE;
      let duration = allowed * (onTime ? 0.1 + 0.9 * random() : 1 + random());
      const available = now.getTime() - draft.reported;
      if (duration >= available) duration = available * (0.2 + 0.75 * random());
      closedAt = new Date(draft.reported + Math.floor(duration)).toISOString();
    }
    return withSeedHistory({
      title: draft.title,
      category: draft.category,
      tier: draft.tier,
      status: satisfaction ? 'closed' : 'open',
      lon: draft.lon,
      lat: draft.lat,
      gridCode: draft.grid.code,
      villageCode: draft.grid.villageCode,
      townshipCode: draft.grid.townshipCode,
      reportedAt: reportedAt.toISOString(),
      deadlineAt: deadlineFor(draft.tier, reportedAt).toISOString(),
      closedAt,
      satisfaction,
      synthetic: true,
    }, historyRandom, now);
  });
}
