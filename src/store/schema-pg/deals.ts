// Mirror of ../schema/deals.ts.
import { sql } from 'drizzle-orm';
import { bigint, bigserial, doublePrecision, index, integer, pgTable, text } from 'drizzle-orm/pg-core';

export const deals = pgTable(
  'deals',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    leadId: bigint('lead_id', { mode: 'number' }).notNull().unique(),
    customer: text('customer').notNull(),
    amount: doublePrecision('amount').notNull(),
    yearlyValue: doublePrecision('yearly_value').notNull(),
    tier: text('tier').notNull(),
    pipeline: text('pipeline').notNull(),
    stage: text('stage').notNull(),
    stageEnteredAt: bigint('stage_entered_at', { mode: 'number' }).notNull(),
    stageDueAt: bigint('stage_due_at', { mode: 'number' }).notNull(),
    ownerId: text('owner_id').notNull(),
    status: text('status').notNull(),
    expectedCloseAt: bigint('expected_close_at', { mode: 'number' }),
    expectedCloseSource: text('expected_close_source'),
    doubtful: integer('doubtful').notNull().default(0),
    health: text('health').notNull().default('green'),
    stallAlertedAt: bigint('stall_alerted_at', { mode: 'number' }),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    closedAt: bigint('closed_at', { mode: 'number' }),
  },
  (t) => [
    index('deals_owner_idx').on(t.ownerId, t.status),
    index('deals_stall_idx').on(t.status, t.stallAlertedAt, t.stageDueAt),
  ],
);

export const dealEvidence = pgTable(
  'deal_evidence',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    dealId: bigint('deal_id', { mode: 'number' }).notNull(),
    stage: text('stage').notNull(),
    requirement: text('requirement').notNull(),
    kind: text('kind').notNull(),
    text: text('text').notNull(),
    fileName: text('file_name'),
    mime: text('mime'),
    size: bigint('size', { mode: 'number' }),
    pages: integer('pages'),
    sha256: text('sha256'),
    /** An image's 64-bit perceptual hash (16 hex digits), as report photos have: reuse is checked both ways. */
    phash: text('phash'),
    at: bigint('at', { mode: 'number' }).notNull(),
    addedBy: text('added_by').notNull(),
  },
  (t) => [index('deal_evidence_deal_idx').on(t.dealId, t.stage), index('deal_evidence_at_idx').on(t.at)],
);

export const dealTasks = pgTable(
  'deal_tasks',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    dealId: bigint('deal_id', { mode: 'number' }).notNull(),
    kind: text('kind').notNull(),
    stage: text('stage').notNull(),
    assigneeId: text('assignee_id').notNull(),
    /** Who asked (a cross-team request's rep); null for tasks the system set. */
    requesterId: text('requester_id'),
    title: text('title').notNull(),
    dueAt: bigint('due_at', { mode: 'number' }).notNull(),
    /** When to remind the assignee before the due time; null: no reminder. */
    remindAt: bigint('remind_at', { mode: 'number' }),
    remindedAt: bigint('reminded_at', { mode: 'number' }),
    escalatedAt: bigint('escalated_at', { mode: 'number' }),
    doneAt: bigint('done_at', { mode: 'number' }),
    data: text('data').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [
    index('deal_tasks_due_idx').on(t.doneAt, t.escalatedAt, t.dueAt),
    index('deal_tasks_deal_idx').on(t.dealId, t.kind),
    index('deal_tasks_remind_idx').on(t.doneAt, t.remindedAt, t.remindAt),
  ],
);

/** The decision chain (F14): key people of a deal, their title, concern and influence. */
export const dealPeople = pgTable(
  'deal_people',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    dealId: bigint('deal_id', { mode: 'number' }).notNull(),
    name: text('name').notNull(),
    title: text('title').notNull(),
    concern: text('concern').notNull(),
    /** Influence weight, 0–100. */
    influence: integer('influence').notNull(),
    /** active, or left (moved jobs, no longer involved). */
    status: text('status').notNull(),
    lastContactAt: bigint('last_contact_at', { mode: 'number' }),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [
    index('deal_people_deal_idx').on(t.dealId),
    // The sweep's silent deals: each deal's last contact from its active people alone, never from the deals.
    index('deal_people_active_idx')
      .on(t.dealId, t.lastContactAt, t.createdAt)
      .where(sql`${t.status} = 'active'`),
  ],
);
