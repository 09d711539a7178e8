import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Platform callbacks already acted on (WeCom MsgId, DingTalk msgId, …). Platforms redeliver what they did not
 * see answered in time; the unique key makes the first instance to record it the only one that acts.
 */
export const inboundEvents = sqliteTable(
  'inbound_events',
  {
    platform: text('platform').notNull(),
    key: text('key').notNull(),
    seenAt: integer('seen_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.key] })],
);

/**
 * Platform messages kept until acted on: DingTalk's Stream mode sends a robot message once and never again
 * ("fire-and-forget"), so it is stored here before its frame is acknowledged, and tried again (at `next_at`) until
 * it has been acted on or has failed too often. Rows are deleted once done.
 */
export const inboundPending = sqliteTable(
  'inbound_pending',
  {
    platform: text('platform').notNull(),
    key: text('key').notNull(),
    /** The message as it came (JSON). */
    body: text('body').notNull(),
    receivedAt: integer('received_at').notNull(),
    /** Not tried again before this time (epoch ms): also the lease of the instance trying it now. */
    nextAt: integer('next_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
  },
  (t) => [
    primaryKey({ columns: [t.platform, t.key] }),
    index('inbound_pending_due').on(t.platform, t.nextAt),
  ],
);
