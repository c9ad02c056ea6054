import { describe, expect, it } from 'vitest';
import { CATEGORY_NAMES_EN, categoryName, DICTIONARIES, placeholdersOf, translator, zh, en } from '../../web/src/state/i18n.ts';

describe('i18n', () => {
  it('has the same keys in Chinese and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });

  it('leaves no message empty and keeps placeholders the same in both languages', () => {
    for (const key of Object.keys(zh) as (keyof typeof zh)[]) {
      expect(zh[key].trim(), key).not.toBe('');
      expect(en[key].trim(), key).not.toBe('');
      expect(placeholdersOf(en[key]), key).toEqual(placeholdersOf(zh[key]));
    }
  });

  it('actually translates: English messages contain no Chinese characters except the language switch', () => {
    const han = /\p{Script=Han}/u;
    const exceptions = new Set(['language']);
    for (const [key, text] of Object.entries(DICTIONARIES.en)) {
      if (!exceptions.has(key)) expect(han.test(text), `${key}: ${text}`).toBe(false);
    }
    expect(han.test(DICTIONARIES.zh.appTitle)).toBe(true);
  });

  it('fills placeholders', () => {
    expect(translator('zh')('dataAsOf', { time: '09:05:00' })).toBe('数据截至 09:05:00');
    expect(translator('en')('dataAsOf', { time: '09:05:00' })).toBe('Data as of 09:05:00');
    expect(translator('en')('areaKm2', {})).toBe('{n} km²');
  });

  it('names categories in English and keeps unknown ones as stored', () => {
    expect(categoryName('en', '环境卫生')).toBe('Sanitation');
    expect(categoryName('zh', '环境卫生')).toBe('环境卫生');
    expect(categoryName('en', '新类别')).toBe('新类别');
    for (const name of Object.values(CATEGORY_NAMES_EN)) expect(name).toMatch(/^[A-Za-z ,]+$/);
  });
});
