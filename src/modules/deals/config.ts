// The deals section of the rules file (F10–F20), validated with the same error style as the rest.
import { z } from 'zod';
import { nonNeg } from '../config-numbers.ts';
import type { DealRules } from './rules/deal-rules.ts';

const str = z.string({ error: 'expected text' }).min(1, 'expected text');
const strList = z.array(str, { error: 'expected a list of text' });
const isoDay = z
  .string({ error: 'expected a date like 2026-10-01' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date like 2026-10-01');
const share = z
  .number({ error: 'expected a share between 0 and 1' })
  .min(0, 'expected a share between 0 and 1')
  .max(1, 'expected a share between 0 and 1');

const requirement = z.strictObject({
  id: str,
  label: str,
  labelEn: str.optional(),
  kind: z.enum(['note', 'link', 'photo', 'file'], { error: 'expected one of note, link, photo, file' }),
  count: z
    .number({ error: 'expected a whole number ≥ 1' })
    .int('expected a whole number ≥ 1')
    .min(1, 'expected a whole number ≥ 1'),
  namedFile: z.boolean({ error: 'expected true or false' }).optional(),
  minPages: z
    .number({ error: 'expected a whole number ≥ 1' })
    .int('expected a whole number ≥ 1')
    .min(1, 'expected a whole number ≥ 1')
    .optional(),
});

const stage = z.strictObject({
  id: str,
  name: str,
  nameEn: str.optional(),
  limitDays: z
    .number({ error: 'expected a number of working days > 0' })
    .positive('expected a number of working days > 0'),
  probability: share,
  evidence: z.array(requirement, { error: 'expected a list of evidence' }),
  checklist: strList,
  sop: z.array(
    z.strictObject({
      id: str,
      action: str,
      actionEn: str.optional(),
      hours: z.number({ error: 'expected a number of hours > 0' }).positive('expected a number of hours > 0'),
    }),
    { error: 'expected a list of actions' },
  ),
});

const pipeline = z
  .strictObject({
    id: str,
    name: str,
    nameEn: str.optional(),
    stages: z.array(stage, { error: 'expected a list of stages' }).min(2, 'expected at least two stages'),
    journey: z
      .strictObject({
        needs: str.optional(),
        demo: str.optional(),
        poc: str.optional(),
        negotiation: str.optional(),
        contract: str.optional(),
      })
      .optional(),
  })
  .refine((p) => new Set(p.stages.map((s) => s.id)).size === p.stages.length, 'two stages share an id')
  .superRefine((p, ctx) => {
    for (const [node, stageId] of Object.entries(p.journey ?? {}))
      if (!p.stages.some((s) => s.id === stageId))
        ctx.addIssue({
          code: 'custom',
          path: ['journey', node],
          message: `no stage \`${String(stageId)}\` in this pipeline (stages: ${p.stages.map((s) => s.id).join(', ')})`,
        });
  });

export const dealRulesSchema = z
  .strictObject({
    tiers: z
      .strictObject({ a: nonNeg, b: nonNeg })
      .refine((t) => t.a >= t.b, 'tier `a` must be at least `b`'),
    defaultPipeline: str,
    pipelines: z
      .array(pipeline, { error: 'expected a list of pipelines' })
      .min(1, 'expected at least one pipeline'),
    calendar: z.strictObject({
      weekend: z.array(
        z.number({ error: 'expected weekdays 1–7 (6 = Saturday, 7 = Sunday)' }).int().min(1).max(7),
        { error: 'expected a list of weekdays 1–7' },
      ),
      holidays: z.array(isoDay, { error: 'expected a list of dates' }),
      workdays: z.array(isoDay, { error: 'expected a list of dates' }),
    }),
    stall: z.strictObject({ analysisEscalateHours: nonNeg }),
    requests: z.strictObject({
      slaHours: z
        .number({ error: 'expected a number of hours > 0' })
        .positive('expected a number of hours > 0'),
      remindBeforeHours: nonNeg,
      holdingMessage: str,
      holdingMessageEn: str,
    }),
    handover: z.strictObject({
      roles: strList,
      ackHours: z
        .number({ error: 'expected a number of hours > 0' })
        .positive('expected a number of hours > 0'),
    }),
    health: z.strictObject({
      silentDays: z
        .number({ error: 'expected a number of days > 0' })
        .positive('expected a number of days > 0'),
    }),
    negations: strList,
    riskSignals: z.array(
      z.strictObject({
        id: str,
        phrases: strList.min(1, 'expected at least one phrase'),
        response: str,
        responseEn: str.optional(),
      }),
      { error: 'expected a list of risk signals' },
    ),
    journeyTargets: z.strictObject({ nodes: share, sla: share, riskFlags: share }),
    weeklyDigest: z.strictObject({
      enabled: z.boolean({ error: 'expected true or false' }),
      weekday: z
        .number({ error: 'expected a weekday 1–7 (1 = Monday)' })
        .int('expected a weekday 1–7 (1 = Monday)')
        .min(1, 'expected a weekday 1–7 (1 = Monday)')
        .max(7, 'expected a weekday 1–7 (1 = Monday)'),
      at: z
        .string({ error: 'expected a time of day such as 09:00' })
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time of day such as 09:00'),
    }),
  })
  .refine((d) => d.pipelines.some((p) => p.id === d.defaultPipeline), {
    message: 'defaultPipeline must name one of the pipelines',
    path: ['defaultPipeline'],
  }) satisfies z.ZodType<DealRules>;
