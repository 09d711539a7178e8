// The data of the KBI warning notices: the engine's WarningView (kbi-facts.ts), as JSON. See
// leads/notice-data.ts for why the schemas live apart from the renderers.
import { z } from 'zod';

const item = z.object({
  kbiId: z.string(),
  kbi: z.object({ 'zh-CN': z.string(), en: z.string() }),
  leadId: z.number().nullable(),
  dealId: z.number().nullable(),
  company: z.string(),
  deadline: z.number(),
  triggerAt: z.number().optional(),
  lateAt: z.number().nullish(),
});

const warning = z.object({
  warningId: z.number(),
  repId: z.string(),
  managerId: z.string().nullable(),
  day: z.string(),
  tier: z.enum(['green', 'yellow', 'red']),
  rate: z.number(),
  below: z.number(),
  days: z.number(),
  run: z.array(z.object({ day: z.string(), rate: z.number() })),
  reviewMinutes: z.number().nullable(),
  todo: z.array(item),
  deviations: z.array(item),
  sentAt: z.number(),
  acknowledgedAt: z.number().nullable(),
  managerAcknowledgedAt: z.number().nullable(),
  /** Red, to the manager: the two review slots to accept (F22). */
  reviewSlots: z.array(z.number()).optional(),
});

const localized = z.object({ 'zh-CN': z.string(), en: z.string() });

export const KBI_NOTICE_DATA = {
  'kbi.warning': warning,
  'kbi.warning.manager': warning,
  /** F23: the day's points, to the rep (at most one a day: the day's evaluation writes them once). */
  'kbi.points': z.object({
    repId: z.string(),
    day: z.string(),
    entries: z.array(
      z.object({ kbi: localized, points: z.number(), leadId: z.number().nullable(), company: z.string() }),
    ),
    total: z.number(),
    balance: z.number(),
  }),
  'kbi.review.booked': z.object({
    warningId: z.number(),
    repId: z.string(),
    managerId: z.string(),
    day: z.string(),
    at: z.number(),
    minutes: z.number(),
  }),
  'kbi.reward.request': z.object({
    requestId: z.number(),
    repId: z.string(),
    reward: localized,
    cost: z.number(),
    balance: z.number(),
  }),
  'kbi.reward.decided': z.object({
    requestId: z.number(),
    repId: z.string(),
    reward: localized,
    cost: z.number(),
    outcome: z.enum(['approved', 'declined', 'insufficient']),
    note: z.string(),
    balance: z.number(),
  }),
} as const;
