import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** A claimed lead being worked towards a contract (F10–F17): one deal per lead. */
export const deals = sqliteTable(
  'deals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    leadId: integer('lead_id').notNull().unique(),
    customer: text('customer').notNull(),
    amount: real('amount').notNull(),
    yearlyValue: real('yearly_value').notNull(),
    tier: text('tier').notNull(),
    pipeline: text('pipeline').notNull(),
    stage: text('stage').notNull(),
    stageEnteredAt: integer('stage_entered_at').notNull(),
    stageDueAt: integer('stage_due_at').notNull(),
    ownerId: text('owner_id').notNull(),
    status: text('status').notNull(),
    expectedCloseAt: integer('expected_close_at'),
    /** Where the expected close date came from: `given` (the rep) or `default` (the pipeline's cycle). */
    expectedCloseSource: text('expected_close_source'),
    doubtful: integer('doubtful').notNull().default(0),
    health: text('health').notNull().default('green'),
    /** Set when the stall alert for the current stage went out; cleared when the stage changes. */
    stallAlertedAt: integer('stall_alerted_at'),
    createdAt: integer('created_at').notNull(),
    closedAt: integer('closed_at'),
  },
  (t) => [
    index('deals_owner_idx').on(t.ownerId, t.status),
    index('deals_stall_idx').on(t.status, t.stallAlertedAt, t.stageDueAt),
  ],
);

/** What was shown to pass a stage (F11): notes, links, photos and files (files themselves live on disk). */
export const dealEvidence = sqliteTable(
  'deal_evidence',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    dealId: integer('deal_id').notNull(),
    stage: text('stage').notNull(),
    requirement: text('requirement').notNull(),
    kind: text('kind').notNull(),
    text: text('text').notNull(),
    fileName: text('file_name'),
    mime: text('mime'),
    size: integer('size'),
    pages: integer('pages'),
    sha256: text('sha256'),
    /** An image's 64-bit perceptual hash (16 hex digits), as report photos have: reuse is checked both ways. */
    phash: text('phash'),
    at: integer('at').notNull(),
    addedBy: text('added_by').notNull(),
  },
  (t) => [index('deal_evidence_deal_idx').on(t.dealId, t.stage), index('deal_evidence_at_idx').on(t.at)],
);

/**
 * Things someone must do by a time, chased and escalated by the sweep: stall analyses (F15), later SOP
 * tasks (F19), cross-team requests (F18) and hand-over acknowledgements (F20).
 */
export const dealTasks = sqliteTable(
  'deal_tasks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    dealId: integer('deal_id').notNull(),
    kind: text('kind').notNull(),
    stage: text('stage').notNull(),
    assigneeId: text('assignee_id').notNull(),
    /** Who asked (a cross-team request's rep); null for tasks the system set. */
    requesterId: text('requester_id'),
    title: text('title').notNull(),
    dueAt: integer('due_at').notNull(),
    /** When to remind the assignee before the due time; null: no reminder. */
    remindAt: integer('remind_at'),
    remindedAt: integer('reminded_at'),
    escalatedAt: integer('escalated_at'),
    doneAt: integer('done_at'),
    data: text('data').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('deal_tasks_due_idx').on(t.doneAt, t.escalatedAt, t.dueAt),
    index('deal_tasks_deal_idx').on(t.dealId, t.kind),
    index('deal_tasks_remind_idx').on(t.doneAt, t.remindedAt, t.remindAt),
  ],
);

/** The decision chain (F14): key people of a deal, their title, concern and influence. */
export const dealPeople = sqliteTable(
  'deal_people',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    dealId: integer('deal_id').notNull(),
    name: text('name').notNull(),
    title: text('title').notNull(),
    concern: text('concern').notNull(),
    /** Influence weight, 0–100. */
    influence: integer('influence').notNull(),
    /** active, or left (moved jobs, no longer involved). */
    status: text('status').notNull(),
    lastContactAt: integer('last_contact_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('deal_people_deal_idx').on(t.dealId),
    // The sweep's silent deals: each deal's last contact from its active people alone, never from the deals.
    index('deal_people_active_idx')
      .on(t.dealId, t.lastContactAt, t.createdAt)
      .where(sql`${t.status} = 'active'`),
  ],
);
