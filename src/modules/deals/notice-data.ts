// The data of the deal notices (outbox templates `deal.*`): what each card needs (customer, stage names, the
// checklist, the suggested response), written when the notice is queued. See leads/notice-data.ts for why the
// schemas live apart from the renderers.
import { RISK_SOURCES } from '../../kernel/events.ts';
import { z } from 'zod';

const deal = { dealId: z.number(), customer: z.string() };
const kpChange = z.object({
  field: z.enum(['title', 'influence', 'concern', 'status']),
  from: z.string(),
  to: z.string(),
});

const risk = z.object({
  ...deal,
  signal: z.string(),
  phrase: z.string(),
  excerpt: z.string(),
  response: z.string(),
  responseEn: z.string().optional(),
  /** Which text the phrase was found in, and who wrote it (issue 25 item 11; absent on older notices). */
  source: z.enum(RISK_SOURCES).optional(),
  sourceRef: z.string().optional(),
  writer: z.string().optional(),
  /** How the past deals with this signal ended when it was raised (issue 24 item 5; absent on older notices). */
  past: z
    .object({
      total: z.number(),
      won: z.number(),
      lost: z.number(),
      wonAmount: z.number(),
      lostAmount: z.number(),
      recent: z.array(
        z.object({
          dealId: z.number(),
          customer: z.string(),
          status: z.enum(['won', 'lost']),
          amount: z.number(),
        }),
      ),
    })
    .optional(),
});

const stalled = z.object({
  ...deal,
  taskId: z.number(),
  ownerId: z.string(),
  stage: z.string(),
  stageEn: z.string().optional(),
  limitDays: z.number().nullable(),
  enteredAt: z.number(),
  checklist: z.array(z.string()),
  analysisDueAt: z.number(),
});

const stallTask = z.object({ ...deal, taskId: z.number(), ownerId: z.string(), dueAt: z.number() });

const escalated = z.object({
  ...deal,
  taskId: z.number(),
  assigneeId: z.string(),
  requesterId: z.string().nullable(),
  text: z.string(),
  askedAt: z.number(),
  dueAt: z.number(),
});

// An SOP action's or hand-over's own task data rides along (action, actionEn, role), as the task keeps it.
const overdue = z.looseObject({
  ...deal,
  taskId: z.number(),
  assigneeId: z.string(),
  title: z.string(),
  dueAt: z.number(),
  kind: z.enum(['sop', 'handover']),
  actionEn: z.string().optional(),
});

export const DEAL_NOTICE_DATA = {
  'deal.risk': risk,
  'deal.risk.manager': risk.extend({ ownerId: z.string() }),
  'deal.skipped': z.object({
    ...deal,
    ownerId: z.string(),
    skipped: z.array(z.string()),
    to: z.string(),
    reason: z.string(),
    /** The skipped stages' evidence never given, per stage (issue 25); absent in notices queued before. */
    missing: z
      .array(
        z.object({
          stage: z.string(),
          stageEn: z.string(),
          items: z.array(z.string()),
          itemsEn: z.array(z.string()),
        }),
      )
      .optional(),
  }),
  'deal.stalled': stalled,
  'deal.stalled.manager': stalled,
  'deal.stall_escalated': stallTask,
  'deal.stall_overdue': stallTask,
  'deal.stall_analysis': z.object({
    ...deal,
    ownerId: z.string(),
    late: z.boolean(),
    news: z.string(),
    pending: z.string(),
    way: z.string(),
  }),
  'deal.request': z.object({
    ...deal,
    taskId: z.number(),
    ownerId: z.string(),
    text: z.string(),
    dueAt: z.number(),
  }),
  'deal.request_reminder': z.object({ ...deal, taskId: z.number(), text: z.string(), dueAt: z.number() }),
  'deal.request_answered': z.object({
    ...deal,
    taskId: z.number(),
    by: z.string(),
    question: z.string(),
    answer: z.string(),
    late: z.boolean(),
  }),
  'deal.request_escalated': escalated,
  'deal.request_holding': escalated.extend({
    team: z.string(),
    promiseBy: z.number(),
    holding: z.string(),
    holdingEn: z.string().optional(),
  }),
  'deal.handover': z.object({
    ...deal,
    amount: z.number(),
    ownerId: z.string(),
    scope: z.string(),
    contacts: z.array(z.string()),
    promises: z.array(z.string()),
    signedAt: z.number(),
    expectedCloseAt: z.number().nullable(),
    taskId: z.number(),
    dueAt: z.number(),
  }),
  'deal.handover_acked': z.object({ ...deal, by: z.string(), taskId: z.number() }),
  'deal.task_overdue': overdue,
  'deal.task_overdue.manager': overdue,
  'deal.kp_changed': z.object({
    ...deal,
    ownerId: z.string(),
    name: z.string(),
    changes: z.array(z.string()),
    diff: z.array(kpChange).optional(),
  }),
  'deal.health': z.object({
    ...deal,
    ownerId: z.string(),
    from: z.enum(['green', 'yellow', 'red']),
    to: z.enum(['green', 'yellow', 'red']),
    reason: z.string(),
    evidence: z.string(),
    detail: z.object({ name: z.string(), diff: z.array(kpChange) }).optional(),
  }),
  'deal.won.announce': z.object({
    ...deal,
    ownerId: z.string(),
    industry: z.string(),
    need: z.string(),
    amount: z.number(),
    tier: z.string(),
    pipeline: z.string(),
    pipelineEn: z.string().optional(),
  }),
} as const;
