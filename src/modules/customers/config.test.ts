import { describe, expect, it } from 'vitest';
import { ConfigError, parseRules } from '../../config.ts';

function problems(yaml: string): string[] {
  try {
    parseRules(yaml);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('the customers section of the rules file (F24)', () => {
  it('takes a shorter window, another recompute time and its own product pack', () => {
    const rules = parseRules(
      "customers:\n  lookbackMonths: 6\n  recomputeAt: '07:30'\n  repurchaseReminder: false\n  productPack: { zh-CN: 产品包, en: Pack }\n",
    );
    expect(rules.customers).toEqual({
      lookbackMonths: 6,
      recomputeAt: '07:30',
      repurchaseReminder: false,
      productPack: { 'zh-CN': '产品包', en: 'Pack' },
    });
  });

  it.each([
    [
      'customers:\n  lookbackMonths: 0\n',
      'customers.lookbackMonths: expected a whole number of months from 1 to 36',
    ],
    ['customers:\n  recomputeAt: 6am\n', 'customers.recomputeAt: expected a time of day such as 09:00'],
    [
      `customers:\n  productPack: { zh-CN: '${'包'.repeat(2001)}', en: x }\n`,
      'customers.productPack.zh-CN: expected at most 2000 characters',
    ],
  ])('names the path of a wrong setting: %#', (yaml, problem) => {
    expect(problems(yaml)).toContain(problem);
  });
});
