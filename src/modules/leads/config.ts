// The rules file's `tags` section (smart tags, issue 24 item 4), validated at the edge like the rest (src/config.ts).
import { z } from 'zod';
import { count, nonNeg, positive } from '../config-numbers.ts';
import { DIMENSION_FIELDS, type FieldDimension } from '../rules.ts';

const words = z.array(
  z.string({ error: 'expected text' }).trim().min(1, 'expected a word').max(50, 'at most 50 characters'),
  {
    error: 'expected a list of text',
  },
);
const fraction = 'expected a number from 0 to 1';

export const tagRulesSchema = z.strictObject({
  list: words.max(1000, 'at most 1000 tags'),
  synonyms: z.record(z.string(), words, { error: 'expected tag: [words] pairs' }),
  applyAt: z.number({ error: fraction }).min(0, fraction).max(1, fraction),
});

// --- scoring (F1, issue 24 item 3: business lines, declared dimensions, industry synonyms). Messages about the
// new settings are in English and Chinese: the path names the key, the message names the bad value.
const label = z.string({ error: 'expected text' });
const word = z
  .string({ error: 'expected text / 应为文字' })
  .trim()
  .min(1, 'expected a word / 应为一个词')
  .max(100, 'at most 100 characters / 最多 100 个字符');
const wordList = z
  .array(word, { error: 'expected a list of words / 应为词语列表' })
  .max(200, 'at most 200 words / 最多 200 个词');
const pointsTable = z.record(word, nonNeg, { error: 'expected value: points pairs / 应为「取值: 分数」' });

const bands = z
  .array(z.strictObject({ below: positive.nullable(), points: nonNeg, label }), {
    error: 'expected a list of bands',
  })
  .min(1, 'expected at least one band')
  .refine(
    (list) => list.some((b) => b.below === null),
    'the last band needs `below: null` so every budget has a band',
  );
const completenessFields = z.array(
  z.enum(['company', 'contact', 'phone', 'email', 'need', 'industry', 'region'], {
    error: 'expected one of company, contact, phone, email, need, industry, region',
  }),
);
const BUILT_IN = ['industry', 'budget', 'contactFrequency', 'completeness'];
const fieldNames = DIMENSION_FIELDS.join(', ');
const dimension = z.strictObject({
  name: word.refine((n) => !BUILT_IN.includes(n), {
    error: (iss) =>
      `"${String(iss.input)}" is a built-in dimension: choose another name / 「${String(iss.input)}」是内置维度，请换一个名字`,
  }),
  field: z.enum(DIMENSION_FIELDS, {
    error: (iss) =>
      `"${String(iss.input)}" is not a lead field a dimension can read: expected one of ${fieldNames} / 「${String(iss.input)}」不是可计分的线索字段，可用：${DIMENSION_FIELDS.join('、')}`,
  }),
  points: pointsTable,
  otherPoints: nonNeg.default(0),
});
const dimensions = z
  .array(dimension, { error: 'expected a list of dimensions / 应为维度列表' })
  .max(50, 'at most 50 dimensions / 最多 50 个维度');
const weights = z.record(word, nonNeg, { error: 'expected dimension: weight pairs / 应为「维度: 权重」' });
const lineMatch = z
  .strictObject(
    {
      tags: wordList.optional(),
      industry: wordList.optional(),
      region: wordList.optional(),
      source: wordList.optional(),
    },
    {
      error:
        'a business line needs `match`: the lead fields that put a lead in it (industry, tags, region, source) / 业务线需要 match：按哪些线索字段（industry、tags、region、source）归入该业务线',
    },
  )
  .refine((m) => Object.values(m).some((v) => v !== undefined && v.length > 0), {
    error:
      'a business line needs `match` on at least one of industry, tags, region, source / 业务线至少要按 industry、tags、region、source 之一匹配线索',
  });

export const scoringSchema = z
  .strictObject({
    industries: z.record(z.string(), nonNeg, { error: 'expected industry: points pairs' }),
    otherIndustryPoints: nonNeg,
    budgetBands: bands,
    contactFrequency: z.strictObject({ calls: count, withinDays: positive, points: nonNeg }),
    completeness: z.strictObject({ fields: completenessFields, points: nonNeg }),
    dimensions,
    weights,
    highScore: nonNeg,
    industrySynonyms: z.record(word, wordList, {
      error: 'expected industry: [words] pairs / 应为「行业: [同义词]」',
    }),
    lines: z.record(
      word,
      z.strictObject(
        {
          match: lineMatch,
          industries: pointsTable.optional(),
          otherIndustryPoints: nonNeg.optional(),
          budgetBands: bands.optional(),
          contactFrequency: z
            .strictObject({
              calls: count.optional(),
              withinDays: positive.optional(),
              points: nonNeg.optional(),
            })
            .optional(),
          completeness: z
            .strictObject({ fields: completenessFields.optional(), points: nonNeg.optional() })
            .optional(),
          dimensions: dimensions.optional(),
          weights: weights.optional(),
        },
        {
          error:
            'expected a business line: match and the settings it changes / 应为业务线：match 及其调整的评分设置',
        },
      ),
      { error: 'expected pipeline id: line settings / 应为「业务线 id: 评分设置」' },
    ),
  })
  .superRefine((s, ctx) => {
    const check = (own: FieldDimension[], w: Record<string, number>, path: Array<string | number>) => {
      const names = [...BUILT_IN, ...s.dimensions.map((d) => d.name), ...own.map((d) => d.name)];
      own.forEach((d, i) => {
        if (own.findIndex((o) => o.name === d.name) !== i)
          ctx.addIssue({
            code: 'custom',
            path: [...path, 'dimensions', i, 'name'],
            message: `"${d.name}" is declared twice / 「${d.name}」重复声明`,
          });
      });
      for (const key of Object.keys(w))
        if (!names.includes(key))
          ctx.addIssue({
            code: 'custom',
            path: [...path, 'weights', key],
            message: `"${key}" is no scoring dimension: expected ${names.join(', ')} / 「${key}」不是评分维度，可用：${names.join('、')}`,
          });
    };
    check(s.dimensions, s.weights, []);
    for (const [id, line] of Object.entries(s.lines))
      check(line.dimensions ?? [], line.weights ?? {}, ['lines', id]);
  });

/** Each business line must be one of the pipelines (deals.pipelines[].id); called on the whole rules file. */
export function checkScoringLines(
  rules: { scoring: { lines: Record<string, unknown> }; deals: { pipelines: Array<{ id: string }> } },
  ctx: z.RefinementCtx,
): void {
  const ids = rules.deals.pipelines.map((p) => p.id);
  for (const id of Object.keys(rules.scoring.lines))
    if (!ids.includes(id))
      ctx.addIssue({
        code: 'custom',
        path: ['scoring', 'lines', id],
        message: `"${id}" is not a business line: expected a pipeline id from deals.pipelines (${ids.join(', ')}) / 「${id}」不是业务线，应为 deals.pipelines 中的 id（${ids.join('、')}）`,
      });
}
