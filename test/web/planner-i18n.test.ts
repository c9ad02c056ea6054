import { describe, expect, it } from 'vitest';
import { plannerEn, plannerTranslator, plannerZh, type PlannerKey } from '../../web/src/state/i18n-planner.ts';
import { placeholdersOf } from '../../web/src/state/i18n.ts';

describe('planner strings', () => {
  it('use the same placeholders in both languages', () => {
    for (const key of Object.keys(plannerZh) as PlannerKey[]) {
      expect(placeholdersOf(plannerEn[key]), key).toEqual(placeholdersOf(plannerZh[key]));
    }
  });

  it('are Chinese by default and fill their placeholders', () => {
    expect(plannerTranslator('zh')('selected', { n: 3, h: 120 })).toBe('已选 3 个街区 · 120 户');
    expect(plannerTranslator('en')('selected', { n: 3, h: 120 })).toBe('3 blocks selected · 120 households');
  });
});
