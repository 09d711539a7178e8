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
  /** Issue 24 item 8: a WeCom customer contact linked to the rep's lead by its remark phone (`reason`). */
  'lead.contact_linked': z.object({
    leadId: z.number(),
    name: z.string(),
    reason: z.string(),
    /** The phone's first digits, "138…", as the reader sees it. */
    phone: z.string(),
  }),
  /** A rep added a customer whose phone is on another rep's lead: to the adder, the owner and their managers. */
  'lead.contact_elsewhere': z.object({
    leadId: z.number(),
    name: z.string(),
    adderId: z.string(),
    ownerId: z.string(),
    reason: z.string(),
    phone: z.string(),
    /** Who this copy is for: each reads their part. */
    part: z.enum(['adder', 'owner', 'manager']),
  }),
  /** No lead matched: the rep's recent open leads, each a button linking the contact to it. */
  'lead.contact_unlinked': z.object({
    externalUserId: z.string(),
    name: z.string(),
    reason: z.string(),
    /** The remark's phones, first digits only ("138…"); none when the remark had none. */
    phones: z.array(z.string()),
    leads: z.array(z.object({ id: z.number(), company: z.string() })),
  }),
  /** Not a message of its own: the worker turns it into updates of every card sent about the lead. */
  'lead.cards': z.object({ leadId: z.number() }),
} as const;
