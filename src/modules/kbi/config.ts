// The kbi section of the rules file (F21–F27), validated with the same error style as the rest.
import { z } from 'zod';
import { nonNeg, positive } from '../config-numbers.ts';
import { KBI_EVENT_TYPES, type KbiRules } from './rules/kbi-rules.ts';

const str = z.string({ error: 'expected text' }).min(1, 'expected text');
const strList = z.array(str, { error: 'expected a list of text' });
const share = z
  .number({ error: 'expected a share between 0 and 1' })
  .min(0, 'expected a share between 0 and 1')
  .max(1, 'expected a share between 0 and 1');
const wholeAtLeast1 = z
  .number({ error: 'expected a whole number ≥ 1' })
  .int('expected a whole number ≥ 1')
  .min(1, 'expected a whole number ≥ 1');
const eventMatch = z.strictObject({
  type: z.enum(KBI_EVENT_TYPES, { error: `expected one of ${KBI_EVENT_TYPES.join(', ')}` }),
  where: z.record(str, strList, { error: 'expected field: [values] pairs' }).optional(),
});
const tier = z.strictObject({ weight: share, deepVisitsPerMonth: nonNeg });
const warningTier = z.strictObject({ below: share, days: wholeAtLeast1 });

const timeOfDay = z
  .string({ error: 'expected a time of day such as 09:00' })
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time of day such as 09:00');

export const kbiRulesSchema = z.strictObject({
  indicators: z
    .array(
      z.strictObject({
        id: str,
        label: z.strictObject({ 'zh-CN': str, en: str }),
        trigger: eventMatch,
        expected: z
          .array(eventMatch, { error: 'expected a list of events' })
          .min(1, 'expected at least one event'),
        limitHours: z
          .number({ error: 'expected a number of hours > 0' })
          .positive('expected a number of hours > 0'),
        points: nonNeg,
      }),
      { error: 'expected a list of indicators' },
    )
    .refine((list) => new Set(list.map((k) => k.id)).size === list.length, 'two indicators share an id'),
  evaluateAt: z
    .string({ error: 'expected a time of day such as 18:00' })
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time of day such as 18:00'),
  warnings: z
    .strictObject({
      green: warningTier,
      yellow: warningTier,
      red: warningTier,
      dueSoonHours: nonNeg,
      reviewMinutes: positive,
      review: z
        .strictObject({ from: timeOfDay, to: timeOfDay, leadMinutes: nonNeg, gapHours: nonNeg })
        .refine((r) => r.from < r.to, 'expected from before to, e.g. 09:00 and 18:00'),
    })
    .refine((w) => w.green.below >= w.yellow.below && w.yellow.below >= w.red.below, {
      message: 'expected green.below ≥ yellow.below ≥ red.below',
    }),
  targets: z.strictObject({
    offPaceShare: share,
    watchShare: share,
    tiers: z
      .strictObject({ A: tier, B: tier, C: tier })
      .refine(
        (t) => Math.abs(t.A.weight + t.B.weight + t.C.weight - 1) < 1e-9,
        'the tier weights must add up to 1',
      ),
    processKpiWeight: z
      .number({ error: 'expected a share between 0.3 and 1' })
      .min(0.3, 'expected a share between 0.3 and 1 (process KPIs weigh at least 30 %)')
      .max(1, 'expected a share between 0.3 and 1'),
  }),
  forecast: z.strictObject({ priorStrength: nonNeg }),
  funnel: z.strictObject({ lookbackMonths: wholeAtLeast1 }),
  attribution: z.strictObject({
    minSample: z
      .number({ error: 'expected a whole number ≥ 3' })
      .int('expected a whole number ≥ 3')
      .min(3, 'expected a whole number ≥ 3'),
  }),
  rewards: z
    .array(
      z.strictObject({
        id: z.string({ error: 'expected an id' }).regex(/^[A-Za-z][\w-]{0,39}$/, 'expected an id of letters'),
        name: z.strictObject({ 'zh-CN': str, en: str }),
        cost: wholeAtLeast1,
      }),
      { error: 'expected a list of rewards' },
    )
    .refine((list) => new Set(list.map((r) => r.id)).size === list.length, 'two rewards share an id'),
  winAnnouncement: z.strictObject({
    enabled: z.boolean({ error: 'expected true or false' }),
    minAmount: nonNeg,
  }),
}) satisfies z.ZodType<KbiRules>;
