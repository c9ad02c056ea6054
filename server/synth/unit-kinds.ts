// Kinds of township-level units and of villages, read from their official names, and the nominal
// area each kind of village takes (km²) before areas are scaled to the real territory.

export type TownshipKind = 'urban' | 'town' | 'township' | 'farm';
export type VillageKind = 'community' | 'village' | 'farm-quarter';

export function townshipKind(name: string): TownshipKind {
  if (/街道|开发区|航空城|管理委员会|管委会|新区|园区/.test(name)) return 'urban';
  if (/管理处|繁殖场|农场|林场|垦殖场|渔场/.test(name)) return 'farm';
  if (/镇$/.test(name)) return 'town';
  return 'township';
}

export function villageKind(name: string): VillageKind {
  if (/社区|居委会|居民委员会/.test(name)) return 'community';
  if (/生活区|分场/.test(name)) return 'farm-quarter';
  return 'village';
}

/** Nominal area of one village (km²): communities are small and dense, farm quarters large. */
export function nominalVillageArea(village: VillageKind, township: TownshipKind): number {
  if (village === 'community') return township === 'urban' ? 0.8 : 1.0;
  if (village === 'farm-quarter') return township === 'farm' ? 9 : 6;
  return township === 'urban' ? 3 : township === 'farm' ? 6 : 5.5;
}
