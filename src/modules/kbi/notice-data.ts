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
});

export const KBI_NOTICE_DATA = {
  'kbi.warning': warning,
  'kbi.warning.manager': warning,
} as const;
