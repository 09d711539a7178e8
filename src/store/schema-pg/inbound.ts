import { bigint, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/** Mirror of ../schema/inbound.ts. */
export const inboundEvents = pgTable(
  'inbound_events',
  {
    platform: text('platform').notNull(),
    key: text('key').notNull(),
    seenAt: bigint('seen_at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.key] })],
);
