// F1 per business line (issue 24 item 3): line scoring, declared dimensions and loose industry matching, on the
// brief's seed figures (地产/家装/工装, <5万 / 5–20万 / 20万+, 2 contacts in 3 days +5, completeness).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseRules } from '../../../config.ts';
import { DEFAULT_RULES, type Rules } from '../../rules.ts';
import { lineOf, scoreLead } from './scoring.ts';
import { looseWord, matchIndustry } from './industry-match.ts';
import type { LeadFields } from '../../../kernel/types.ts';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-23T02:00:00Z');

function fields(overrides: Partial<LeadFields> = {}): LeadFields {
  return {
    company: '华东装饰工程有限公司',
    contact: '张伟',
    phone: '13800138000',
    email: '',
    industry: '地产',
    budget: 100_000,
    need: '售楼处装修',
    region: '华东',
    source: 'web',
    campaign: 'C1',
    tags: [],
    urgency: null,
    trialEndsAt: null,
    ...overrides,
  };
}

function withScoring(scoring: Partial<Rules['scoring']>): Rules {
  return { ...DEFAULT_RULES, scoring: { ...DEFAULT_RULES.scoring, ...scoring } };
}

/** The seed cases with the breakdowns the scoring gave before business lines existed, written out by hand. */
const SEEDS: Array<[string, Partial<LeadFields>, number[], unknown]> = [
  [
    '地产, 10万, complete, once',
    {},
    [NOW],
    {
      total: 60,
      parts: [
        { dimension: 'industry', points: 20, detail: '地产' },
        { dimension: 'budget', points: 20, detail: '5–20万' },
        { dimension: 'contactFrequency', points: 0, detail: '1 in 3d' },
        { dimension: 'completeness', points: 20, detail: 'complete' },
      ],
    },
  ],
  [
    '家装, 3万, no phone or need, twice in 3 days',
    { industry: '家装', budget: 30_000, phone: '', need: '' },
    [NOW, NOW + 3 * DAY],
    {
      total: 40,
      parts: [
        { dimension: 'industry', points: 15, detail: '家装' },
        { dimension: 'budget', points: 10, detail: '<5万' },
        { dimension: 'contactFrequency', points: 5, detail: '2 in 3d' },
        { dimension: 'completeness', points: 10, detail: 'missing:phone,need' },
      ],
    },
  ],
  [
    '工装, 50万, complete',
    { industry: ' 工装 ', budget: 500_000 },
    [NOW],
    {
      total: 68,
      parts: [
        { dimension: 'industry', points: 18, detail: '工装' },
        { dimension: 'budget', points: 30, detail: '20万+' },
        { dimension: 'contactFrequency', points: 0, detail: '1 in 3d' },
        { dimension: 'completeness', points: 20, detail: 'complete' },
      ],
    },
  ],
  [
    '餐饮 (not listed), no industry word matches',
    { industry: '餐饮', budget: 0 },
    [NOW],
    {
      total: 38,
      parts: [
        { dimension: 'industry', points: 8, detail: 'other:餐饮' },
        { dimension: 'budget', points: 10, detail: '<5万' },
        { dimension: 'contactFrequency', points: 0, detail: '1 in 3d' },
        { dimension: 'completeness', points: 20, detail: 'complete' },
      ],
    },
  ],
];

describe('rules files without business lines', () => {
  const example = parseRules(readFileSync('config/rules.example.yaml', 'utf8'));
  it.each(SEEDS)('score %s exactly as before, with no line', (_name, over, times, expected) => {
    expect(scoreLead(fields(over), times, DEFAULT_RULES)).toStrictEqual(expected);
    expect(scoreLead(fields(over), times, example)).toStrictEqual(expected);
  });
});

/** An education line: vocational schools weigh the industry more and the budget less, and count the region. */
const LINES = withScoring({
  industrySynonyms: { 医疗: ['医疗基建', '医院'], 职业院校: ['职校', '高职'] },
  lines: {
    education: {
      match: { industry: ['职业院校'] },
      industries: { 职业院校: 30 },
      budgetBands: [
        { below: 100_000, points: 10, label: '<10万' },
        { below: null, points: 20, label: '10万+' },
      ],
      completeness: { fields: ['company', 'contact', 'phone'] },
      dimensions: [{ name: 'region', field: 'region', points: { 华东: 10, 华南: 5 }, otherPoints: 0 }],
      weights: { budget: 0.5 },
    },
    b2b: { match: { industry: ['医疗'] } },
    local: { match: { source: ['门店'] }, otherIndustryPoints: 0 },
  },
});

describe('a lead in a business line', () => {
  it('is scored by its line: own industry points, bands, completeness, dimension and weight; the line is kept', () => {
    const s = scoreLead(fields({ industry: '高职', budget: 150_000, need: '' }), [NOW], LINES);
    expect(s).toStrictEqual({
      total: 30 + 10 + 0 + 20 + 10,
      line: 'education',
      parts: [
        {
          dimension: 'industry',
          points: 30,
          detail: 'synonym:高职=职业院校',
          synonym: { word: '高职', of: '职业院校' },
        },
        { dimension: 'budget', points: 10, detail: '10万+', weight: 0.5 },
        { dimension: 'contactFrequency', points: 0, detail: '1 in 3d' },
        // The line asks only for company, contact and phone: the missing need costs nothing here.
        { dimension: 'completeness', points: 20, detail: 'complete' },
        { dimension: 'field', name: 'region', points: 10, detail: '华东' },
      ],
    });
  });

  it('keeps the default rules for a lead in no line, even when lines exist', () => {
    const [, over, times, expected] = SEEDS[0] as (typeof SEEDS)[number];
    expect(scoreLead(fields(over), times, LINES)).toStrictEqual(expected);
    expect(lineOf(fields(over), LINES)).toBeNull();
  });

  it('takes the first line in the file’s order whose match the lead meets, industry matched loosely', () => {
    expect(lineOf(fields({ industry: '医院' }), LINES)?.id).toBe('b2b');
    expect(lineOf(fields({ industry: ' 职校 ' }), LINES)?.id).toBe('education');
    const s = scoreLead(fields({ industry: '医院', region: '华南' }), [NOW], LINES);
    expect(s.line).toBe('b2b');
    // 医院 ≈ 医疗 ≈ 医疗基建, which the default industries list at 20.
    expect(s.parts[0]).toStrictEqual({
      dimension: 'industry',
      points: 20,
      detail: 'synonym:医院=医疗基建',
      synonym: { word: '医院', of: '医疗基建' },
    });
    // A line's otherIndustryPoints replaces the default for industries it does not know.
    const walkIn = scoreLead(fields({ industry: '餐饮', source: ' 门店 ' }), [NOW], LINES);
    expect(walkIn.line).toBe('local');
    expect(walkIn.parts[0]).toStrictEqual({ dimension: 'industry', points: 0, detail: 'other:餐饮' });
  });

  it('scores a lead in the line but out of the dimension’s values with otherPoints', () => {
    const s = scoreLead(fields({ industry: '职业院校', region: '西北' }), [NOW], LINES);
    expect(s.parts.at(-1)).toStrictEqual({
      dimension: 'field',
      name: 'region',
      points: 0,
      detail: 'other:西北',
    });
  });
});

describe('declared dimensions on the default rules', () => {
  const rules = withScoring({
    industrySynonyms: { 医疗: ['医疗基建', '医院'] },
    dimensions: [
      { name: '渠道', field: 'source', points: { Referral: 15, web: 5 }, otherPoints: 1 },
      { name: '标签', field: 'tags', points: { 大客户: 12, 老客户: 8 }, otherPoints: 0 },
      { name: '重点行业', field: 'industry', points: { 医疗: 7 }, otherPoints: 0 },
    ],
    weights: { 渠道: 2 },
  });

  it('reads source (case and width loose), the best tag, and the industry through its synonyms', () => {
    const s = scoreLead(
      fields({ source: 'ＲＥＦＥＲＲＡＬ', tags: ['老客户', '大客户'], industry: '医院' }),
      [NOW],
      rules,
    );
    expect(s.parts.slice(4)).toStrictEqual([
      { dimension: 'field', name: '渠道', points: 30, detail: 'Referral', weight: 2 },
      { dimension: 'field', name: '标签', points: 12, detail: '大客户' },
      { dimension: 'field', name: '重点行业', points: 7, detail: '医疗' },
    ]);
    expect(s.line).toBeUndefined();
    expect(s.total).toBe(s.parts.reduce((a, p) => a + p.points, 0));
  });

  it('gives otherPoints to a value not listed and to an empty one', () => {
    const s = scoreLead(fields({ source: 'expo', tags: [], industry: '' }), [NOW], rules);
    expect(s.parts.slice(4).map((p) => [p.points, p.detail])).toEqual([
      [2, 'other:expo'],
      [0, 'other:-'],
      [0, 'other:-'],
    ]);
  });
});

describe('loose industry matching', () => {
  it.each([
    ['医院', { key: '医疗基建', synonymOf: '医院' }],
    ['医疗', { key: '医疗基建', synonymOf: '医疗' }],
    [' 医疗基建 ', { key: '医疗基建' }],
    ['ＳａａＳ', { key: 'saas' }],
    ['餐饮', null],
    ['', null],
  ])('matches %s as %o', (word, hit) => {
    expect(matchIndustry(word, ['地产', '医疗基建', 'saas'], { 医疗: ['医疗基建', '医院'] })).toEqual(hit);
  });

  it('counts a word listed in two groups in the first one, as the file orders them', () => {
    const synonyms = { 医疗: ['医院', '诊所'], 养老: ['医院', '养老院'] };
    expect(matchIndustry('医院', ['医疗', '养老'], synonyms)).toEqual({ key: '医疗', synonymOf: '医院' });
    expect(matchIndustry('养老院', ['医疗', '养老'], synonyms)).toEqual({ key: '养老', synonymOf: '养老院' });
  });

  it('loosens width, case and spaces, and bounds what it reads', () => {
    expect(looseWord('　ＡＢＣ  Ｄ１ ')).toBe('abc d1');
    expect(looseWord('x'.repeat(10_000))).toHaveLength(200);
  });
});

describe('the rules file', () => {
  const problems = (yaml: string): string[] => {
    try {
      parseRules(yaml);
    } catch (err) {
      if (err instanceof ConfigError) return err.problems;
      throw err;
    }
    return [];
  };

  it('reads lines, dimensions and synonyms', () => {
    const rules = parseRules(
      [
        'scoring:',
        '  industrySynonyms: { 医疗: [医疗基建, 医院] }',
        '  dimensions: [{ name: region, field: region, points: { 华东: 10, 华南: 5 } }]',
        '  lines:',
        '    education: { match: { industry: [职业院校] }, industries: { 职业院校: 30 }, weights: { region: 2 } }',
      ].join('\n'),
    );
    expect(rules.scoring.dimensions).toEqual([
      { name: 'region', field: 'region', points: { 华东: 10, 华南: 5 }, otherPoints: 0 },
    ]);
    expect(scoreLead(fields({ industry: '职业院校' }), [NOW], rules)).toMatchObject({
      line: 'education',
      total: 30 + 20 + 0 + 20 + 20,
    });
  });

  it.each([
    [
      'scoring: { dimensions: [{ name: 区域, field: province, points: { 华东: 1 } }] }',
      'scoring.dimensions[0].field: "province" is not a lead field a dimension can read: expected one of industry, region, source, campaign, tags, urgency / 「province」不是可计分的线索字段，可用：industry、region、source、campaign、tags、urgency',
    ],
    [
      'scoring: { lines: { hospital: { match: { industry: [医疗] } } } }',
      'scoring.lines.hospital: "hospital" is not a business line: expected a pipeline id from deals.pipelines (b2b, retail, education, local) / 「hospital」不是业务线，应为 deals.pipelines 中的 id（b2b、retail、education、local）',
    ],
    [
      'scoring: { lines: { b2b: { industries: { 医疗: 30 } } } }',
      'scoring.lines.b2b.match: a business line needs `match`: the lead fields that put a lead in it (industry, tags, region, source) / 业务线需要 match：按哪些线索字段（industry、tags、region、source）归入该业务线',
    ],
    [
      'scoring: { lines: { b2b: { match: {}, weights: { budget: 2 } } } }',
      'scoring.lines.b2b.match: a business line needs `match` on at least one of industry, tags, region, source / 业务线至少要按 industry、tags、region、source 之一匹配线索',
    ],
    [
      'scoring: { lines: { b2b: { match: { region: [华东] }, weights: { region: 2 } } } }',
      'scoring.lines.b2b.weights.region: "region" is no scoring dimension: expected industry, budget, contactFrequency, completeness / 「region」不是评分维度，可用：industry、budget、contactFrequency、completeness',
    ],
    [
      'scoring: { dimensions: [{ name: budget, field: region, points: {} }] }',
      'scoring.dimensions[0].name: "budget" is a built-in dimension: choose another name / 「budget」是内置维度，请换一个名字',
    ],
  ])('refuses %s, naming the key in English and Chinese', (yaml, problem) => {
    expect(problems(yaml)).toContain(problem);
  });
});
