import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

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
