// The patrol's notices (issue 21): a page of a team's morning patrol, and a manager's nudge to a rep.
import { z } from 'zod';
import { URGENCY, type PatrolItem, type PatrolReason } from './rules/patrol.ts';

const reason = z.object({
  code: z.enum(URGENCY as unknown as [PatrolReason['code'], ...Array<PatrolReason['code']>]),
  count: z.number().optional(),
  date: z.string().optional(),
  at: z.number().optional(),
  what: z.string().optional(),
}) satisfies z.ZodType<PatrolReason>;

const item = z.object({
  key: z.string(),
  kind: z.enum(['deal', 'rep', 'report', 'lead', 'night']),
  repId: z.string().nullable(),
  subject: z.string(),
  dealId: z.number().nullable(),
  leadId: z.number().nullable(),
  warningId: z.number().nullable(),
  amount: z.number(),
  reasons: z.array(reason),
  fingerprint: z.string(),
}) satisfies z.ZodType<PatrolItem>;

export const PATROL_NOTICE_DATA = {
  'patrol.card': z.object({
    /** The team's name, or null for a rep's own to-do. */
    team: z.string().nullable(),
    /** The last working day, whose reports are looked at. */
    date: z.string(),
    /** The items on this page, and where the page starts in the whole list (its numbering). */
    items: z.array(item),
    first: z.number(),
    total: z.number(),
    page: z.number(),
    pages: z.number(),
    /** The reader may nudge and acknowledge (a manager), or only open (a rep's own to-do). */
    manage: z.boolean(),
  }),
  'patrol.nudge': z.object({
    managerId: z.string(),
    subject: z.string(),
    reasons: z.array(reason),
    dealId: z.number().nullable(),
  }),
} as const;
