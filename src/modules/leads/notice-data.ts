// The data of the lead notices (outbox templates `lead.*`), as zod schemas: the use cases that queue them and
// the renderers in ./notices.ts share these types, and the outbox checks each payload against them when it is
// written. No cards here, so a use case may import this file.
import { z } from 'zod';

const about = z.object({ leadId: z.number(), dueAt: z.number() });
const pooled = z.object({
  leadId: z.number(),
  company: z.string(),
  urgentReason: z.string().nullish(),
});

export const LEAD_NOTICE_DATA = {
  'lead.offered': z.object({
    leadId: z.number(),
    company: z.string(),
    score: z.number(),
    urgent: z.boolean(),
    urgentReason: z.string().nullable(),
    expiresAt: z.number(),
  }),
  'lead.pooled': pooled,
  'lead.urgent_in_pool': pooled,
  'lead.offer_expiring': about,
  'lead.follow_up_due': about,
  'lead.offer_lapsed': about,
  'lead.reverted': about,
  'lead.reverted.manager': about.extend({ ownerId: z.string() }),
  'lead.customer_again': z.object({ leadId: z.number(), company: z.string(), source: z.string() }),
  /** Not a message of its own: the worker turns it into updates of every card sent about the lead. */
  'lead.cards': z.object({ leadId: z.number() }),
} as const;
