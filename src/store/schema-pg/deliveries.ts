import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, pgTable, text } from 'drizzle-orm/pg-core';

/** Mirror of ../schema/deliveries.ts. */
export const deliveries = pgTable(
  'deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    noticeId: bigint('notice_id', { mode: 'number' }).notNull(),
    platform: text('platform').notNull(),
    addressKind: text('address_kind').notNull(),
    addressId: text('address_id').notNull(),
    recipientKind: text('recipient_kind').notNull(),
    recipientId: text('recipient_id').notNull(),
    leadId: bigint('lead_id', { mode: 'number' }),
    action: text('action').notNull(),
    targetId: bigint('target_id', { mode: 'number' }),
    status: text('status').notNull(),
    attempts: integer('attempts').notNull(),
    nextAttemptAt: bigint('next_attempt_at', { mode: 'number' }).notNull(),
    leaseUntil: bigint('lease_until', { mode: 'number' }),
    reconcile: integer('reconcile').notNull(),
    platformRef: text('platform_ref'),
    responseCodes: text('response_codes'),
    progress: text('progress'),
    card: text('card'),
    lastError: text('last_error'),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    sentAt: bigint('sent_at', { mode: 'number' }),
  },
  (t) => [
    index('deliveries_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
    index('deliveries_address_idx')
      .on(t.platform, t.addressId, t.id)
      .where(sql`${t.status} in ('pending', 'sending')`),
    index('deliveries_lease_idx')
      .on(t.leaseUntil)
      .where(sql`${t.status} = 'sending'`),
    index('deliveries_lead_posts_idx')
      .on(t.leadId)
      .where(sql`${t.action} = 'post' and ${t.status} = 'sent'`),
    index('deliveries_recipient_idx').on(t.platform, t.recipientKind, t.recipientId, t.id),
  ],
);
