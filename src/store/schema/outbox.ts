import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Notices written in the same transaction as the change that caused them; delivered by the outbox worker. */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    createdAt: integer('created_at').notNull(),
    recipientKind: text('recipient_kind').notNull(),
    recipientId: text('recipient_id').notNull(),
    template: text('template').notNull(),
    data: text('data').notNull(),
    leadId: integer('lead_id'),
    status: text('status').notNull(),
    attempts: integer('attempts').notNull(),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    platformRef: text('platform_ref'),
    lastError: text('last_error'),
  },
  (t) => [index('outbox_pending_idx').on(t.status, t.nextAttemptAt)],
);
