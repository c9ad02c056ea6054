// Names and codes of the synthetic province's units. Every name starts with 合成 ("synthetic") and
// every code with the province part 99, which no real province has, so nothing here can be taken
// for a real place. Codes nest like statistical division codes: county 6 digits, township 9,
// village 12 (街道 001–099, 镇 101–199, 乡 201–299; communities 001–199, villages 200–999).
import { SYNTHETIC_PROVINCE_CODE } from '../../geo/grid-codes.ts';
import type { Random } from '../random.ts';
import type { SourceUnit, SourceVillage } from '../nanchang-source.ts';

export const PROVINCE_CODE = SYNTHETIC_PROVINCE_CODE;
export const PROVINCE_NAME = '合成省（SYNTHETIC）';
/** Counties per prefecture part of the code (the prefecture itself has no layer). */
const COUNTIES_PER_PREFECTURE = 10;
export const MAX_COUNTIES = 99 * COUNTIES_PER_PREFECTURE;

const DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** Chinese numeral for 1–999 (一, 十二, 二十, 一百零五 …). */
export function chineseNumeral(value: number): string {
  if (!Number.isInteger(value) || value < 1 || value > 999) throw new RangeError(`no numeral for ${value}`);
  const hundreds = Math.floor(value / 100), tens = Math.floor((value % 100) / 10), ones = value % 10;
  let text = '';
  if (hundreds) text += `${DIGITS[hundreds]}百`;
  if (tens) text += `${tens === 1 && !hundreds ? '' : DIGITS[tens]}十`;
  else if (hundreds && ones) text += '零';
  return text + DIGITS[ones];
}

export function countyCode(index: number): string {
  if (!Number.isInteger(index) || index < 0 || index >= MAX_COUNTIES) throw new RangeError(`county index ${index} is outside 0..${MAX_COUNTIES - 1}`);
  const prefecture = Math.floor(index / COUNTIES_PER_PREFECTURE) + 1;
  const county = (index % COUNTIES_PER_PREFECTURE) + 1;
  return `${PROVINCE_CODE}${String(prefecture).padStart(2, '0')}${String(county).padStart(2, '0')}`;
}

export function countyName(index: number): string {
  return `合成县${String(index + 1).padStart(3, '0')}`;
}

export interface UnitCounts {
  /** Mean township-level units per county (default 24). */
  townships?: number;
  /** Mean villages and communities per township (default about 20). */
  villagesPerTownship?: number;
}

export interface CountyUnits {
  townships: SourceUnit[];
  villages: SourceVillage[];
  /** The township holding the county seat (the first town). */
  seatTownship: string;
  /** The urban units (街道) that cluster around the seat. */
  urbanTownships: string[];
}

type Kind = 'street' | 'town' | 'township';

/** Township-level units and their villages for one county, drawn from the county's own stream. */
export function countyUnits(code: string, counts: UnitCounts, random: Random): CountyUnits {
  const meanTownships = counts.townships ?? 24;
  const meanVillages = counts.villagesPerTownship ?? 20;
  const townshipCount = Math.max(1, Math.round(meanTownships * (1 + 0.12 * clamp(random.normal(), -2, 2))));
  // About one unit in eight is urban (街道), at least one when there are four or more units.
  const streets = townshipCount >= 4 ? Math.max(1, Math.round(townshipCount * random.range(0.08, 0.16))) : 0;
  const towns = Math.max(1, Math.round((townshipCount - streets) * random.range(0.5, 0.62)));
  const kinds: Kind[] = [
    ...Array<Kind>(streets).fill('street'),
    ...Array<Kind>(Math.min(towns, townshipCount - streets)).fill('town'),
    ...Array<Kind>(Math.max(0, townshipCount - streets - towns)).fill('township'),
  ];
  const sequence: Record<Kind, number> = { street: 0, town: 0, township: 0 };
  const suffix: Record<Kind, string> = { street: '街道', town: '镇', township: '乡' };
  const base: Record<Kind, number> = { street: 0, town: 100, township: 200 };
  const townships: SourceUnit[] = [];
  const villages: SourceVillage[] = [];
  kinds.forEach((kind, index) => {
    const number = ++sequence[kind];
    const townshipCode = `${code}${String(base[kind] + number).padStart(3, '0')}`;
    // Numbered across the county so that no two units of a county share a name.
    townships.push({ code: townshipCode, name: `合成${chineseNumeral(index + 1)}${suffix[kind]}`, });
    const scale = meanVillages / 20;
    const [communities, rural] =
      kind === 'street' ? [random.integer(6, 13), random.integer(0, 4)]
        : kind === 'town' ? [random.integer(2, 5), random.integer(14, 27)]
          : [1, random.integer(12, 25)];
    const communityCount = Math.max(kind === 'street' ? 1 : 0, Math.round(communities * scale));
    const villageCount = Math.max(kind === 'street' ? 0 : 1, Math.round(rural * scale));
    for (let k = 1; k <= communityCount; k++) {
      villages.push({ code: `${townshipCode}${String(k).padStart(3, '0')}`, name: `合成${chineseNumeral(k)}社区`, townshipCode });
    }
    for (let k = 1; k <= villageCount; k++) {
      villages.push({ code: `${townshipCode}${String(200 + k).padStart(3, '0')}`, name: `合成${chineseNumeral(k)}村`, townshipCode });
    }
  });
  const seatTownship = townships[streets]?.code ?? townships[0].code;
  return { townships, villages, seatTownship, urbanTownships: townships.slice(0, streets).map((unit) => unit.code) };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
