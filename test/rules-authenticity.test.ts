import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseRules } from '../src/config.ts';
import { DEFAULT_RULES } from '../src/modules/rules.ts';

function problems(yaml: string): string[] {
  try {
    parseRules(yaml);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('rules file: the authenticity section', () => {
  it('reads the commented example as exactly the defaults', () => {
    const rules = parseRules(readFileSync(new URL('../config/rules.example.yaml', import.meta.url), 'utf8'));
    expect(rules.authenticity).toEqual(DEFAULT_RULES.authenticity);
  });

  it('keeps the defaults for what a file leaves out, and adds industries a file brings', () => {
    const rules = parseRules(`
authenticity:
  checkIn: { maxMeters: 300 }
  industries:
    dictionary:
      restaurant:
        label: { zh-CN: 餐饮, en: restaurant }
        names: [餐饮, restaurant]
        words: { zh-CN: [后厨, 菜单], en: [kitchen, menu] }
`);
    expect(rules.authenticity.checkIn.maxMeters).toBe(300);
    expect(rules.authenticity.weights).toEqual(DEFAULT_RULES.authenticity.weights);
    expect(Object.keys(rules.authenticity.industries.dictionary)).toContain('hospital');
    expect(rules.authenticity.industries.dictionary.restaurant?.words.en).toEqual(['kitchen', 'menu']);
  });

  it.each([
    [
      'authenticity:\n  weights: { photoReused: 120 }',
      'authenticity.weights.photoReused: expected points between 0 and 100',
    ],
    ['authenticity:\n  checkIn: { maxMeters: 0 }', 'authenticity.checkIn.maxMeters: expected a number > 0'],
    [
      'authenticity:\n  backfill: { lateAfter: "11pm" }',
      'authenticity.backfill.lateAfter: expected a time of day such as 22:00',
    ],
    ['authenticity:\n  burst: { minLogs: 1 }', 'authenticity.burst.minLogs: expected a whole number ≥ 2'],
    [
      'authenticity:\n  photo: { maxDistance: 65 }',
      'authenticity.photo.maxDistance: expected a whole number of bits between 0 and 64',
    ],
    [
      'authenticity:\n  exif: { toleranceMinute: 5 }',
      'authenticity.exif.toleranceMinute: unknown setting (check its spelling)',
    ],
    [
      'authenticity:\n  industries:\n    dictionary:\n      bar: { label: { zh-CN: 酒吧, en: bar }, names: [], words: { zh-CN: [], en: [] } }',
      'authenticity.industries.dictionary.bar.names: expected at least one industry name',
    ],
  ])('names the path of a wrong setting: %s', (yaml, message) => {
    expect(problems(yaml)).toContain(message);
  });
});
