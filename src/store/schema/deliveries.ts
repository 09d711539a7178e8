import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * One message to one address on one platform, fanned out from an outbox notice by the worker: a post, or an
 * update of an earlier post (`target_id`). Delivered in id order per address; `lease_until` lets another
 * instance take over a delivery whose worker died mid-send (after reconciling with the platform).
 */
export const deliveries = sqliteTable(
  'deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    noticeId: integer('notice_id').notNull(),
    platform: text('platform').notNull(),
    addressKind: text('address_kind').notNull(),
    addressId: text('address_id').notNull(),
    /** The person or team the notice was for (the playground inbox reads by these). */
    recipientKind: text('recipient_kind').notNull(),
    recipientId: text('recipient_id').notNull(),
    leadId: integer('lead_id'),
    action: text('action').notNull(),
    targetId: integer('target_id'),
    status: text('status').notNull(),
    attempts: integer('attempts').notNull(),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    leaseUntil: integer('lease_until'),
    /** 1 when a lease expired: ask the platform whether the message went out before sending it again. */
    reconcile: integer('reconcile').notNull(),
    platformRef: text('platform_ref'),
    /** WeCom: the unused response_codes of this card, `code@issuedAtMs` separated by spaces (each updates the card
     * once, within 72 h; adapters/wecom/response-codes.ts). */
    responseCodes: text('response_codes'),
    /** The card as last rendered and sent (JSON). */
    /** What a send got done before it failed, JSON (src/conversation/delivery.ts DeliveryProgress): a chart already
     * shared or its media id, so a retry, even by another instance after a restart, does not upload it again. */
    progress: text('progress'),
    card: text('card'),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
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
