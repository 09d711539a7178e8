import { describe, expect, it } from 'vitest';
import { placeholders } from '../../kernel/i18n.ts';
import { attribute } from '../analytics/rules/attribution.ts';
import { DEFAULT_KBI_RULES as rules } from './rules/kbi-rules.ts';
import { kbiEn as en, kbiZh as zh } from './i18n.ts';
import { attributionSentence } from './cards/kbi-text.ts';

const kbiEn: Record<string, string> = en;
const kbiZh: Record<string, string> = zh;

describe('the kbi catalog', () => {
  it('says everything in both languages, with the same placeholders', () => {
    expect(Object.keys(kbiZh).sort()).toEqual(Object.keys(kbiEn).sort());
    const vars = placeholders; // counts (`{n, plural, …}`) name their var once
    for (const key of Object.keys(kbiEn)) expect(vars(kbiZh[key] ?? ''), key).toEqual(vars(kbiEn[key] ?? ''));
  });

  it('puts the slope in a plain sentence, or says there is too little data', () => {
    const label = { 'zh-CN': '方案交付及时率', en: 'on-time proposals' };
    const data = [
      [50, 10],
      [60, 12],
      [70, 15],
      [80, 17],
      [90, 19],
    ].map(([execution = 0, conversion = 0], i) => ({
      repId: `r${i}`,
      execution,
      conversion,
    }));
    const a = attribute(rules, data); // slope 0.23 (see attribution.test.ts)
    expect(attributionSentence('en', a, label, 5)).toBe(
      'Each +10 % on-time proposals went with +2.3 points conversion (5 reps).',
    );
    expect(attributionSentence('zh-CN', a, label, 5)).toBe(
      '方案交付及时率每提升10%，转化率上升2.3个百分点（5名销售）。',
    );
    expect(attributionSentence('en', null, label, 5)).toBe(
      'Too little data to relate on-time proposals to conversion this month (fewer than 5 reps).',
    );
  });
});
