import { bigint, bigserial, index, integer, pgTable, text } from 'drizzle-orm/pg-core';

/** Notices written in the same transaction as the change that caused them; delivered by the outbox worker. */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    recipientKind: text('recipient_kind').notNull(),
    recipientId: text('recipient_id').notNull(),
    template: text('template').notNull(),
    data: text('data').notNull(),
    leadId: bigint('lead_id', { mode: 'number' }),
    status: text('status').notNull(),
    attempts: integer('attempts').notNull(),
    nextAttemptAt: bigint('next_attempt_at', { mode: 'number' }).notNull(),
    platformRef: text('platform_ref'),
    lastError: text('last_error'),
  },
  (t) => [index('outbox_pending_idx').on(t.status, t.nextAttemptAt)],
);
